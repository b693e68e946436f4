"""A pack checked against the library reports every mistake in one pass, shape and rules alike, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.errors import ContentError
from bot.content.loader import load_catalog, validate_pack
from bot.content.yamlsource import parse
from bot.domain.model import Catalog

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

ITEM = """\
  - id: {id}
    kind: quiz
    title: El saludo
    step: {step}
    dimensions: [cortesia, {dimension}]
    question: Entra un cliente mientras atiendes el teléfono. ¿Qué haces?
    choices:
      - {{text: Lo saludo con una sonrisa., correct: true, feedback: Todo cliente merece sentirse visto.}}
      - {{text: Sigo con la llamada., correct: {second}, feedback: El cliente siente que no existe.}}
    explanation: Saludar a cada cliente es un momento de verdad.
    source: {{note: De la tienda.}}
"""
HEADER = "format: momentos.pack/1\npack: {pack}\nitems:\n"
GOOD = {"id": "tienda.a", "step": 4, "dimension": "accesibilidad", "second": "false"}


@pytest.fixture(scope="module")
def library() -> Catalog:
    return load_catalog(SCENARIOS)


def report(text: str, library: Catalog) -> list[str]:
    with pytest.raises(ContentError) as error:
        validate_pack(parse(text, "tienda.yaml"), library)
    return [f"{p.line}:{p.path}:{p.code}" for p in error.value.problems]


def test_a_shape_error_does_not_hide_the_rules_of_the_other_items(library: Catalog) -> None:
    text = HEADER.format(pack="{id: tienda, title: Tienda, language: es}") + "".join(
        [
            ITEM.format(**{**GOOD, "step": 11}),  # shape: step out of range
            ITEM.format(**{**GOOD, "id": "tienda.b", "second": "true"}),  # rule: two right answers
            ITEM.format(**{**GOOD, "id": "promesas.fiesta-cancelada", "dimension": "rapidez"}),  # two more
        ]
    )
    assert report(text, library) == [
        "7:('items', 0, 'step'):number.too_large",
        "22:('items', 1, 'choices'):choices.correct",
        "26:('items', 2, 'id'):id.loaded",
        "30:('items', 2, 'dimensions', 1):dimension.unknown",
    ]


def test_without_a_sound_header_only_the_shape_is_reported(library: Catalog) -> None:
    text = HEADER.format(pack="{id: tienda, title: Tienda, idioma: es}") + ITEM.format(**{**GOOD, "second": "true"})
    assert [line.rsplit(":", 1)[1] for line in report(text, library)] == ["key.unknown.allowed"]
