"""Broken content is refused with exact `file:line:column: key.path: message` lines, all at once.

Every case writes a content directory (the real steps.yaml and dimensions.yaml plus small pack files) into
tmp_path, runs from tmp_path so names read `content/<file>`, and compares the full report.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content.errors import ContentError
from bot.content.loader import DIMENSIONS_FILE, STEPS_FILE, load_catalog

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
KNOWN_DIMENSIONS = (
    "accesibilidad, capacidad-de-respuesta, comprension-del-cliente, comunicacion, cortesia, credibilidad, "
    "elementos-tangibles, fiabilidad, profesionalidad, seguridad"
)
ITEM_KEYS = "id, kind, title, step, dimensions, story, question, choices, explanation, reflection, source, tags"

# A valid pack; line numbers below refer to this text.
QUIZ = """\
format: momentos.pack/1
pack:
  id: prueba
  title: Prueba
  language: es
items:
  - id: prueba.uno
    kind: quiz
    title: Primera
    step: 1
    dimensions: [cortesia]
    question: ¿Qué haces?
    choices:
      - text: Saludo
        correct: true
        feedback: Bien.
      - text: Ignoro
        correct: false
        feedback: Mal.
    explanation: Saludar importa.
    source:
      note: Escrito para la prueba.
"""

# The same quiz in a two-language pack.
BILINGUAL = """\
format: momentos.pack/1
pack:
  id: prueba
  title: Prueba
  languages: [es, en]
items:
  - id: prueba.uno
    kind: quiz
    title: {es: Primera, en: First}
    step: 1
    dimensions: [cortesia]
    question: {es: "¿Qué haces?", en: "What do you do?"}
    choices:
      - text: {es: Saludo, en: I greet}
        correct: true
        feedback: {es: Bien., en: Good.}
      - text: {es: Ignoro, en: I ignore}
        correct: false
        feedback: {es: Mal., en: Bad.}
    explanation: {es: Saludar importa., en: Greeting matters.}
    source:
      note: Escrito para la prueba.
"""

# A valid scenario pack (no question: reflection only).
SCENARIO = """\
format: momentos.pack/1
pack:
  id: escenas
  title: Escenas
  language: es
items:
  - id: escenas.uno
    kind: scenario
    title: Espera
    step: 2
    dimensions: [fiabilidad]
    story: Un cliente espera.
    explanation: Hay que atender.
    reflection:
      prompts: ['¿Qué harías?']
    source:
      note: Escrito para la prueba.
"""

SECOND_ITEM = """\
  - id: prueba.dos
    kind: quiz
    title: Segunda
    step: 2
    dimensions: [fiabilidad]
    question: ¿Y ahora?
    choices:
      - text: Cumplo
        correct: true
        feedback: Bien.
      - text: Olvido
        correct: false
        feedback: Mal.
    explanation: Cumplir importa.
    source:
      note: Escrito para la prueba.
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must occur exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def choices(*correct: bool, text: str = "Opción") -> str:
    """A `choices:` block (at item indentation) with one entry per flag."""
    lines = ["    choices:"]
    for index, flag in enumerate(correct):
        lines += [
            f"      - text: {text} {index}",
            f"        correct: {str(flag).lower()}",
            "        feedback: Porque sí.",
        ]
    return "\n".join(lines) + "\n"


QUIZ_CHOICES = """\
    choices:
      - text: Saludo
        correct: true
        feedback: Bien.
      - text: Ignoro
        correct: false
        feedback: Mal.
"""


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: list[str]


def pack(text: str | bytes) -> dict[str, str | bytes]:
    return {"pack.yaml": text}


def deep_nesting() -> str:
    return "format: momentos.pack/1\nitems: " + "[" * 40 + "]" * 40 + "\n"


def big_file() -> bytes:
    data = QUIZ.encode()
    padding = 1024 * 1024 + 1 - len(data) - 2
    return data + b"#" + b"x" * padding + b"\n"


