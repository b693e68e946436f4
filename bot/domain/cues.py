"""Item-writing cues: what lets a reader find the key without reading the situation.

A multiple-choice item measures judgement only if the situation decides the answer. The NBME item-writing
guide's "cover the options" rule and Haladyna, Downing & Rodriguez (2002) name the cues that let a
test-wise reader pick the key from the options alone: the key longer than the rest, absolute words or
self-justifying clauses only in distractors, the key echoing labels the reader can see, one phrase that
always marks the key, "all/none of the above", and the key repeating the stem. This module finds them.

Everything here is pure and deterministic. `item_cues` gives per-item advice (warnings, never refusals);
`library_cues` measures a whole library against the thresholds below, including the *mechanical
strategy* (drop options with absolute words or justifications, then pick the one echoing the step and
dimension labels), which scores 25% on a library whose options give nothing away.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bot.domain.model import Catalog, Item

# --- thresholds (documented in README "Writing items that measure") ---------------------------------------

# The keyed choice is flagged when it is the longest option and this much longer than the distractors' mean.
LONG_KEY_RATIO = 1.25
# Absolute words or justifications are a cue when at least this many distractors carry them and the key does not.
CUE_DISTRACTORS = 2
# A phrase is a keyed formula when it marks the key in at least this many items...
FORMULA_MIN_KEYS = 3
# ...and is in keyed choices more than this many times as often as in distractors' items.
FORMULA_KEY_TO_DISTRACTOR = 2
# Library targets (each language): the key is the longest option in at most this share of items...
MAX_KEY_LONGEST_SHARE = Fraction(30, 100)
# ...and the mechanical strategy scores at most this much above chance (25% for four choices: at most 30%).
MAX_MECHANICAL_OVER_CHANCE = Fraction(5, 100)
# An option repeats the stem when it shares a run of this many words with the question that no other option has.
STEM_RUN = 4

ABSOLUTE_WORDS: Mapping[str, frozenset[str]] = {
    "es": frozenset(
        [
            "siempre",
            "nunca",
            "jamas",
            "todo",
            "toda",
            "todos",
            "todas",
            "nada",
            "nadie",
            "ningun",
            "ninguno",
            "ninguna",
            "solo",
            "solamente",
            "unicamente",
            "cualquier",
            "cualquiera",
            "totalmente",
            "completamente",
            "absolutamente",
        ]
    ),
    "en": frozenset(
        [
            "always",
            "never",
            "ever",
            "all",
            "every",
            "everything",
            "everyone",
            "everybody",
            "nothing",
            "nobody",
            "none",
            "only",
            "entirely",
            "completely",
            "totally",
            "absolutely",
            "whatever",
        ]
    ),
}
# Clauses that argue for the option inside the option ("…, because…", "…so that…").
JUSTIFICATIONS: Mapping[str, re.Pattern[str]] = {
    "es": re.compile(r"\b(?:porque|para que|ya que|puesto que|de modo que|de manera que|asi (?:no|se|el|la|lo|le))\b"),
    "en": re.compile(r"\b(?:because|so that|since|that way|in order to|so (?:they|she|he|it|you|we|the))\b"),
}
ALL_OR_NONE: Mapping[str, re.Pattern[str]] = {
    "es": re.compile(r"\b(?:todas las anteriores|ninguna de las anteriores|todas las opciones|ambas|a y b)\b"),
    "en": re.compile(r"\b(?:all of the above|none of the above|both of the above|a and b|all the above)\b"),
}
STOPWORDS: Mapping[str, frozenset[str]] = {
    "es": frozenset(
        [
            "a",
            "al",
            "algo",
            "ante",
            "antes",
            "aqui",
            "asi",
            "aun",
            "bien",
            "cada",
            "como",
            "con",
            "contra",
            "cual",
            "cuando",
            "de",
            "del",
            "desde",
            "donde",
            "dos",
            "el",
            "ella",
            "ellas",
            "ello",
            "ellos",
            "en",
            "entre",
            "era",
            "es",
            "esa",
            "ese",
            "eso",
            "esta",
            "este",
            "esto",
            "estos",
            "estas",
            "fue",
            "ha",
            "hace",
            "hay",
            "la",
            "las",
            "le",
            "les",
            "lo",
            "los",
            "mas",
            "me",
            "mi",
            "mientras",
            "mismo",
            "muy",
            "no",
            "nos",
            "o",
            "otra",
            "otro",
            "para",
            "pero",
            "poco",
            "por",
            "que",
            "quien",
            "se",
            "sea",
            "ser",
            "si",
            "sin",
            "sobre",
            "su",
            "sus",
            "tambien",
            "te",
            "tiene",
            "tu",
            "tus",
            "un",
            "una",
            "uno",
            "unos",
            "unas",
            "usted",
            "ustedes",
            "y",
            "ya",
            "yo",
            "le",
            "lo",
            "les",
            "dice",
            "dijo",
            "puede",
            "porque",
            "esta",
            "estan",
            "estar",
            "hacer",
        ]
    ),
    "en": frozenset(
        [
            "a",
            "about",
            "after",
            "all",
            "also",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "been",
            "before",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "for",
            "from",
            "had",
            "has",
            "have",
            "he",
            "her",
            "him",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "just",
            "me",
            "more",
            "my",
            "no",
            "not",
            "of",
            "on",
            "or",
            "our",
            "out",
            "she",
            "so",
            "than",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "they",
            "this",
            "to",
            "up",
            "us",
            "was",
            "we",
            "were",
            "what",
            "when",
            "which",
            "while",
            "who",
            "will",
            "with",
            "would",
            "you",
            "your",
            "because",
        ]
    ),
}
_STEM = 6  # phrases compare words by their first letters, so "ayudar", "ayudarle" and "ayudarla" match
# Words every item is about: sharing them with a label tells nothing.
GENERIC_STEMS = frozenset({"client", "custom"})


def related(first: str, second: str) -> bool:
    """Two words of one family: "saludo"/"salude", "escucha"/"escuchar", "comprensión"/"comprender" — but not
    "compra"/"comprensión" nor "credit"/"credibility": they share a prefix of all but one letter of the shorter
    (5 to 7 letters) and differ in length by at most 4."""
    shorter, longer = sorted((len(first), len(second)))
    need = min(7, max(5, shorter - 1))
    return shorter >= 5 and longer - shorter <= 4 and first[:need] == second[:need]


def words(text: str) -> list[str]:
    """Lowercase words without accents (ñ becomes n): what the cue rules compare."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", plain)


