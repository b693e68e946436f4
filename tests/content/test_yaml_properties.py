"""Whatever bytes an author saves, loading either works or reports located problems; it never crashes.

`parse` + `validate_as(PackFile, ...)` must return a pack or raise ContentError whose every problem has a
line and column ≥ 1. Any other exception would reach `momentos validate` (and the bot's start-up) as a
traceback instead of a message an author can act on.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.content.errors import ContentError
from bot.content.loader import validate_as
from bot.content.schema import PackFile
from bot.content.yamlsource import decode, parse

FILE = "content/pack.yaml"
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "format",
    "pack",
    "items",
    "id",
    "title",
    "language",
    "description",
    "kind",
    "step",
    "dimensions",
    "story",
    "question",
    "choices",
    "text",
    "correct",
    "feedback",
    "explanation",
    "reflection",
    "prompts",
    "min_length",
    "source",
    "seed",
    "passage",
    "note",
    "tags",
    "translation_of",
]
WORDS = ["momentos.pack/1", "quiz", "scenario", "es", "en", "cortesia", "prueba.uno", "true", "1", "¿Qué?", ""]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8), st.integers(min_value=0, max_value=5))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)

# Pieces of YAML syntax that, glued together, make documents that are almost (and often not) valid.
SAFE_TOKENS = [
    "format: momentos.pack/1\n",
    "pack:\n",
    "items:\n",
    "  - ",
    "- ",
    "  ",
    "    ",
    "id: prueba.uno",
    "kind: quiz",
    "step: 1",
    "choices:",
    "correct: true",
    ": ",
    ":",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "'",
    '"',
    "#",
    "|\n",
    ">-\n",
    "\t",
    "---\n",
    "...\n",
    "&a ",
    "*a",
    "<<: ",
    "%YAML 1.1\n",
    "~",
    "null",
    "1.5",
    "0x1F",
    ".inf",
    "é",
    "\ufeff",
    "\x85",
]
# Tokens that PyYAML's constructors turn into ValueError/KeyError/AttributeError instead of a YAML error.
CONSTRUCTOR_TOKENS = ["!!int x", "!!float x", "!!bool maybe", "!!timestamp x", "2026-13-45", "!!binary ~", "!!str"]

yamlish = st.lists(st.sampled_from(SAFE_TOKENS), max_size=40).map("".join)
yamlish_with_tags = st.lists(st.sampled_from(SAFE_TOKENS + CONSTRUCTOR_TOKENS), max_size=40).map("".join)


def check_located(error: ContentError) -> None:
    """Every problem names the file and a real position, and the report is in file order."""
    assert error.problems, "a ContentError must say what is wrong"
    for problem in error.problems:
        assert problem.file == FILE
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message
        assert str(problem).startswith(f"{FILE}:{problem.line}:{problem.column}: ")
    places = [(p.file, p.line, p.column) for p in error.problems]
    assert places == sorted(places)


def load(text: str) -> PackFile | None:
    """Parse and validate; None when refused with well-located problems. Other exceptions propagate."""
    try:
        return validate_as(PackFile, parse(text, FILE))
    except ContentError as error:
        refused = error
    check_located(refused)
    return None


# Characters YAML allows in a stream (no C0/C1 controls except tab, newlines and NEL; no noncharacters).
yaml_characters = st.one_of(
    st.characters(exclude_categories=("Cc", "Cs", "Cn")),
    st.sampled_from("\t\n\r\x85"),
)


@PROPERTY
@given(st.text(alphabet=yaml_characters, max_size=300))
def test_random_text_is_loaded_or_refused_with_located_problems(text: str) -> None:
    load(text)


@PROPERTY
@given(st.text(max_size=300))
@example("title: La fiesta\x0bespecial\n")
def test_random_text_with_control_characters_is_loaded_or_refused(text: str) -> None:
    load(text)


@PROPERTY
@given(st.binary(max_size=200))
def test_random_bytes_are_decoded_or_refused_with_located_problems(raw: bytes) -> None:
    try:
        text = decode(raw, FILE)
    except ContentError as error:
        refused = error
    else:
        assert isinstance(text, str)
        return
    check_located(refused)


@PROPERTY
@given(structures)
def test_random_structures_are_loaded_or_refused_with_located_problems(data: Any) -> None:
    load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@PROPERTY
@given(st.dictionaries(keys, structures, max_size=6))
def test_random_flow_mappings_are_loaded_or_refused_with_located_problems(data: dict[Any, Any]) -> None:
    load(yaml.safe_dump(data, allow_unicode=True, default_flow_style=True, width=40))


@PROPERTY
@given(yamlish)
def test_random_yaml_syntax_is_loaded_or_refused_with_located_problems(text: str) -> None:
    load(text)


@PROPERTY
@given(yamlish_with_tags)
@example("a: 2026-13-45\n")
def test_random_yaml_syntax_with_tags_and_dates_is_loaded_or_refused(text: str) -> None:
    load(text)


@pytest.mark.parametrize(
    "text",
    [
        "format: momentos.pack/1\nupdated: 2026-13-01\n",  # a date typo: month 13
        "2026-02-30: fecha\n",  # an impossible date as a key
        "format: momentos.pack/1\nupdated: 2026-01-01 25:00:00\n",
        "step: !!int uno\n",
        "step: !!float uno\n",
        "correct: !!bool quizas\n",
        "when: !!timestamp ayer\n",
        "step: " + "9" * 5000 + "\n",  # beyond Python's int-from-text limit
    ],
    ids=["month-13", "feb-30-key", "hour-25", "int-tag", "float-tag", "bool-tag", "timestamp-tag", "huge-int"],
)
def test_values_yaml_cannot_construct_are_reported_as_content_problems(text: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse(text, FILE)
    assert all(problem.line >= 1 and problem.column >= 1 for problem in caught.value.problems)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("format: momentos.pack/1\ntitle: La fiesta\x0bespecial\n", 2, 17),  # vertical tab pasted from Word
        ("format: momentos.pack/1\nnote: \x1b[31mrojo\n", 2, 7),  # terminal colour escape
        ("format: momentos.pack/1\nnote: borrar\x7f\n", 2, 13),  # DEL
        ("note: \ufffe\n", 1, 7),  # a noncharacter
    ],
    ids=["vertical-tab", "escape", "delete", "noncharacter"],
)
def test_control_characters_are_reported_where_they_are(text: str, line: int, column: int) -> None:
    with pytest.raises(ContentError) as caught:
        parse(text, FILE)
    assert [(problem.line, problem.column) for problem in caught.value.problems] == [(line, column)]


@pytest.mark.parametrize(
    "text",
    ["? 1\nzzz: x\n", "format: momentos.pack/1\npack:\n  ? 1\n  zzz: x\n"],
    ids=["top-level", "nested"],
)
def test_problems_at_the_same_spot_with_number_and_text_keys_are_all_reported(text: str) -> None:
    # `? 1` is an explicit key whose empty value sits where the next key starts.
    with pytest.raises(ContentError) as caught:
        validate_as(PackFile, parse(text, FILE))
    messages = [problem.message for problem in caught.value.problems]
    assert "keys must be text, got a number (1); rename it or put it in quotes" in messages
    assert any(message.startswith("unknown key 'zzz'") for message in messages)
