"""Rules that pydantic's per-field checks cannot express: across fields of an item and across files."""

from __future__ import annotations

from collections.abc import Iterator

from bot.content.errors import Path, Problem
from bot.content.schema import DimensionsFile, ItemSpec, PackFile, StepsFile
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
            yield located.problem((*path, "number"), f"steps must be numbered 1 to 10 in order; expected {index + 1}")
        provenance = step.provenance
        required, optional = _PROVENANCE_KEYS[provenance.type]
        present = {key for key in ("seed", "passage", "reference", "note") if getattr(provenance, key) is not None}
        for key in sorted(required - present):
            yield located.problem(
                (*path, "provenance", key),
                f"required when type is '{provenance.type}'",
                anchor=(*path, "provenance"),
            )
        for key in sorted(present - required - optional):
            yield located.problem((*path, "provenance", key), f"not allowed when type is '{provenance.type}'", key=True)
        if provenance.type == "project" and (provenance.seed is None) != (provenance.passage is None):
            yield located.problem((*path, "provenance"), "give both 'seed' and 'passage', or neither")


def check_dimensions(spec: DimensionsFile, located: Located) -> Iterator[Problem]:
    """Dimension keys are unique and numbered 1..10 in order."""
    seen: set[str] = set()
    for index, dimension in enumerate(spec.dimensions):
        path: Path = ("dimensions", index)
        if dimension.number != index + 1:
            yield located.problem(
                (*path, "number"), f"dimensions must be numbered 1 to 10 in order; expected {index + 1}"
            )
        if dimension.key in seen:
            yield located.problem((*path, "key"), f"duplicate dimension key '{dimension.key}'")
        seen.add(dimension.key)


def check_item(item: ItemSpec, path: Path, located: Located, dimension_keys: set[str]) -> Iterator[Problem]:
    """The rules of one item that need more than one field to check."""
    if item.kind == "quiz":
        for key in ("question", "choices"):
            if getattr(item, key) is None:
                yield located.problem((*path, key), "a quiz needs a question and choices", anchor=path)
        if item.reflection is not None:
            yield located.problem(
                (*path, "reflection"), "only scenarios have a reflection; use kind: scenario", key=True
            )
    else:
        for key in ("story", "reflection"):
            if getattr(item, key) is None:
                yield located.problem((*path, key), "a scenario needs a story and a reflection", anchor=path)
        if (item.question is None) != (item.choices is None):
            missing = "choices" if item.choices is None else "question"
            yield located.problem(
                (*path, missing), "a scenario's question and choices go together: give both or neither", anchor=path
            )
    if item.choices is not None:
        correct = sum(1 for choice in item.choices if choice.correct)
        if correct != 1:
            yield located.problem((*path, "choices"), f"exactly one choice must be correct (found {correct})")
    seen: set[str] = set()
    for index, key in enumerate(item.dimensions):
        if key not in dimension_keys:
            known = ", ".join(sorted(dimension_keys))
            yield located.problem((*path, "dimensions", index), f"unknown dimension '{key}' (known: {known})")
        if key in seen:
            yield located.problem((*path, "dimensions", index), f"dimension '{key}' is listed twice")
        seen.add(key)
    source = item.source
    if source.seed is None and source.note is None:
        yield located.problem((*path, "source"), "say where the item comes from: 'seed' + 'passage', or a 'note'")
    if (source.seed is None) != (source.passage is None):
        yield located.problem((*path, "source"), "'seed' and 'passage' go together: quote the passage of that seed")
    length = sum(len(text or "") for text in (item.story, item.question))
    length += sum(len(choice.text) + 6 for choice in item.choices or ())
    if length > MAX_POST_TEXT:
        yield located.problem(
            path,
            f"story, question and choices add up to {length} characters; at most {MAX_POST_TEXT} fit in one post",
        )


def check_pack(spec: PackFile, located: Located, dimension_keys: set[str]) -> Iterator[Problem]:
    """Item rules for every item of a pack, plus ids unique inside the pack."""
    for index, item in enumerate(spec.items):
        yield from check_item(item, ("items", index), located, dimension_keys)
