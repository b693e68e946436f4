"""Every content problem has a stable code, told in English by the content layer and in Spanish on Discord.

The command line keeps the English wording (test_broken.py and test_scoring_file.py compare it exactly);
here: the codes, their catalogue entries in both languages, and what a Spanish-speaking manager reads.
"""

from __future__ import annotations

import logging
import string
from pathlib import Path

import pytest

from bot.content.advice import ADVICE
from bot.content.errors import ContentError, Problem
from bot.content.loader import load_catalog, validate_as
from bot.content.problems import FRAGMENTS, TEMPLATES, english, placeholders
from bot.content.schema import PackFile
from bot.content.scoring import load_scoring
from bot.content.yamlsource import decode, parse
from bot.discord.features.scenarios.form import describe_problem
from bot.discord.problems import render_line, render_problem, render_report
from bot.discord.texts import CATALOGUE
from bot.discord.texts.content import SPANISH
from tests.content import test_broken as broken
from tests.content import test_scoring_file as scoring

PREFIX = "content."


def _fields(template: str) -> list[tuple[str, str]]:
    """Placeholders with their format specs, so `{count}` and `{count:>3}` would not pass for each other."""
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name)


# --- the table and the catalogue agree ---------------------------------------------------------------------


def test_every_code_has_a_catalogue_entry_in_both_languages_and_every_entry_a_code() -> None:
    codes = set(TEMPLATES) | set(ADVICE)
    entries = {key.removeprefix(PREFIX) for key in CATALOGUE if key.startswith(PREFIX)}
    assert sorted(codes - entries) == [], "codes without Spanish (add them to bot/discord/texts/content.py)"
    assert sorted(entries - codes) == [], "catalogue entries for codes the content layer no longer has"
    assert sorted(set(SPANISH) - codes) == []
    assert len(codes) >= 60


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_code_has_the_same_placeholders_in_spanish_and_english(code: str) -> None:
    entry = CATALOGUE[PREFIX + code]
    assert entry["en"] == TEMPLATES[code], "the English of Discord is the content layer's own"
    assert _fields(entry["es"]) == _fields(entry["en"]) == _fields(TEMPLATES[code])
    assert entry["es"] != entry["en"] or placeholders(entry["en"]) == {"type"}, "untranslated"


def test_codes_are_stable_identifiers() -> None:
    for code in TEMPLATES:
        assert code == code.strip().lower() and " " not in code, code
        assert all(part for part in code.split(".")), code


def test_every_fragment_template_exists_and_fills_in_no_name_of_a_problem() -> None:
    for name, prefix in FRAGMENTS.items():
        fragments = [code for code in TEMPLATES if code.startswith(f"{prefix}.")]
        assert fragments, f"no {prefix}.* templates for {{{name}}}"
        users = [code for code, template in TEMPLATES.items() if name in placeholders(template)]
        for code in users:
            for fragment in fragments:
                clash = placeholders(TEMPLATES[fragment]) & placeholders(TEMPLATES[code])
                assert not clash, f"{fragment} and {code} both fill in {clash}"


# --- every problem the content layer reports has a code ----------------------------------------------------


def _check(problems: list[Problem], caplog: pytest.LogCaptureFixture) -> None:
    assert problems
    caplog.set_level(logging.WARNING, logger="momentos.problems")
    for problem in problems:
        assert problem.code in TEMPLATES, problem
        assert english(problem.code, problem.values) == problem.message
        assert render_problem(problem, "en") == problem.message
        assert render_problem(problem, "es")
        assert hash(problem) == hash(problem)
    assert not caplog.records, "a problem fell back to English"


