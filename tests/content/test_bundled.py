"""The content shipped in scenarios/: it loads, covers every step and dimension, and stays true to the seeds."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli.main import main
from bot.content.errors import ContentError
from bot.content.jsonschema import SCHEMAS, render
from bot.content.loader import DIMENSIONS_FILE, STEPS_FILE, load_catalog, pack_files
from bot.domain.coverage import coverage
from bot.domain.model import Catalog, ItemKind

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
BROKEN_PROMISE = "promesas.fiesta-cancelada"


def seeds_dir() -> Path | None:
    configured = os.environ.get("MOMENTOS_SEEDS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "seeds"
    return candidate if candidate.is_dir() else None


def require_seeds() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip("seed texts not available: set MOMENTOS_SEEDS or provide <repo>/../shared/seeds")
    return found


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog(SCENARIOS)


def normalized_words(text: str) -> str:
    """Lowercase, accents and punctuation removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


# --- the catalog ---------------------------------------------------------------------------------------


def test_every_bundled_file_validates(bundled: Catalog) -> None:
    assert bundled.items
    names = {path.name for path in pack_files(SCENARIOS)}
    assert names
    assert set(bundled.packs) == {path.stem for path in pack_files(SCENARIOS)}
    assert {item.pack for item in bundled.items.values()} == set(bundled.packs)


def test_there_are_ten_steps_and_ten_dimensions(bundled: Catalog) -> None:
    assert sorted(bundled.steps) == list(range(1, 11))
    assert len(bundled.dimensions) == 10
    assert sorted(d.number for d in bundled.dimensions.values()) == list(range(1, 11))


@pytest.mark.parametrize("step", range(1, 11))
def test_every_step_has_an_item(bundled: Catalog, step: int) -> None:
    assert any(item.step == step for item in bundled.items.values()), f"no item for step {step}"


def test_every_dimension_has_an_item(bundled: Catalog) -> None:
    used = Counter(key for item in bundled.items.values() for key in item.dimensions)
    missing = [key for key in bundled.dimensions if used[key] == 0]
    assert missing == []


def test_every_item_can_be_played_and_has_exactly_one_correct_choice(bundled: Catalog) -> None:
    for item in bundled.items.values():
        assert item.answerable, item.id
        assert sum(choice.correct for choice in item.choices) == 1, item.id
        assert "es" in item.languages, "Spanish is the original: every bundled item has it"
    assert bundled.playable("es")


def test_the_broken_promise_scenario_asks_the_seeds_three_questions(bundled: Catalog) -> None:
    item = bundled.items[BROKEN_PROMISE]
    assert item.kind is ItemKind.SCENARIO
    assert item.step == 8
    assert item.story is not None
    assert "fiesta especial" in item.story.get("es")
    assert "no habrá salida" in item.story.get("es")
    assert item.reflection is not None
    assert tuple(prompt.get("es") for prompt in item.reflection.prompts) == (
        "¿Qué cumplimiento le das a tus promesas?",
        "Comenta cómo fallaste en alguna promesa",
        "¿Crees que otro día te crea?",
    )


def test_the_three_questions_are_the_seeds_own_words() -> None:
    seeds = require_seeds()
    catalog = load_catalog(SCENARIOS)
    item = catalog.items[BROKEN_PROMISE]
    assert item.source.seed is not None
    assert item.reflection is not None
    seed_lines = [
        normalized_words(line) for line in (seeds / item.source.seed).read_text(encoding="utf-8").splitlines()
    ]
    for prompt in item.reflection.prompts:
        words = normalized_words(prompt.get("es"))
        # Spelling was corrected ("fallastes" → "fallaste"); otherwise the words are the seed's.
        best = max(difflib.SequenceMatcher(None, words, line).ratio() for line in seed_lines if line)
        assert any(words in line for line in seed_lines) or best >= 0.95, prompt


