"""The item-writing check: cues found by hand-built items, the mechanical strategy's arithmetic, the advice's
wording in both languages, and the bundled library passing its own check (this test fails when it stops)."""

from __future__ import annotations

import string
from dataclasses import replace
from fractions import Fraction

import pytest

from bot.content.advice import ADVICE, advice
from bot.discord.texts import CATALOGUE
from bot.domain.cues import (
    MAX_KEY_LONGEST_SHARE,
    Labels,
    advice_for,
    item_cues,
    keyed_formulas,
    library_cues,
    mechanical_guess,
)
from bot.domain.model import Catalog, Choice, Item, ItemKind, Source, Text

NO_LABELS = Labels(title="La mañana del martes", step="Salude a cada cliente", dimensions=("Cortesía",))


def quiz(*choices: str, key: int = 0, question: str = "¿Qué haces?", step: int = 4) -> Item:
    return Item(
        id="t.quiz",
        kind=ItemKind.QUIZ,
        title=Text.of(es="La mañana del martes"),
        step=step,
        dimensions=("cortesia",),
        explanation=Text.of(es="—"),
        source=Source(note="—"),
        languages=("es",),
        question=Text.of(es=question),
        choices=tuple(Choice(Text.of(es=text), index == key, Text.of(es="—")) for index, text in enumerate(choices)),
    )


def codes(item: Item, labels: Labels = NO_LABELS) -> list[str]:
    return [cue.code for cue in item_cues(item, "es", labels)]


def test_a_balanced_item_has_no_cue() -> None:
    item = quiz("Lo atiendo yo ahora", "Llamo a Rosa que sabe", "Le pido un momento", "Le doy el folleto")
    assert codes(item) == []


def test_a_key_much_longer_than_the_rest_is_flagged_with_its_figures() -> None:
    # Key 40 characters; others 10 each: mean 10, ratio 4.0 ≥ 1.25 and the key is the unique longest.
    item = quiz("x" * 40, "y" * 10, "z" * 10, "w" * 10)
    [cue] = item_cues(item, "es", NO_LABELS)
    assert cue.code == "cue.long_key" and dict(cue.values) == {"length": 40, "mean": 10, "ratio": "4.0"}
    # 12 against 10: ratio 1.2 < 1.25, no cue.
    assert codes(quiz("x" * 12, "y" * 10, "z" * 10, "w" * 10)) == []


def test_absolute_words_or_justifications_only_in_two_distractors_are_flagged() -> None:
    absolutes = quiz("Lo atiendo", "Nunca lo atiendo", "Siempre espero", "Pido ayuda")
    assert codes(absolutes) == ["cue.absolute_only_distractors"]
    one = quiz("Lo atiendo", "Nunca lo atiendo", "Espero", "Pido ayuda")
    assert codes(one) == [], "one distractor alone is not a pattern"
    in_the_key_too = quiz("Siempre atiendo", "Nunca lo atiendo", "Siempre espero", "Pido ayuda")
    assert codes(in_the_key_too) == []
    reasons = quiz("Lo atiendo", "Espero porque hay fila", "Llamo para que venga", "Pido ayuda")
    assert codes(reasons) == ["cue.justification_only_distractors"]


def test_the_only_choice_echoing_a_label_is_flagged_with_the_words() -> None:
    item = quiz("Lo saludo al entrar", "Termino lo que hago", "Llamo a Rosa", "Le doy el folleto")
    [cue] = item_cues(item, "es", NO_LABELS)
    assert cue.code == "cue.label_echo" and dict(cue.values) == {"choice": "A", "words": "saludo"}
    two = quiz("Lo saludo al entrar", "Lo saludo después", "Llamo a Rosa", "Le doy el folleto")
    assert codes(two) == [], "two choices share the label: it no longer points at one"


def test_all_or_none_of_the_above_and_an_echo_of_the_question_are_flagged() -> None:
    assert "cue.all_or_none" in codes(quiz("Llamo a Rosa", "Espero", "Pido ayuda", "Todas las anteriores"))
    stem = quiz(
        "Ordeno el estante de la entrada", "Llamo a Rosa desde la caja", "Pido ayuda al de bodega",
        "Espero a que salga la gente", question="¿Qué haces con el estante de la entrada?",
    )  # fmt: skip
    assert codes(stem) == ["cue.repeats_stem"]


def test_the_mechanical_strategy_by_hand() -> None:
    # Drop B (absolute) and C (justification); of A and D, only A shares a label word ("salud"): certain.
    certain = quiz("Lo saludo", "Nunca espero", "Llamo porque sí", "Le doy el folleto")
    guess = mechanical_guess(certain, "es", NO_LABELS)
    assert guess is not None and guess.left == (0,) and guess.expected == 1 and guess.certain
    # Nothing to drop, nothing echoes: a uniform pick among 4 is 1/4.
    blind = quiz("Llamo a Rosa", "Espero", "Pido ayuda", "Le doy el folleto")
    guess = mechanical_guess(blind, "es", NO_LABELS)
    assert guess is not None and guess.expected == Fraction(1, 4) and not guess.certain
    # The key dropped for its absolute word: the strategy is sure to miss.
    missed = quiz("Siempre pregunto primero", "Espero", "Pido ayuda", "Le doy el folleto")
    guess = mechanical_guess(missed, "es", NO_LABELS)
    assert guess is not None and guess.expected == 0


def test_a_phrase_keyed_in_three_items_and_no_distractor_is_a_formula() -> None:
    keyed = [
        replace(quiz("Quiero ayudarle con esto", "Espero", "Llamo a Rosa", "Le doy el folleto"), id=f"t.{n}")
        for n in range(3)
    ]
    formulas = keyed_formulas(keyed, "es")
    assert "quiero ayudar" in formulas and formulas["quiero ayudar"] == (["t.0", "t.1", "t.2"], 0)
    spread = [*keyed, replace(quiz("Espero", "Quiero ayudarle", "Llamo", "Le doy"), id="t.3")]
    spread += [replace(quiz("Espero", "Quiero ayudarle ya", "Llamo", "Le doy"), id="t.4")]
    assert "quiero ayudar" not in keyed_formulas(spread, "es"), "3 keys against 2 distractors: 3 > 2×2 is false"


def test_advice_reads_the_same_in_both_languages(catalog: Catalog) -> None:
    for code, english in ADVICE.items():
        entry = CATALOGUE[f"content.{code}"]
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (entry["es"], english)]
        assert fields[0] == fields[1] and entry["en"] == english, code
    item = replace(quiz("x" * 40, "y" * 10, "z" * 10, "w" * 10), step=4)
    [(item_id, cue)] = advice_for([item], catalog)
    assert item_id == "t.quiz" and advice(cue).startswith("the keyed choice is the longest (40 characters")


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_bundled_library_passes_its_own_item_writing_check(catalog: Catalog, language: str) -> None:
    report = library_cues(catalog, language)
    assert report.items >= 120
    assert report.key_longest_share <= MAX_KEY_LONGEST_SHARE
    assert report.chance_share == Fraction(1, 4), "four choices everywhere"
    assert report.mechanical_share <= report.max_mechanical_share == Fraction(30, 100)
    assert report.certain == 0
    assert report.formulas == {}
    assert {item_id: [cue.code for cue in cues] for item_id, cues in report.warnings.items()} == {}