@pytest.mark.parametrize("case", broken.CASES, ids=[case.id for case in broken.CASES])
def test_every_broken_pack_problem_has_a_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, case: broken.Case
) -> None:
    content = broken.write_content(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    _check(caught.value.problems, caplog)


@pytest.mark.parametrize("case", scoring.CASES, ids=[case.id for case in scoring.CASES])
def test_every_broken_scoring_file_problem_has_a_code(caplog: pytest.LogCaptureFixture, case: scoring.Case) -> None:
    raw = case.text.encode() if isinstance(case.text, str) else case.text
    with pytest.raises(ContentError) as caught:
        load_scoring(raw, scoring.FILE)
    _check(caught.value.problems, caplog)


# YAML mistakes beyond the cases above, each with the Spanish a manager reads.
YAML_MISTAKES = [
    ("format: momentos.pack/1\ntitle: Nota: importante\n", "aquí no puede ir «: »"),
    ("format: momentos.pack/1\npack\nitems: []\n", "falta ':' después de una clave"),
    ('format: momentos.pack/1\ntitle: "sin cerrar\n', "unas comillas se abren y no se cierran"),
    ("format: momentos.pack/1\ntitle: La fiesta\x0bespecial\n", "el carácter U+000B no se permite en YAML"),
    ("format: momentos.pack/1\nstep: !!int uno\n", "no se puede leer 'uno' como int"),
    ("format: momentos.pack/1\n? [a]\n: 1\n", "las claves deben ser texto simple"),
    ("format: momentos.pack/1\nformat: otra\n", "la clave 'format' está repetida"),
    ("format: momentos.pack/1\n? 1\n", "las claves deben ser texto, pero aquí hay un número (1)"),
    ("format: momentos.pack/1\npack: [a]\n", "se esperaba un bloque de claves con sus valores, pero hay una lista"),
    ("format: momentos.pack/1\n]\n", "error de sintaxis YAML ("),
    ("- una lista\n", "el documento no es un bloque de claves con sus valores"),
]


@pytest.mark.parametrize(("text", "spanish"), YAML_MISTAKES, ids=[spanish for _, spanish in YAML_MISTAKES])
def test_yaml_mistakes_have_codes_and_read_in_spanish(
    caplog: pytest.LogCaptureFixture, text: str, spanish: str
) -> None:
    with pytest.raises(ContentError) as caught:
        validate_as(PackFile, parse(decode(text.encode(), "p.yaml"), "p.yaml"))
    _check(caught.value.problems, caplog)
    assert any(spanish in render_problem(problem, "es") for problem in caught.value.problems), [
        render_problem(problem, "es") for problem in caught.value.problems
    ]


def test_files_that_are_not_yaml_text_have_codes(caplog: pytest.LogCaptureFixture) -> None:
    problems = []
    for raw in (b"\x89PNG\x00", "título: Café".encode("latin-1"), b"x" * 20):
        with pytest.raises(ContentError) as caught:
            decode(raw, "p.yaml", max_bytes=16)
        problems.extend(caught.value.problems)
    _check(problems, caplog)
    assert [render_problem(problem, "es") for problem in problems] == [
        "es un archivo binario, no un texto YAML",
        "el texto no está en UTF-8; guarda el archivo como UTF-8",
        "el archivo ocupa 20 bytes; se permiten 16 como máximo",
    ]


# --- what a Spanish-speaking manager reads ------------------------------------------------------------------


def test_a_broken_pack_reads_in_spanish_with_its_places_and_key_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = broken.edit(broken.QUIZ, "    step: 1\n", "    step: 1\n    tagz: [saludo]\n")
    shop = broken.edit(shop, "title: Primera", "title: " + "t" * 201)
    promises = broken.edit(broken.SCENARIO, "    explanation:", broken.choices(True, False, True) + "    explanation:")
    promises = broken.edit(promises, "espera.\n", "espera.\n    question: ¿Y?\n")
    content = broken.write_content(tmp_path, {"tienda.yaml": shop, "promesas.yaml": promises})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)

    assert render_report(caught.value.problems, "es", 2000).splitlines() == [
        "content/promesas.yaml:15:7: items[0].choices: debe haber exactamente una opción correcta (hay 2)",
        "content/tienda.yaml:9:12: items[0].title: el texto tiene 201 caracteres; se permiten 200 como máximo",
        "content/tienda.yaml:11:5: items[0].tagz: la clave 'tagz' no existe; ¿quisiste decir 'tags'? "
        f"(se permiten: {broken.ITEM_KEYS})",
    ]
    # The places and key paths are those of the English report, line for line.
    english_lines = caught.value.report().splitlines()
    spanish_lines = render_report(caught.value.problems, "es", 2000).splitlines()
    for english_line, spanish_line in zip(english_lines, spanish_lines, strict=True):
        place = english_line.split(": ", 2)[:2]
        assert spanish_line.split(": ", 2)[:2] == place
    assert render_report(caught.value.problems, "en", 2000) == caught.value.report()