def _plain(text: str) -> str:
    return " ".join(words(text))


def content_words(text: str, language: str) -> set[str]:
    """A text's content words (no stopwords, at least 4 letters), accents removed."""
    stop = STOPWORDS.get(language, STOPWORDS["es"])
    return {word for word in words(text) if len(word) >= 4 and word not in stop}


def echoed(text: str, language: str, label_words: set[str]) -> list[str]:
    """The words of `text` of the same family as a label word (sorted)."""
    return sorted(word for word in content_words(text, language) if any(related(word, label) for label in label_words))


def has_absolute(text: str, language: str) -> bool:
    """Whether the text carries an absolute word (always, never, only…)."""
    absolutes = ABSOLUTE_WORDS.get(language, ABSOLUTE_WORDS["es"])
    return any(word in absolutes for word in words(text))


def has_justification(text: str, language: str) -> bool:
    """Whether the option argues for itself with a clause (because, so that…)."""
    return bool(JUSTIFICATIONS.get(language, JUSTIFICATIONS["es"]).search(_plain(text)))


@dataclass(frozen=True, slots=True)
class Labels:
    """What a reader may know besides the options: the item's title, its step's title, its dimensions' names."""

    title: str
    step: str
    dimensions: tuple[str, ...]

    def words(self, language: str) -> set[str]:
        """The content words of every label (words every item is about left out)."""
        found: set[str] = set()
        for text in (self.title, self.step, *self.dimensions):
            found |= content_words(text, language)
        return {word for word in found if word[:_STEM] not in GENERIC_STEMS}


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of item-writing advice: a code (README lists them), the language and the values to show."""

    code: str
    language: str
    values: tuple[tuple[str, str | int], ...] = ()

    def value(self, name: str) -> str | int:
        """One of the cue's values."""
        return dict(self.values)[name]


def labels_of(item: Item, catalog: Catalog, language: str) -> Labels:
    """The labels of an item in `language`, read from the catalogue's steps and dimensions."""
    step = catalog.steps.get(item.step)
    names = tuple(catalog.dimensions[key].name.get(language) for key in item.dimensions if key in catalog.dimensions)
    return Labels(title=item.title.get(language), step=step.title.get(language) if step else "", dimensions=names)


def _letter(index: int) -> str:
    return "ABCDE"[index]


def _runs(text: str, size: int) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[start : start + size]) for start in range(len(found) - size + 1)}


