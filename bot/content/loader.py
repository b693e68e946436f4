"""Load a content directory into a validated Catalog: every file checked, every problem reported, all or nothing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.content import rules
from bot.content.errors import ContentError, Problem
from bot.content.messages import problems_from
from bot.content.schema import DimensionsFile, ItemSpec, LocalizedText, PackFile, PackInfo, RawText, StepsFile
from bot.content.yamlsource import MAX_BYTES, Located, decode, parse
from bot.domain.model import Catalog, Choice, Dimension, Item, ItemKind, Localized, Reflection, Source, Step, Text

STEPS_FILE = "steps.yaml"
DIMENSIONS_FILE = "dimensions.yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)


def display_name(path: FsPath) -> str:
    """A file name as a person would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _read(path: FsPath, name: str, max_bytes: int) -> Located:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([Problem.of(name, 1, 1, (), "file.missing")]) from None
    except OSError as exc:
        raise ContentError([Problem.of(name, 1, 1, (), "file.unreadable", detail=str(exc.strerror))]) from None
    return parse(decode(raw, name, max_bytes), name)


def validate_as(model: type[ModelT], located: Located) -> ModelT:
    """Validate a parsed document against a model, raising located problems."""
    if not isinstance(located.data, dict):
        code = "document.empty" if located.data is None else "document.not_mapping"
        raise ContentError([located.problem((), code)])
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(problems_from(exc, model, located)) from None


def item_version(spec: ItemSpec) -> str:
    """A short fingerprint of an item's content: posts keep pointing at the version they showed."""
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def to_item(spec: ItemSpec, pack: PackFile) -> Item:
    """A validated item spec as a domain item (plain texts belong to the pack's only language)."""
    languages = rules.pack_languages(pack.pack)

    def text(value: RawText) -> Text:
        if isinstance(value, str):
            return Text.of({languages[0]: value})
        return Text.of({str(language): content for language, content in value.items()})

    def maybe(value: RawText | None) -> Text | None:
        return None if value is None else text(value)

    return Item(
        id=spec.id,
        kind=ItemKind(spec.kind),
        title=text(spec.title),
        step=spec.step,
        dimensions=tuple(spec.dimensions),
        explanation=text(spec.explanation),
        source=Source(
            seed=spec.source.seed,
            passage=spec.source.passage,
            note=spec.source.note,
            translation=tuple(sorted((spec.source.translation or {}).items())),
        ),
        languages=tuple(languages),
        story=maybe(spec.story),
        question=maybe(spec.question),
        choices=tuple(Choice(text(c.text), c.correct, text(c.feedback)) for c in spec.choices or ()),
        reflection=(
            Reflection(tuple(text(p) for p in spec.reflection.prompts), spec.reflection.min_length)
            if spec.reflection
            else None
        ),
        pack=pack.pack.id,
        version=item_version(spec),
        tags=tuple(spec.tags),
    )


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _check_passages(
    packs: Iterable[tuple[Located, PackFile]], steps: tuple[Located, StepsFile], seeds_dir: FsPath
) -> list[Problem]:
    """Every quoted passage must appear verbatim (up to whitespace) in the seed it names."""
    seeds: dict[str, str | None] = {}

    def seed_text(name: str) -> str | None:
        if name not in seeds:
            candidate = seeds_dir / name
            ok = candidate.is_file() and candidate.parent.resolve() == seeds_dir.resolve()
            seeds[name] = _normalized(candidate.read_text(encoding="utf-8")) if ok else None
        return seeds[name]

    problems = []
    quotes: list[tuple[Located, tuple[str | int, ...], str, str]] = []
    for located, pack in packs:
        for index, item in enumerate(pack.items):
            if item.source.seed and item.source.passage:
                quotes.append((located, ("items", index, "source"), item.source.seed, item.source.passage))
    steps_located, steps_spec = steps
    for index, step in enumerate(steps_spec.steps):
        if step.provenance.seed and step.provenance.passage:
            quotes.append(
                (steps_located, ("steps", index, "provenance"), step.provenance.seed, step.provenance.passage)
            )
    for located, path, seed, passage in quotes:
        text = seed_text(seed)
        if text is None:
            problems.append(located.problem((*path, "seed"), "seed.missing", seed=seed, directory=str(seeds_dir)))
        elif _normalized(passage) not in text:
            problems.append(located.problem((*path, "passage"), "passage.not_found", seed=seed))
    return problems


def pack_files(directory: FsPath) -> list[FsPath]:
    """Every pack file under `directory`, in a stable order."""
    special = {directory / STEPS_FILE, directory / DIMENSIONS_FILE}
    files = [path for path in directory.rglob("*") if path.suffix in {".yaml", ".yml"} and path.is_file()]
    return sorted(path for path in files if path not in special)