@pytest.mark.parametrize(
    ("case", "spanish"),
    [
        ("fraction-where-number", "se esperaba un número entero, pero hay un número (1.5)"),
        ("true-false-where-text", "se esperaba un texto, pero hay un valor verdadero/falso (true)"),
        ("null-where-text", "se esperaba un texto, pero hay nada (null)"),
        ("list-where-mapping", "se esperaba un bloque de claves con sus valores, pero hay una lista"),
        ("bad-language", "se esperaba 'es' o 'en', pero hay 'fr'"),
        ("bad-format", "se esperaba 'momentos.pack/1', pero hay 'momentos.pack/2'"),
        ("plain-text-in-a-two-language-pack", "este paquete está en es y en: escribe {es: ..., en: ...}"),
        ("too-many-choices", "se esperaban 5 elementos como máximo, pero hay 6"),
        ("step-11", "debe ser 10 como máximo, pero es 11"),
        ("quiz-with-reflection", "solo los escenarios llevan reflexión; usa kind: scenario"),
        ("yaml-tab-indentation", "error de sintaxis YAML: hay un tabulador; sangra las líneas con espacios"),
        ("duplicate-id-within-a-pack", "el id 'prueba.uno' ya se usa en content/pack.yaml:7"),
        ("empty-document", "el documento está vacío; debe empezar por 'format:' y seguir con sus secciones"),
    ],
)
def test_what_was_found_and_lists_of_options_read_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, spanish: str
) -> None:
    [files] = [c.files for c in broken.CASES if c.id == case]
    content = broken.write_content(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert render_problem(caught.value.problems[0], "es").startswith(spanish)


def test_a_broken_scoring_file_reads_in_spanish() -> None:
    text = scoring.BASE.replace("  max: 40", "  max: 100").replace("streak:", "streaks:")
    with pytest.raises(ContentError) as caught:
        load_scoring(text.encode(), "reglas.yaml")
    assert render_report(caught.value.problems, "es", 2000).splitlines() == [
        "reglas.yaml:8:1: streaks: la clave 'streaks' no existe; ¿quisiste decir 'streak'? "
        f"(se permiten: {scoring.SECTIONS})"
    ]
    with pytest.raises(ContentError) as caught:
        load_scoring(scoring.BASE.replace("  max: 40", "  max: 100").encode(), "reglas.yaml")
    assert render_line(caught.value.problems[0], "es") == (
        "reglas.yaml:6:8: speed_bonus.max: el extra por rapidez debe quedar por debajo de la diferencia entre una "
        "respuesta correcta y una incorrecta (100 - 0 = 100), pero es 100; usa 99 como máximo para que acertar "
        "cuente más que ser rápido"
    )


def test_the_scenario_form_names_its_field_and_says_the_problem_in_spanish() -> None:
    problem = Problem.of("form", 14, 7, ("items", 0, "choices"), "choices.correct", count=2)
    described = describe_problem(problem, "es")
    assert described.startswith("• **") and described.endswith("**: debe haber exactamente una opción correcta (hay 2)")
    assert describe_problem(problem, "en").endswith(": exactly one choice must be correct (found 2)")


def test_an_unknown_language_reads_in_spanish_and_an_unknown_code_falls_back_to_english(
    caplog: pytest.LogCaptureFixture,
) -> None:
    problem = Problem.of("p.yaml", 1, 1, (), "text.empty")
    assert render_problem(problem, "fr") == "el texto no puede estar vacío"
    stray = Problem("p.yaml", 1, 1, (), "something went wrong", "no.such.code", {})
    with caplog.at_level(logging.WARNING, logger="momentos.problems"):
        assert render_problem(stray, "es") == "something went wrong"
    assert "no.such.code" in caplog.text


def test_problems_stay_frozen_hashable_and_equal_by_value() -> None:
    one = Problem.of("p.yaml", 3, 5, ("items", 0), "choices.correct", count=2)
    same = Problem.of("p.yaml", 3, 5, ("items", 0), "choices.correct", count=2)
    other = Problem.of("p.yaml", 3, 5, ("items", 0), "choices.correct", count=0)
    assert one == same and hash(one) == hash(same) and one != other
    assert len({one, same, other}) == 2
    with pytest.raises(AttributeError):
        one.code = "x"  # type: ignore[misc]
    assert str(one) == "p.yaml:3:5: items[0]: exactly one choice must be correct (found 2)"


# --- a report that fits in a Discord reply ------------------------------------------------------------------


def _problems(count: int) -> list[Problem]:
    return [
        Problem.of("tienda.yaml", 10 * index + 1, 7, ("items", index, "choices"), "choices.correct", count=2)
        for index in range(count)
    ]


def test_a_report_that_fits_is_whole() -> None:
    problems = _problems(3)
    full = "\n".join(render_line(problem, "es") for problem in problems)
    assert render_report(problems, "es", len(full)) == full
    assert "…" not in full


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_long_report_keeps_whole_lines_and_says_how_many_more(language: str) -> None:
    problems = _problems(12)
    lines = [render_line(problem, language) for problem in problems]
    full = "\n".join(lines)
    for limit in range(len(lines[0]) + 16, len(full)):
        report = render_report(problems, language, limit)
        assert len(report) <= limit, limit
        *shown, last = report.splitlines()
        assert shown == lines[: len(shown)], "only whole lines, in order"
        hidden = len(lines) - len(shown)
        assert last == ("… y {} más" if language == "es" else "… and {} more").format(hidden)
        if hidden > 1:  # no further whole line would have fit
            fewer = ("… y {} más" if language == "es" else "… and {} more").format(hidden - 1)
            assert len("\n".join([*lines[: len(shown) + 1], fewer])) > limit
    nine_more = "… y 9 más" if language == "es" else "… and 9 more"
    exactly_three = "\n".join([*lines[:3], nine_more])
    assert render_report(problems, language, len(exactly_three)) == exactly_three
    assert render_report(problems, language, len(exactly_three) - 1).splitlines()[-1] != nine_more


def test_a_limit_too_small_for_one_line_still_says_something() -> None:
    problems = _problems(3)
    report = render_report(problems, "es", 40)
    assert len(report) <= 40
    first, more = report.splitlines()
    assert first.startswith("tienda.yaml:1:7: ") and first.endswith("…")
    assert more == "… y 2 más"
    assert render_report([], "es", 100) == ""