def item_cues(item: Item, language: str, labels: Labels) -> list[Cue]:
    """The cues of one item in one language (empty for an item without choices)."""
    key = item.correct_index
    if key is None or len(item.choices) < 2 or not item.speaks(language):
        return []
    texts = [choice.text.get(language) for choice in item.choices]
    keyed, others = texts[key], [text for index, text in enumerate(texts) if index != key]
    cues: list[Cue] = []

    lengths = [len(text) for text in texts]
    mean_other = sum(len(text) for text in others) / len(others)
    if (
        lengths[key] == max(lengths)
        and lengths.count(max(lengths)) == 1
        and lengths[key] >= LONG_KEY_RATIO * mean_other
    ):
        ratio = round(lengths[key] / mean_other, 2)
        cues.append(
            Cue(
                "cue.long_key", language, (("length", lengths[key]), ("mean", round(mean_other)), ("ratio", str(ratio)))
            )
        )

    for code, test in (
        ("cue.absolute_only_distractors", has_absolute),
        ("cue.justification_only_distractors", has_justification),
    ):
        marked = [index for index, text in enumerate(texts) if index != key and test(text, language)]
        if len(marked) >= CUE_DISTRACTORS and not test(keyed, language):
            cues.append(Cue(code, language, (("choices", ", ".join(_letter(i) for i in marked)),)))

    label_words = labels.words(language)
    echoes = {index: echoed(text, language, label_words) for index, text in enumerate(texts)}
    echoing = [index for index, shared in echoes.items() if shared]
    if len(echoing) == 1:
        shared = ", ".join(echoes[echoing[0]])
        cues.append(Cue("cue.label_echo", language, (("choice", _letter(echoing[0])), ("words", shared))))

    pattern = ALL_OR_NONE.get(language, ALL_OR_NONE["es"])
    for index, text in enumerate(texts):
        if pattern.search(_plain(text)):
            cues.append(Cue("cue.all_or_none", language, (("choice", _letter(index)),)))

    question = item.question.get(language) if item.question else ""
    stem_runs = _runs(question, STEM_RUN)
    if stem_runs:
        repeating = [index for index, text in enumerate(texts) if _runs(text, STEM_RUN) & stem_runs]
        if len(repeating) == 1:
            cues.append(Cue("cue.repeats_stem", language, (("choice", _letter(repeating[0])),)))
    return cues


def _phrases(text: str, language: str) -> set[str]:
    """Two-word phrases of content stems (e.g. 'quier ayuda'): what a keyed formula is made of."""
    stop = STOPWORDS.get(language, STOPWORDS["es"])
    kept = [word[:_STEM] for word in words(text) if word not in stop and len(word) >= 3]
    return {f"{first} {second}" for first, second in itertools.pairwise(kept)}


def keyed_formulas(items: Iterable[Item], language: str) -> dict[str, tuple[list[str], int]]:
    """Phrases that mark the key across items: phrase -> (ids of items where the key has it, items where a
    distractor has it). A reader who learns the phrase picks the key without reading."""
    in_key: dict[str, list[str]] = defaultdict(list)
    in_distractor: Counter[str] = Counter()
    for item in items:
        key = item.correct_index
        if key is None or not item.speaks(language):
            continue
        keyed = _phrases(item.choices[key].text.get(language), language)
        distracting: set[str] = set()
        for index, choice in enumerate(item.choices):
            if index != key:
                distracting |= _phrases(choice.text.get(language), language)
        for phrase in keyed - distracting:
            in_key[phrase].append(item.id)
        for phrase in distracting:
            in_distractor[phrase] += 1
    return {
        phrase: (ids, in_distractor[phrase])
        for phrase, ids in sorted(in_key.items())
        if len(ids) >= FORMULA_MIN_KEYS and len(ids) > FORMULA_KEY_TO_DISTRACTOR * in_distractor[phrase]
    }


@dataclass(frozen=True, slots=True)
class Guess:
    """What the mechanical strategy does with one item: the options it is left with, and its expected score."""

    left: tuple[int, ...]
    expected: Fraction

    @property
    def certain(self) -> bool:
        """Left with one option, the key: the item was answered without reading it."""
        return len(self.left) == 1 and self.expected == 1


def mechanical_guess(item: Item, language: str, labels: Labels) -> Guess | None:
    """The content-blind strategy: drop options with absolute words or justifications (unless that drops
    them all), then keep the ones sharing most words with the step and dimension labels; pick one at random."""
    key = item.correct_index
    if key is None or not item.speaks(language):
        return None
    texts = [choice.text.get(language) for choice in item.choices]
    left = [
        index
        for index, text in enumerate(texts)
        if not has_absolute(text, language) and not has_justification(text, language)
    ] or list(range(len(texts)))
    label_words = Labels("", labels.step, labels.dimensions).words(language)
    overlap = {index: len(echoed(texts[index], language, label_words)) for index in left}
    best = max(overlap.values())
    ties = tuple(index for index in left if overlap[index] == best)
    return Guess(ties, Fraction(1, len(ties)) if key in ties else Fraction(0))