# Every field at its own maximum (story 2500, question 500, five choices of 300 characters), which together
# are too long for one post: 2500 + 500 + 5 × (300 + 6) = 4530 > 3800.
LONG_POST = edit(
    edit(QUIZ, "    question: ¿Qué haces?\n", "    story: " + "h" * 2500 + "\n    question: " + "q" * 500 + "\n"),
    QUIZ_CHOICES,
    choices(True, False, False, False, False, text="c" * 298),
)


CASES = [
    Case(
        "missing-key",
        pack(edit(QUIZ, "    title: Primera\n", "")),
        ["content/pack.yaml:7:5: items[0].title: required key is missing"],
    ),
    Case(
        "missing-section",
        pack(edit(QUIZ, "pack:\n  id: prueba\n  title: Prueba\n  language: es\n", "")),
        ["content/pack.yaml:1:1: pack: required key is missing"],
    ),
    Case(
        "unknown-key-did-you-mean",
        pack(edit(QUIZ, "    step: 1\n", "    step: 1\n    tagz: [saludo]\n")),
        [f"content/pack.yaml:11:5: items[0].tagz: unknown key 'tagz'; did you mean 'tags'? (allowed: {ITEM_KEYS})"],
    ),
    Case(
        "unknown-key-no-suggestion",
        pack(edit(QUIZ, "  language: es\n", "  language: es\n  zzz: 1\n")),
        ["content/pack.yaml:6:3: pack.zzz: unknown key 'zzz' (allowed: id, title, description, languages, language)"],
    ),
    Case(
        "text-where-list",
        pack(edit(QUIZ, "dimensions: [cortesia]", "dimensions: cortesia")),
        ["content/pack.yaml:11:17: items[0].dimensions: expected a list, got text"],
    ),
    Case(
        "text-where-number",
        pack(edit(QUIZ, "step: 1\n", "step: uno\n")),
        ["content/pack.yaml:10:11: items[0].step: expected a whole number, got text"],
    ),
    Case(
        "quoted-number-where-number",
        pack(edit(QUIZ, "step: 1\n", 'step: "1"\n')),
        ["content/pack.yaml:10:11: items[0].step: expected a whole number, got text"],
    ),
    Case(
        "fraction-where-number",
        pack(edit(QUIZ, "step: 1\n", "step: 1.5\n")),
        ["content/pack.yaml:10:11: items[0].step: expected a whole number, got a number (1.5)"],
    ),
    Case(
        "number-where-true-false",
        pack(edit(QUIZ, "correct: true", "correct: 1")),
        ["content/pack.yaml:15:18: items[0].choices[0].correct: expected true or false, got a number (1)"],
    ),
    Case(
        "text-where-true-false",
        pack(edit(QUIZ, "correct: true", 'correct: "yes"')),
        ["content/pack.yaml:15:18: items[0].choices[0].correct: expected true or false, got text"],
    ),
    Case(
        "true-false-where-text",
        pack(edit(QUIZ, "title: Primera", "title: yes")),
        ["content/pack.yaml:9:12: items[0].title: expected text, got a true/false value (true)"],
    ),
    Case(
        "list-where-text",
        pack(edit(QUIZ, "title: Primera", "title: [Primera]")),
        ["content/pack.yaml:9:12: items[0].title: expected text, got a list"],
    ),
    Case(
        "unknown-language-in-a-text",
        pack(edit(QUIZ, "title: Primera", "title: {es: Primera, fr: Première}")),
        ["content/pack.yaml:9:26: items[0].title.fr: 'fr' is not a language of Momentos; use es or en"],
    ),
    Case(
        "list-where-mapping",
        pack(edit(QUIZ, "    source:\n      note: Escrito para la prueba.\n", "    source: [nota]\n")),
        ["content/pack.yaml:21:13: items[0].source: expected a mapping of keys to values, got a list"],
    ),
    Case(
        "null-where-text",
        pack(edit(QUIZ, "    explanation: Saludar importa.\n", "    explanation:\n")),
        ["content/pack.yaml:20:17: items[0].explanation: expected text, got nothing (null)"],
    ),
    Case(
        "empty-text",
        pack(edit(QUIZ, "title: Primera", 'title: ""')),
        ["content/pack.yaml:9:12: items[0].title: text must not be empty"],
    ),
    Case(
        "too-long-text",
        pack(edit(QUIZ, "question: ¿Qué haces?", "question: " + "q" * 501)),
        ["content/pack.yaml:12:15: items[0].question: text is 501 characters; at most 500 allowed"],
    ),
    Case(
        "too-many-choices",
        pack(edit(QUIZ, QUIZ_CHOICES, choices(True, False, False, False, False, False))),
        ["content/pack.yaml:14:7: items[0].choices: expected at most 5 entries, got 6"],
    ),
    Case(
        "too-few-choices",
        pack(edit(QUIZ, QUIZ_CHOICES, choices(True))),
        ["content/pack.yaml:14:7: items[0].choices: expected at least 2 entries, got 1"],
    ),
    Case(
        "no-correct-choice",
        pack(edit(QUIZ, QUIZ_CHOICES, choices(False, False, False))),
        ["content/pack.yaml:14:7: items[0].choices: exactly one choice must be correct (found 0)"],
    ),
    Case(
        "two-correct-choices",
        pack(edit(QUIZ, QUIZ_CHOICES, choices(True, False, True))),
        ["content/pack.yaml:14:7: items[0].choices: exactly one choice must be correct (found 2)"],
    ),
    Case(
        "quiz-with-reflection",
        pack(edit(QUIZ, "    source:\n", "    reflection:\n      prompts: ['¿Por qué?']\n    source:\n")),
        ["content/pack.yaml:21:5: items[0].reflection: only scenarios have a reflection; use kind: scenario"],
    ),
    Case(
        "quiz-without-question",
        pack(edit(QUIZ, "    question: ¿Qué haces?\n", "")),
        ["content/pack.yaml:7:5: items[0].question: a quiz needs a question and choices"],
    ),
    Case(
        "scenario-without-story",
        pack(edit(SCENARIO, "    story: Un cliente espera.\n", "")),
        ["content/pack.yaml:7:5: items[0].story: a scenario needs a story and a reflection"],
    ),
    Case(
        "scenario-without-reflection",
        pack(edit(SCENARIO, "    reflection:\n      prompts: ['¿Qué harías?']\n", "")),
        ["content/pack.yaml:7:5: items[0].reflection: a scenario needs a story and a reflection"],
    ),
    Case(
        "scenario-question-without-choices",
        pack(edit(SCENARIO, "    story: Un cliente espera.\n", "    story: Un cliente espera.\n    question: ¿Y?\n")),
        [
            "content/pack.yaml:7:5: items[0].choices: "
            "a scenario's question and choices go together: give both or neither"
        ],
    ),
    Case(
        "reflection-min-length-below-20",
        pack(
            edit(
                SCENARIO, "      prompts: ['¿Qué harías?']\n", "      prompts: ['¿Qué harías?']\n      min_length: 5\n"
            )
        ),
        ["content/pack.yaml:16:19: items[0].reflection.min_length: must be at least 20, got 5"],
    ),
    Case(
        "unknown-dimension",
        pack(edit(QUIZ, "dimensions: [cortesia]", "dimensions: [cortesia, amabilidad]")),
        [
            "content/pack.yaml:11:28: items[0].dimensions[1]: "
            f"unknown dimension 'amabilidad' (known: {KNOWN_DIMENSIONS})"
        ],
    ),
    Case(
        "repeated-dimension",
        pack(edit(QUIZ, "dimensions: [cortesia]", "dimensions: [cortesia, cortesia]")),
        ["content/pack.yaml:11:28: items[0].dimensions[1]: dimension 'cortesia' is listed twice"],
    ),
    Case(
        "too-many-dimensions",
        pack(edit(QUIZ, "dimensions: [cortesia]", "dimensions: [cortesia, fiabilidad, seguridad, comunicacion]")),
        ["content/pack.yaml:11:17: items[0].dimensions: expected at most 3 entries, got 4"],
    ),
    Case(
        "step-0",
        pack(edit(QUIZ, "step: 1\n", "step: 0\n")),
        ["content/pack.yaml:10:11: items[0].step: must be at least 1, got 0"],
    ),
    Case(
        "step-11",
        pack(edit(QUIZ, "step: 1\n", "step: 11\n")),
        ["content/pack.yaml:10:11: items[0].step: must be at most 10, got 11"],
    ),
    Case(
        "duplicate-id-within-a-pack",
        pack(QUIZ + edit(SECOND_ITEM, "id: prueba.dos", "id: prueba.uno")),
        ["content/pack.yaml:23:9: items[1].id: id 'prueba.uno' is already used at content/pack.yaml:7"],
    ),
    Case(
        "duplicate-id-across-packs",
        {
            "a.yaml": QUIZ,
            "b.yaml": edit(edit(SCENARIO, "id: escenas.uno", "id: prueba.uno"), "id: escenas\n", "id: otra\n"),
        },
        ["content/b.yaml:7:9: items[0].id: id 'prueba.uno' is already used at content/a.yaml:7"],
    ),
    Case(
        "duplicate-pack-id-across-packs",
        {"a.yaml": QUIZ, "b.yaml": edit(SCENARIO, "id: escenas\n", "id: prueba\n")},
        ["content/b.yaml:3:7: pack.id: pack id 'prueba' is already used at content/a.yaml:3"],
    ),
    Case(
        "bad-id-pattern",
        pack(edit(QUIZ, "id: prueba.uno", "id: Prueba Uno")),
        [
            "content/pack.yaml:7:9: items[0].id: 'Prueba Uno' is not a valid id: "
            "use lowercase letters, digits, '-' and '.', e.g. promesas.fiesta-cancelada"
        ],
    ),
    Case(
        "bad-format",
        pack(edit(QUIZ, "format: momentos.pack/1", "format: momentos.pack/2")),
        ["content/pack.yaml:1:9: format: expected 'momentos.pack/1', got 'momentos.pack/2'"],
    ),
    Case(
        "bad-language",
        pack(edit(QUIZ, "language: es", "language: fr")),
        ["content/pack.yaml:5:13: pack.language: expected 'es' or 'en', got 'fr'"],
    ),
    Case(
        "empty-document",
        pack(""),
        ["content/pack.yaml:1:1: (document): the document is empty; expected 'format:' and its sections"],
    ),
    Case(
        "only-comments",
        pack("# nothing here yet\n# still nothing\n"),
        ["content/pack.yaml:1:1: (document): the document is empty; expected 'format:' and its sections"],
    ),
    Case(
        "non-mapping-document",
        pack("- format: momentos.pack/1\n- items: []\n"),
        [
            "content/pack.yaml:1:1: (document): "
            "the document is not a mapping of keys to values; expected 'format:' and its sections"
        ],
    ),
    Case(
        "yaml-syntax-error",
        pack(edit(QUIZ, "dimensions: [cortesia]", "dimensions: [cortesia")),
        [
            "content/pack.yaml:12:13: (document): YAML syntax: "
            "expected ',' or ']', but got ':' (while parsing a flow sequence)"
        ],
    ),
    Case(
        "yaml-tab-indentation",
        pack(edit(QUIZ, "    kind: quiz\n", "\tkind: quiz\n")),
        [
            "content/pack.yaml:8:1: (document): YAML syntax: "
            "found character '\\t' that cannot start any token (while scanning for the next token)"
        ],
    ),
    Case(
        "duplicate-yaml-key",
        pack(edit(QUIZ, "    title: Primera\n", "    title: Primera\n    title: Otra\n")),
        ["content/pack.yaml:10:5: items[0].title: duplicate key 'title': each key may appear once per mapping"],
    ),
    Case(
        "alias",
        pack(
            edit(
                edit(QUIZ, "feedback: Bien.", "feedback: &fb Bien."),
                "feedback: Mal.",
                "feedback: *fb",
            )
        ),
        [
            "content/pack.yaml:19:19: (document): YAML syntax: "
            "anchors and aliases (&name / *name) are not supported in content files"
        ],
    ),
    Case(
        "nesting-deeper-than-32",
        pack(deep_nesting()),
        ["content/pack.yaml:2:39: (document): YAML syntax: document too large: nesting deeper than 32 levels"],
    ),
    Case(
        "file-over-1-mib",
        pack(big_file()),
        ["content/pack.yaml:1:1: (document): file is 1048577 bytes; at most 1048576 allowed"],
    ),
    Case(
        "binary-file",
        pack(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ["content/pack.yaml:1:1: (document): this is a binary file, not YAML text"],
    ),
    Case(
        "not-utf8",
        # Saved as Latin-1: 'é' is the single byte 0xE9, the first non-ASCII byte of the file.
        pack(edit(edit(QUIZ, "¿Qué haces?", "Que haces?"), "title: Primera", "title: Café").encode("latin-1")),
        ["content/pack.yaml:9:15: (document): text is not UTF-8; save the file as UTF-8"],
    ),
    Case(
        "seed-without-passage",
        pack(edit(QUIZ, "      note: Escrito para la prueba.\n", "      seed: 000_6752c24b689cf05b.txt\n")),
        ["content/pack.yaml:22:7: items[0].source: 'seed' and 'passage' go together: quote the passage of that seed"],
    ),
    Case(
        "source-without-anything",
        pack(edit(QUIZ, "    source:\n      note: Escrito para la prueba.\n", "    source: {}\n")),
        ["content/pack.yaml:21:13: items[0].source: say where the item comes from: 'seed' + 'passage', or a 'note'"],
    ),
    Case(
        "plain-text-in-a-two-language-pack",
        pack(edit(QUIZ, "  language: es\n", "  languages: [es, en]\n")),
        [
            f"content/pack.yaml:{line}:{column}: items[0].{path}: this pack is in es and en: write {{es: ..., en: ...}}"
            for line, column, path in (
                (9, 12, "title"),
                (12, 15, "question"),
                (14, 15, "choices[0].text"),
                (16, 19, "choices[0].feedback"),
                (17, 15, "choices[1].text"),
                (19, 19, "choices[1].feedback"),
                (20, 18, "explanation"),
            )
        ],
    ),
    Case(
        "undeclared-language",
        pack(edit(QUIZ, "    title: Primera\n", "    title: {es: Primera, en: First}\n")),
        ["content/pack.yaml:9:26: items[0].title.en: 'en' is not one of this pack's languages (es)"],
    ),
    Case(
        "missing-translation",
        pack(BILINGUAL.replace("    title: {es: Primera, en: First}\n", "    title: {es: Primera}\n")),
        ["content/pack.yaml:9:12: items[0].title: the 'en' text is missing (the pack's languages are es, en)"],
    ),
    Case(
        "language-and-languages",
        pack(edit(QUIZ, "  language: es\n", "  language: es\n  languages: [es]\n")),
        ["content/pack.yaml:5:3: pack.language: give either 'language' or 'languages', not both"],
    ),
    Case(
        "no-language",
        pack(edit(QUIZ, "  language: es\n", "")),
        ["content/pack.yaml:3:3: pack.languages: say which languages the items are written in, e.g. [es, en]"],
    ),
    Case(
        "post-too-long",
        pack(LONG_POST),
        [
            "content/pack.yaml:7:5: items[0]: "
            "story, question and choices add up to 4530 characters in 'es'; at most 3800 fit in one post"
        ],
    ),
]


def write_content(root: Path, files: dict[str, str | bytes]) -> Path:
    content = root / "content"
    content.mkdir()
    shutil.copy(SCENARIOS / STEPS_FILE, content / STEPS_FILE)
    shutil.copy(SCENARIOS / DIMENSIONS_FILE, content / DIMENSIONS_FILE)
    for name, body in files.items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8")
    return content


def problems_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes]) -> list[str]:
    content = write_content(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    report = caught.value.report().splitlines()
    assert report == [str(problem) for problem in caught.value.problems]
    assert str(caught.value) == caught.value.report()
    return report


def test_the_baselines_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_content(tmp_path, {"a.yaml": QUIZ + SECOND_ITEM, "b.yaml": SCENARIO})
    monkeypatch.chdir(tmp_path)
    catalog = load_catalog(content)
    assert sorted(catalog.items) == ["escenas.uno", "prueba.dos", "prueba.uno"]
    assert catalog.items["prueba.uno"].choices[0].correct
    assert catalog.items["escenas.uno"].reflection is not None


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_content_is_reported_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    assert problems_of(tmp_path, monkeypatch, case.files) == case.expected


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


def test_a_two_language_pack_loads_both_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_content(tmp_path, pack(BILINGUAL))
    monkeypatch.chdir(tmp_path)
    item = load_catalog(content).items["prueba.uno"]
    assert item.languages == ("es", "en")
    assert (item.title.get("es"), item.title.get("en")) == ("Primera", "First")
    assert item.choices[1].feedback.get("en") == "Bad."


def test_a_number_is_accepted_where_text_is_expected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # YAML reads `text: 10` as a number; a choice "10" is still a sensible text, so it is taken as "10".
    content = write_content(tmp_path, pack(edit(QUIZ, "text: Saludo", "text: 10")))
    monkeypatch.chdir(tmp_path)
    assert load_catalog(content).items["prueba.uno"].choices[0].text.get("es") == "10"


def test_one_broken_pack_refuses_the_whole_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = edit(SCENARIO, "step: 2", "step: 12")
    report = problems_of(tmp_path, monkeypatch, {"good.yaml": QUIZ, "broken.yaml": broken})
    assert report == ["content/broken.yaml:10:11: items[0].step: must be at most 10, got 12"]


def test_every_problem_of_a_file_is_reported_at_once_sorted_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = QUIZ
    text = edit(text, "step: 1\n", "step: 0\n")
    text = edit(text, "id: prueba.uno", "id: Prueba")
    text = edit(text, "feedback: Mal.", "feedback: Mal.\n        feedbak: Otra.")
    text = edit(text, "language: es", "language: xx")
    report = problems_of(tmp_path, monkeypatch, pack(text))
    assert report == [
        "content/pack.yaml:5:13: pack.language: expected 'es' or 'en', got 'xx'",
        "content/pack.yaml:7:9: items[0].id: 'Prueba' is not a valid id: "
        "use lowercase letters, digits, '-' and '.', e.g. promesas.fiesta-cancelada",
        "content/pack.yaml:10:11: items[0].step: must be at least 1, got 0",
        "content/pack.yaml:20:9: items[0].choices[1].feedbak: "
        "unknown key 'feedbak'; did you mean 'feedback'? (allowed: text, correct, feedback)",
    ]


def test_rule_problems_of_several_items_are_reported_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = edit(QUIZ, "dimensions: [cortesia]", "dimensions: [amable]")
    second = edit(SECOND_ITEM, "        correct: true\n", "        correct: false\n")
    report = problems_of(tmp_path, monkeypatch, pack(first + second))
    assert report == [
        f"content/pack.yaml:11:18: items[0].dimensions[0]: unknown dimension 'amable' (known: {KNOWN_DIMENSIONS})",
        "content/pack.yaml:30:7: items[1].choices: exactly one choice must be correct (found 0)",
    ]


def test_problems_in_steps_and_dimensions_files_are_reported_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path, pack(QUIZ))
    steps = (content / STEPS_FILE).read_text(encoding="utf-8")
    (content / STEPS_FILE).write_text(steps.replace("  - number: 2\n", "  - number: 3\n", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.file == "content/steps.yaml"
    assert str(problem).endswith(": steps[1].number: steps must be numbered 1 to 10 in order; expected 2")


def test_a_directory_without_packs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems_of(tmp_path, monkeypatch, {}) == ["content:1:1: (document): no content packs (*.yaml) found"]


def test_a_missing_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path / "nowhere")
    assert caught.value.report() == "nowhere:1:1: (document): content directory not found"