def load_catalog(
    directory: str | os.PathLike[str], *, seeds_dir: str | os.PathLike[str] | None = None, max_bytes: int = MAX_BYTES
) -> Catalog:
    """Validate and load every file of a content directory; ContentError lists all problems found."""
    root = FsPath(directory)
    if not root.is_dir():
        raise ContentError([Problem.of(display_name(root), 1, 1, (), "directory.missing")])
    problems: list[Problem] = []

    def attempt(path: FsPath, model: type[ModelT]) -> tuple[Located, ModelT] | None:
        try:
            located = _read(path, display_name(path), max_bytes)
            return located, validate_as(model, located)
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    steps = attempt(root / STEPS_FILE, StepsFile)
    dimensions = attempt(root / DIMENSIONS_FILE, DimensionsFile)
    if steps:
        problems.extend(rules.check_steps(steps[1], steps[0]))
    if dimensions:
        problems.extend(rules.check_dimensions(dimensions[1], dimensions[0]))
    dimension_keys = {d.key for d in dimensions[1].dimensions} if dimensions else set()

    packs: list[tuple[Located, PackFile]] = []
    for path in pack_files(root):
        loaded = attempt(path, PackFile)
        if loaded:
            packs.append(loaded)
            if dimensions:
                problems.extend(rules.check_pack(loaded[1], loaded[0], dimension_keys))
    if not packs and not problems:
        problems.append(Problem.of(display_name(root), 1, 1, (), "directory.empty"))
    problems.extend(_check_unique(packs))
    if seeds_dir is not None and steps:
        problems.extend(_check_passages(packs, steps, FsPath(seeds_dir)))
    if problems or steps is None or dimensions is None:
        raise ContentError(problems)
    return _build(steps[1], dimensions[1], packs)


def validate_pack_file(path: FsPath, catalog: Catalog, max_bytes: int = MAX_BYTES) -> list[Item]:
    """Validate one pack file against a loaded catalog (its steps, dimensions and existing ids)."""
    name = display_name(path)
    located = _read(path, name, max_bytes)
    return validate_pack(located, catalog)


def validate_pack(located: Located, catalog: Catalog) -> list[Item]:
    """A parsed pack checked against a catalog; ContentError with every problem, or its items."""
    try:
        spec = validate_as(PackFile, located)
    except ContentError as error:
        more = rules_of_sound_items(located, set(catalog.dimensions))
        more += _against_catalog(located, list(sound_items(located)), catalog)
        raise ContentError(sorted([*error.problems, *more], key=_reading_order)) from None
    problems = list(rules.check_pack(spec, located, set(catalog.dimensions)))
    problems += _against_catalog(located, list(enumerate(spec.items)), catalog)
    problems.extend(_check_unique([(located, spec)]))
    if problems:
        raise ContentError(sorted(problems, key=_reading_order))
    return [to_item(item, spec) for item in spec.items]


def _reading_order(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.column


def _against_catalog(located: Located, items: list[tuple[int, ItemSpec]], catalog: Catalog) -> list[Problem]:
    """Ids must be new to the catalog and steps must exist in it."""
    problems = []
    for index, item in items:
        if item.id in catalog.items:
            problems.append(located.problem(("items", index, "id"), "id.loaded", id=item.id))
        if item.step not in catalog.steps:
            problems.append(located.problem(("items", index, "step"), "step.unknown", step=item.step))
    return problems


def sound_items(located: Located) -> Iterator[tuple[int, ItemSpec]]:
    """The items of a pack whose own shape is right, even when something else in the file is not."""
    items = located.data.get("items") if isinstance(located.data, dict) else None
    for index, raw in enumerate(items if isinstance(items, list) else []):
        try:
            yield index, ItemSpec.model_validate(raw)
        except ValidationError:
            continue


def rules_of_sound_items(located: Located, dimension_keys: set[str]) -> list[Problem]:
    """Rule checks of every well-shaped item of a badly shaped pack, so one upload shows every mistake.

    Needs a well-shaped `pack:` header (it says the languages); without one, the shape errors stand alone.
    """
    header = located.data.get("pack") if isinstance(located.data, dict) else None
    try:
        info = PackInfo.model_validate(header)
    except ValidationError:
        return []
    languages = rules.pack_languages(info)
    if not languages:
        return []
    problems: list[Problem] = []
    for index, item in sound_items(located):
        problems.extend(rules.check_item(item, ("items", index), located, dimension_keys, languages))
    return problems


def _check_unique(packs: list[tuple[Located, PackFile]]) -> list[Problem]:
    """Item ids are unique across all packs, pack ids too, and translations point at real items."""
    problems: list[Problem] = []
    item_at: dict[str, str] = {}
    pack_at: dict[str, str] = {}
    for located, pack in packs:
        where = f"{located.file}:{located.mark(('pack', 'id'))[0]}"
        if pack.pack.id in pack_at:
            problems.append(
                located.problem(("pack", "id"), "pack.id_taken", id=pack.pack.id, where=pack_at[pack.pack.id])
            )
        pack_at.setdefault(pack.pack.id, where)
        for index, item in enumerate(pack.items):
            path = ("items", index, "id")
            if item.id in item_at:
                problems.append(located.problem(path, "id.taken", id=item.id, where=item_at[item.id]))
            item_at.setdefault(item.id, f"{located.file}:{located.mark(path)[0]}")
    return problems


def _localized(text: LocalizedText) -> Localized:
    return Localized(es=text.es, en=text.en)


def _build(steps: StepsFile, dimensions: DimensionsFile, packs: list[tuple[Located, PackFile]]) -> Catalog:
    return Catalog(
        steps={
            s.number: Step(s.number, _localized(s.title), _localized(s.summary), s.provenance.type) for s in steps.steps
        },
        dimensions={
            d.key: Dimension(d.key, d.number, _localized(d.name), _localized(d.definition))
            for d in dimensions.dimensions
        },
        items={spec.id: to_item(spec, pack) for _, pack in packs for spec in pack.items},
        packs={pack.pack.id: pack.pack.title for _, pack in packs},
    )