# --- JSON Schemas ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_json_schemas_are_up_to_date(name: str) -> None:
    committed = (SCENARIOS / "schema" / name).read_text(encoding="utf-8")
    assert committed == render(name), f"scenarios/schema/{name} is stale; run `momentos schema`"


def test_schema_check_command_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--check"]) == 0
    assert capsys.readouterr().err == ""


def _schema_for(path: Path) -> str:
    if path.name == STEPS_FILE:
        return "steps.schema.json"
    if path.name == DIMENSIONS_FILE:
        return "dimensions.schema.json"
    return "pack.schema.json"


@pytest.mark.parametrize(
    "path",
    [SCENARIOS / STEPS_FILE, SCENARIOS / DIMENSIONS_FILE, *pack_files(SCENARIOS)],
    ids=lambda path: path.name,
)
def test_bundled_files_validate_against_their_json_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema: dict[str, Any] = json.loads((SCENARIOS / "schema" / _schema_for(path)).read_text(encoding="utf-8"))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


# --- passages ----------------------------------------------------------------------------------------------


def test_every_quoted_passage_is_verbatim_in_its_seed() -> None:
    seeds = require_seeds()
    catalog = load_catalog(SCENARIOS, seeds_dir=seeds)
    quoted = [item for item in catalog.items.values() if item.source.passage]
    assert quoted, "the bundled content quotes no passage at all"


def test_an_altered_passage_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = require_seeds()
    content = tmp_path / "content"
    shutil.copytree(SCENARIOS, content)
    pack = content / "promesas.yaml"
    text = pack.read_text(encoding="utf-8")
    assert text.count("Aquella mujer quedó decepcionada.") == 2  # in the story and in the passage
    pack.write_text(text.replace("más nada, exclamó:Que pena", "más nada, exclamó:Qué lástima"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content, seeds_dir=seeds)
    assert [problem.message for problem in caught.value.problems] == [
        "not found verbatim in seed '000_6752c24b689cf05b.txt'"
    ]
    problem = caught.value.problems[0]
    assert problem.file == "content/promesas.yaml"
    assert str(problem).split(": ")[1] == "items[0].source.passage"


# --- the CLI -----------------------------------------------------------------------------------------------


def test_validate_command_prints_the_steps_by_dimensions_matrix(
    bundled: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0, "the bundled library meets the coverage thresholds"
    out = capsys.readouterr().out
    assert f": {len(bundled.items)} items (" in out.splitlines()[0]
    report = coverage(bundled)
    dimensions = sorted(bundled.dimensions.values(), key=lambda dimension: dimension.number)
    for number, step in bundled.steps.items():
        line = re.search(rf"^\s+{number}\. {re.escape(step.title.es[:40])}\s+(.*)$", out, flags=re.MULTILINE)
        assert line is not None, f"no row for step {number}"
        *cells, total = line.group(1).split()
        assert [int(c) if c != "." else 0 for c in cells] == [report.matrix.get((number, d.key), 0) for d in dimensions]
        assert int(total) == report.per_step[number]
    totals = re.search(r"^\s+items per dimension\s+(.*)$", out, flags=re.MULTILINE)
    assert totals is not None
    assert [int(c) for c in totals.group(1).split()] == [report.per_dimension[d.key] for d in dimensions]


def test_validate_command_with_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = require_seeds()
    assert main(["validate", str(SCENARIOS), "--seeds", str(seeds)]) == 0
    assert "items per dimension" in capsys.readouterr().out


def test_validate_command_reports_broken_content_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SCENARIOS / STEPS_FILE, content)
    shutil.copy(SCENARIOS / DIMENSIONS_FILE, content)
    (content / "pack.yaml").write_text("format: momentos.pack/1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "content"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/pack.yaml:1:1: items: required key is missing",
        "content/pack.yaml:1:1: pack: required key is missing",
        "content: 2 problem(s); nothing was loaded",
    ]
