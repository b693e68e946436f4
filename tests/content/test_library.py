"""The bundled library as a whole: big enough for a quarter, balanced, bilingual, fair to answer, rotating well.

Thresholds come from the product's promise (bot.domain.coverage) and are checked on the loaded library,
not on a hard-coded list of items.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from bot.content.loader import STEPS_FILE, load_catalog, pack_files, validate_pack
from bot.content.yamlsource import decode, parse
from bot.domain.coverage import MIN_ITEMS_PER_DIMENSION, MIN_ITEMS_PER_STEP, coverage
from bot.domain.model import Catalog, ItemKind
from bot.domain.rotation import pick_item

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def library() -> Catalog:
    return load_catalog(SCENARIOS)


@pytest.mark.parametrize("path", pack_files(SCENARIOS), ids=lambda path: path.name)
def test_each_bundled_pack_validates_on_its_own(path: Path, library: Catalog) -> None:
    """One test per file, so a broken file is named by the failing test."""
    others = {key: item for key, item in library.items.items() if item.pack != path.stem}
    located = parse(decode(path.read_bytes(), path.name), path.name)
    items = validate_pack(located, Catalog(library.steps, library.dimensions, others))
    assert items, f"{path.name} has no items"


def test_the_library_can_run_a_quarter(library: Catalog) -> None:
    report = coverage(library)
    assert report.total >= 70
    assert report.per_kind.get(ItemKind.SCENARIO.value, 0) >= 20
    assert report.shortfalls() == []
    assert min(report.per_step.values()) >= MIN_ITEMS_PER_STEP
    assert min(report.per_dimension.values()) >= MIN_ITEMS_PER_DIMENSION


def test_every_item_speaks_spanish_and_english(library: Catalog) -> None:
    assert [item.id for item in library.items.values() if set(item.languages) != {"es", "en"}] == []
    assert len(library.playable("es")) == len(library.playable("en")) == len(library.items)


def test_steps_and_dimensions_exist_in_both_languages(library: Catalog) -> None:
    for step in library.steps.values():
        assert step.title.es and step.title.en and step.summary.es and step.summary.en
    for dimension in library.dimensions.values():
        assert dimension.name.es and dimension.name.en and dimension.definition.es and dimension.definition.en


def test_the_correct_answer_is_not_given_away_by_position_or_length(library: Catalog) -> None:
    positions: Counter[int] = Counter()
    longest = 0
    for item in library.items.values():
        right = item.correct_index
        assert right is not None
        positions[right] += 1
        lengths = [len(choice.text.get("es")) for choice in item.choices]
        longest += lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1
    total = len(library.items)
    assert all(positions[index] >= total * 0.12 for index in range(3)), positions
    assert longest <= total * 0.45, f"the correct choice is the longest in {longest} of {total} items"


def test_seventy_working_days_rotate_through_the_library(library: Catalog) -> None:
    def schedule(guild_id: int) -> list[str]:
        posted: Counter[str] = Counter()
        picks: list[str] = []
        previous = None
        for _ in range(70):
            item = pick_item(library.playable("es"), posted, guild_id, previous)
            assert item is not None
            posted[item.id] += 1
            previous = item.step
            picks.append(item.id)
        return picks

    picks = schedule(1)
    assert len(set(picks)) == 70, "no item repeats within the first 70 working days"
    steps = [library.items[item_id].step for item_id in picks]
    assert all(a != b for a, b in itertools.pairwise(steps)), steps
    assert picks == schedule(1), "the same inputs give the same schedule"


def test_steps_file_is_the_one_the_library_uses(library: Catalog) -> None:
    assert (SCENARIOS / STEPS_FILE).is_file()
    assert sorted(library.steps) == list(range(1, 11))


# Every section of the seeds must be taught by at least one item; a section is found when an item's quoted
# passage contains one of its markers (verbatim seed words).
SECTIONS: dict[str, tuple[str, ...]] = {
    "definition of a moment of truth": ("momento de verdad, es el evento",),
    "contacts with people, facilities, payment, advertising": ("Los momentos de verdad se presentan en el contacto",),
    "critical moments": ('momentos de verdad "críticos"',),
    "stellar moments": ('"Estelares"',),
    "promise moments": ('verdaderas "promesas"', "Cuando has prometido algo"),
    "the broken-promise story": ("Un hombre le dijo a su esposa",),
    "in the customer's shoes": ("ZAPATOS DEL CLIENTE", "PIENSEN COMO CLIENTES"),
    "definition of service": ("conjunto de actividades interrelacionadas",),
    "servus-siervo, internal and external customer": ("servus-siervo",),
    "the basic principles": ("Actitud del servicio", "base ética", "Carácter transitorio", "El buen servicio es quien"),
    "demand of service": ("Demanda del Servicio",),
    "goal of service": ("Meta del servicio",),
    "level of service": ("Nivel de servicio",),
    "components of good service": ("Componentes de un buen servicio",),
    "cushion the customer's concerns": ("Amortigüe verbalmente",),
    "SSE": ("SSE-Servicio con satisfacción y excelencia",),
    "apologise": ("Ofrezca disculpas",),
    "declare you want to help": ("Declare que quiere ayudarle",),
    "annoyance: not feeling heard": ("No creer haber escuchado",),
    "annoyance: told not to be angry": ("no tiene derecho a estar en colerizado",),
    "annoyance: a flippant answer": ("a la ligera de manera insolente",),
    "annoyance: suffering over a mistake": ("Esta penando por haber hecho algo incorrecto",),
    "annoyance: integrity questioned": ("Su integridad y su honradez",),
    "upset customer: listen": ("Escúchelo con atención",),
    "upset customer: face them": ("Hágale frente",),
    "upset customer: eye contact": ("Véalo a los ojos",),
    "upset customer: posture, tone, face": ("Adopte una postura",),
    "upset customer: patience": ("Practique la paciencia",),
    "upset customer: no distractions": ("Elimine las distracciones",),
    "upset customer: avoid provocations": ("Rehúya las provocaciones",),
    "upset customer: empathy": ("Tenga y muestre empatía",),
    "step 1": ("Satisfaga a todos y a cada uno de sus clientes",),
    "step 2": ("Deje su vida personal en la casa",),
    "step 3": ("No se congregue en el salón de ventas",),
    "step 4": ("Salude a cada cliente",),
}
DIMENSION_NAMES = (
    "Fiabilidad",
    "Profesionalidad",
    "Accesibilidad",
    "Seguridad",
    "Capacidad de respuesta",
    "Cortesía",
    "Comunicación",
    "Credibilidad",
    "Comprensión y conocimiento del cliente",
    "Elementos tangibles",
)


def _passages(library: Catalog) -> list[str]:
    return [" ".join((item.source.passage or "").split()) for item in library.items.values()]


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_section_of_the_seeds_is_taught(library: Catalog, section: str) -> None:
    passages = _passages(library)
    assert any(marker in passage for marker in SECTIONS[section] for passage in passages), section


@pytest.mark.parametrize("name", DIMENSION_NAMES)
def test_every_dimension_is_quoted_from_the_seed(library: Catalog, name: str) -> None:
    assert any(name in passage for passage in _passages(library)), name
