"""Rules that pydantic's per-field checks cannot express: across fields of an item and across files."""

from __future__ import annotations

from collections.abc import Iterator

from bot.content.errors import Path, Problem
from bot.content.schema import DimensionsFile, ItemSpec, PackFile, PackInfo, RawText, StepsFile
from bot.content.yamlsource import Located

# Story, question and choices are rendered together in the post's embed description (Discord: 4096).
MAX_POST_TEXT = 3800

_PROVENANCE_KEYS = {
    "seed": ({"seed", "passage"}, {"note"}),
    "published": ({"reference"}, {"note"}),
    "project": ({"note"}, {"seed", "passage"}),
}


def check_steps(spec: StepsFile, located: Located) -> Iterator[Problem]:
    """Steps are numbered 1..10 in order, and each says honestly where it comes from."""
    for index, step in enumerate(spec.steps):
        path: Path = ("steps", index)
        if step.number != index + 1:
            yield located.problem((*path, "number"), "steps.order", expected=index + 1)
        provenance = step.provenance
        required, optional = _PROVENANCE_KEYS[provenance.type]
        present = {key for key in ("seed", "passage", "reference", "note") if getattr(provenance, key) is not None}
        for key in sorted(required - present):
            yield located.problem(
                (*path, "provenance", key), "provenance.required", anchor=(*path, "provenance"), type=provenance.type
            )
        for key in sorted(present - required - optional):
            yield located.problem((*path, "provenance", key), "provenance.not_allowed", key=True, type=provenance.type)
        if provenance.type == "project" and (provenance.seed is None) != (provenance.passage is None):
            yield located.problem((*path, "provenance"), "provenance.seed_passage")


def check_dimensions(spec: DimensionsFile, located: Located) -> Iterator[Problem]:
    """Dimension keys are unique and numbered 1..10 in order."""
    seen: set[str] = set()
    for index, dimension in enumerate(spec.dimensions):
        path: Path = ("dimensions", index)
        if dimension.number != index + 1:
            yield located.problem((*path, "number"), "dimensions.order", expected=index + 1)
        if dimension.key in seen:
            yield located.problem((*path, "key"), "dimensions.duplicate", dimension=dimension.key)
        seen.add(dimension.key)


def pack_languages(pack: PackInfo) -> list[str]:
    """The languages a pack's items are written in (`languages`, or the one-language shorthand `language`)."""
    if pack.languages:
        return list(dict.fromkeys(pack.languages))
    return [pack.language] if pack.language else []


def check_languages(pack: PackInfo, located: Located) -> Iterator[Problem]:
    """A pack says its languages exactly once."""
    if pack.languages and pack.language:
        yield located.problem(("pack", "language"), "languages.both", key=True)
    elif not pack.languages and not pack.language:
        yield located.problem(("pack", "languages"), "languages.missing", anchor=("pack",))
    elif pack.languages and len(set(pack.languages)) != len(pack.languages):
        yield located.problem(("pack", "languages"), "languages.repeated")


def item_texts(item: ItemSpec) -> Iterator[tuple[tuple[str | int, ...], RawText]]:
    """Every translatable text of an item with its key path relative to the item."""
    yield ("title",), item.title
    for key in ("story", "question"):
        value = getattr(item, key)
        if value is not None:
            yield (key,), value
    yield ("explanation",), item.explanation
    for index, choice in enumerate(item.choices or ()):
        yield ("choices", index, "text"), choice.text
        yield ("choices", index, "feedback"), choice.feedback
    if item.reflection is not None:
        for index, prompt in enumerate(item.reflection.prompts):
            yield ("reflection", "prompts", index), prompt


def in_language(value: RawText, language: str) -> str:
    """One text in one language ('' if missing); a plain text is in the pack's only language."""
    if isinstance(value, str):
        return value
    return next((text for key, text in value.items() if key == language), "")


def check_translations(item: ItemSpec, path: Path, located: Located, languages: list[str]) -> Iterator[Problem]:
    """Every text exists in exactly the pack's languages."""
    wanted = set(languages)
    for relative, value in item_texts(item):
        where = (*path, *relative)
        if isinstance(value, str):
            if len(wanted) > 1:
                spelled = ", ".join(f"{language}: ..." for language in languages)
                yield located.problem(
                    where,
                    "translation.plain",
                    languages=", ".join(languages[:-1]),
                    last=languages[-1],
                    spelled=spelled,
                )
            continue
        given = {str(key) for key in value}
        for language in languages:
            if language not in given:
                yield located.problem(where, "translation.missing", language=language, languages=", ".join(languages))
        for language in sorted(given - wanted):
            yield located.problem(
                (*where, language),
                "translation.undeclared",
                key=True,
                language=language,
                languages=", ".join(languages),
            )


def check_item(
    item: ItemSpec, path: Path, located: Located, dimension_keys: set[str], languages: list[str]
) -> Iterator[Problem]:
    """The rules of one item that need more than one field to check."""
    if item.kind == "quiz":
        for key in ("question", "choices"):
            if getattr(item, key) is None:
                yield located.problem((*path, key), "quiz.incomplete", anchor=path)
        if item.reflection is not None:
            yield located.problem((*path, "reflection"), "quiz.reflection", key=True)
    else:
        for key in ("story", "reflection"):
            if getattr(item, key) is None:
                yield located.problem((*path, key), "scenario.incomplete", anchor=path)
        if (item.question is None) != (item.choices is None):
            missing = "choices" if item.choices is None else "question"
            yield located.problem((*path, missing), "scenario.question_choices", anchor=path)
    if item.choices is not None:
        correct = sum(1 for choice in item.choices if choice.correct)
        if correct != 1:
            yield located.problem((*path, "choices"), "choices.correct", count=correct)
    seen: set[str] = set()
    for index, key in enumerate(item.dimensions):
        if key not in dimension_keys:
            known = ", ".join(sorted(dimension_keys))
            yield located.problem((*path, "dimensions", index), "dimension.unknown", dimension=key, known=known)
        if key in seen:
            yield located.problem((*path, "dimensions", index), "dimension.repeated", dimension=key)
        seen.add(key)
    source = item.source
    if source.seed is None and source.note is None:
        yield located.problem((*path, "source"), "source.missing")
    if (source.seed is None) != (source.passage is None):
        yield located.problem((*path, "source"), "source.seed_passage")
    if source.translation is not None and source.passage is None:
        yield located.problem((*path, "source", "translation"), "source.translation_without_passage")
    yield from check_translations(item, path, located, languages)
    for language in languages:
        texts = [text for text in (item.story, item.question) if text is not None]
        length = sum(len(in_language(text, language)) for text in texts)
        length += sum(len(in_language(choice.text, language)) + 6 for choice in item.choices or ())
        if length > MAX_POST_TEXT:
            yield located.problem(path, "post.too_long", length=length, language=language, max=MAX_POST_TEXT)


def check_pack(spec: PackFile, located: Located, dimension_keys: set[str]) -> Iterator[Problem]:
    """The pack's languages, then the rules of every item."""
    yield from check_languages(spec.pack, located)
    languages = pack_languages(spec.pack)
    for index, item in enumerate(spec.items):
        yield from check_item(item, ("items", index), located, dimension_keys, languages)