@dataclass(frozen=True, slots=True)
class LibraryCues:
    """A library measured in one language against the item-writing thresholds."""

    language: str
    items: int
    key_longest: int
    mechanical: Fraction
    certain: int
    chance: Fraction = Fraction(0)  # what a blind pick scores, summed over items (1/4 for four choices)
    warnings: dict[str, list[Cue]] = field(default_factory=dict)
    formulas: dict[str, tuple[list[str], int]] = field(default_factory=dict)

    @property
    def key_longest_share(self) -> Fraction:
        """Share of items whose keyed choice is the longest option (uniquely: a tie points at nobody)."""
        return Fraction(self.key_longest, self.items) if self.items else Fraction(0)

    @property
    def mechanical_share(self) -> Fraction:
        """Expected share of items the mechanical strategy gets right."""
        return self.mechanical / self.items if self.items else Fraction(0)

    @property
    def chance_share(self) -> Fraction:
        """Expected share of items a blind pick gets right."""
        return self.chance / self.items if self.items else Fraction(0)

    @property
    def max_mechanical_share(self) -> Fraction:
        """The threshold of the mechanical strategy for these items."""
        return self.chance_share + MAX_MECHANICAL_OVER_CHANCE

    def formula_cues(self) -> list[Cue]:
        """The keyed formulas as cues (advice with the phrase, the items and the count of distractors)."""
        return [
            Cue(
                "cue.formula",
                self.language,
                (("phrase", phrase), ("keys", len(ids)), ("ids", ", ".join(ids)), ("distractors", distractors)),
            )
            for phrase, (ids, distractors) in self.formulas.items()
        ]

    def shortfalls(self) -> list[str]:
        """Every threshold the library misses, as sentences (empty when it passes)."""
        found: list[str] = []
        if self.key_longest_share > MAX_KEY_LONGEST_SHARE:
            found.append(
                f"{self.language}: the key is the longest option in {self.key_longest} of {self.items} items "
                f"({float(self.key_longest_share):.0%}); at most {float(MAX_KEY_LONGEST_SHARE):.0%} allowed"
            )
        if self.mechanical_share > self.max_mechanical_share:
            found.append(
                f"{self.language}: the mechanical strategy scores {float(self.mechanical_share):.0%}; "
                f"at most {float(self.max_mechanical_share):.0%} allowed (chance {float(self.chance_share):.0%} + 5)"
            )
        if self.formulas:
            found.append(f"{self.language}: {len(self.formulas)} phrase(s) mark the key across items")
        if self.warnings:
            found.append(f"{self.language}: {len(self.warnings)} item(s) have item-writing warnings")
        return found


def library_cues(catalog: Catalog, language: str, items: Sequence[Item] | None = None) -> LibraryCues:
    """Measure `items` (default: every item of the catalog) in `language`."""
    chosen = [
        item
        for item in (items if items is not None else catalog.items.values())
        if item.correct_index is not None and item.speaks(language)
    ]
    longest = 0
    mechanical = Fraction(0)
    chance = Fraction(0)
    certain = 0
    warnings: dict[str, list[Cue]] = {}
    for item in sorted(chosen, key=lambda found: found.id):
        labels = labels_of(item, catalog, language)
        lengths = [len(choice.text.get(language)) for choice in item.choices]
        key = item.correct_index
        assert key is not None
        if lengths[key] == max(lengths) and lengths.count(lengths[key]) == 1:  # a tie points at nobody
            longest += 1
        chance += Fraction(1, len(item.choices))
        guess = mechanical_guess(item, language, labels)
        if guess is not None:
            mechanical += guess.expected
            certain += guess.certain
        cues = item_cues(item, language, labels)
        if cues:
            warnings[item.id] = cues
    return LibraryCues(
        language=language,
        items=len(chosen),
        key_longest=longest,
        mechanical=mechanical,
        certain=certain,
        chance=chance,
        warnings=warnings,
        formulas=keyed_formulas(chosen, language),
    )


def advice_for(items: Sequence[Item], catalog: Catalog) -> list[tuple[str, Cue]]:
    """The cues of some items (a manager's new or uploaded ones), item by item and language by language, then
    the phrases that mark the key across them: what their author is told, as advice."""
    found: list[tuple[str, Cue]] = []
    for item in items:
        for language in item.languages:
            found += [(item.id, cue) for cue in item_cues(item, language, labels_of(item, catalog, language))]
    if len(items) >= FORMULA_MIN_KEYS:
        for language in ("es", "en"):
            report = LibraryCues(language, 0, 0, Fraction(0), 0, formulas=keyed_formulas(items, language))
            found += [("—", cue) for cue in report.formula_cues()]
    return found
