"""A server's scoring file: defaults when silent, exact round trips, and broken files refused with located lines.

Broken cases edit BASE (line numbers below refer to it) and compare the full report, as content errors do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.content.errors import ContentError
from bot.content.scoring import (
    MAX_SCORING_BYTES,
    SCORING_FORMAT,
    ScoringFile,
    VisibilityName,
    dump_scoring,
    load_scoring,
)
from bot.domain.scoring import RulesError, ScoringRules
from bot.domain.settings import GameRules, ReviewSettings, Visibility

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "scoring.example.yaml"
FILE = "scoring.yaml"
PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

SECTIONS = (
    "format, quiz, speed_bonus, streak, reflection, kudos, highlight, reviews, reflections_visible, exclude_managers"
)

BASE = """\
format: momentos.scoring/1
quiz:
  correct: 100
  wrong: 0
speed_bonus:
  max: 40
  minutes: 120
streak:
  per_day: 10
  cap: 50
reflection:
  points: 30
  min_length: 80
kudos:
  points: 5
  max_per_reflection: 10
  max_per_day: 5
highlight:
  points: 50
reflections_visible: after_close
exclude_managers: false
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """`text` with `old` (which must occur exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def load(text: str | bytes) -> GameRules:
    return load_scoring(text.encode() if isinstance(text, str) else text, FILE)


def report(text: str | bytes) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(text)
    return caught.value.report().splitlines()


# --- the example file and round trips ---------------------------------------------------------------------


def test_example_file_loads_to_the_defaults() -> None:
    assert load_scoring(EXAMPLE.read_bytes(), str(EXAMPLE)) == GameRules()


def test_example_file_is_the_dump_of_the_defaults() -> None:
    """The example is generated: regenerate it with dump_scoring(GameRules()) after changing a default."""
    assert EXAMPLE.read_text(encoding="utf-8") == dump_scoring(GameRules())


def test_base_is_the_defaults() -> None:
    assert load(BASE) == GameRules()


def test_dump_round_trips_the_defaults() -> None:
    assert load(dump_scoring(GameRules())) == GameRules()


def test_dump_round_trips_a_changed_rule_set() -> None:
    scoring = replace(
        ScoringRules(),
        correct=50,
        wrong=5,
        speed_bonus=0,
        speed_minutes=30,
        streak_per_day=0,
        streak_cap=1000,
        reflection_min_length=20,
        kudos_per_day=0,
    )
    rules = GameRules(scoring, visibility=Visibility.IMMEDIATE, exclude_managers=True)
    text = dump_scoring(rules)
    assert text.startswith("# ")
    assert f"format: {SCORING_FORMAT}" in text
    assert "reflections_visible: immediate " in text
    assert "exclude_managers: true " in text
    assert load(text) == rules


@pytest.mark.parametrize("visibility", list(Visibility))
def test_every_visibility_round_trips(visibility: Visibility) -> None:
    rules = GameRules(visibility=visibility)
    assert load(dump_scoring(rules)) == rules


def test_the_file_spells_every_visibility_of_the_domain() -> None:
    assert set(get_args(VisibilityName)) == {v.value for v in Visibility}


def test_dump_comments_every_key_in_both_languages_with_its_bounds() -> None:
    for line in dump_scoring(GameRules()).splitlines():
        if line.startswith("#") or line.endswith(":"):
            continue
        assert " # " in line and " / " in line, line
    assert "correct: 100" in dump_scoring(GameRules())
    assert "(0-1000)" in dump_scoring(GameRules())
    assert "(1-1440)" in dump_scoring(GameRules())


# --- what a silent file means -----------------------------------------------------------------------------


def test_only_the_format_line_means_all_defaults() -> None:
    assert load(f"format: {SCORING_FORMAT}\n") == GameRules()


def test_only_what_differs_needs_writing() -> None:
    text = f"format: {SCORING_FORMAT}\nquiz:\n  correct: 50\nreflections_visible: managers_only\n"
    assert load(text) == GameRules(replace(ScoringRules(), correct=50), visibility=Visibility.MANAGERS_ONLY)


def test_a_section_with_every_key_commented_out_keeps_its_defaults() -> None:
    text = f"format: {SCORING_FORMAT}\nkudos:\n  # points: 5\nstreak: {{}}\n"
    assert load(text) == GameRules()


def test_the_file_defaults_are_the_domain_defaults() -> None:
    spec = ScoringFile.model_validate({"format": SCORING_FORMAT})
    assert spec.reflections_visible == GameRules().visibility.value
    assert spec.exclude_managers is GameRules().exclude_managers


def test_an_empty_file_is_refused() -> None:
    expected = [f"{FILE}:1:1: (document): the document is empty; expected 'format:' and its sections"]
    assert report("") == expected
    assert report("# nada\n") == expected


# --- broken files -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    text: str | bytes
    expected: list[str]


def big_file() -> bytes:
    data = BASE.encode()
    return data + b"#" + b"x" * (MAX_SCORING_BYTES - len(data)) + b"\n"


SPEED_GAP = "the speed bonus must stay below the gap between a correct and a wrong answer"

CASES = [
    Case(
        "wrong-format",
        edit("format: momentos.scoring/1", "format: momentos.pack/1"),
        [f"{FILE}:1:9: format: expected 'momentos.scoring/1', got 'momentos.pack/1'"],
    ),
    Case(
        "missing-format",
        edit("format: momentos.scoring/1\n", ""),
        [f"{FILE}:1:1: format: required key is missing"],
    ),
    Case(
        "unknown-section-did-you-mean",
        edit("streak:", "streaks:"),
        [f"{FILE}:8:1: streaks: unknown key 'streaks'; did you mean 'streak'? (allowed: {SECTIONS})"],
    ),
    Case(
        "unknown-section",
        BASE + "prizes:\n  gold: 3\n",
        [f"{FILE}:22:1: prizes: unknown key 'prizes' (allowed: {SECTIONS})"],
    ),
    Case(
        "unknown-key-did-you-mean",
        edit("  correct: 100", "  corect: 100"),
        [f"{FILE}:3:3: quiz.corect: unknown key 'corect'; did you mean 'correct'? (allowed: correct, wrong)"],
    ),
    Case(
        "unknown-key-in-kudos",
        edit("  max_per_day: 5", "  per_day: 5"),
        [
            f"{FILE}:17:3: kudos.per_day: unknown key 'per_day'; did you mean 'max_per_day'? "
            "(allowed: points, max_per_reflection, max_per_day)"
        ],
    ),
    Case(
        "text-where-number",
        edit("  correct: 100", "  correct: cien"),
        [f"{FILE}:3:12: quiz.correct: expected a whole number, got text"],
    ),
    Case(
        "quoted-number",
        edit("  points: 30", '  points: "30"'),
        [f"{FILE}:12:11: reflection.points: expected a whole number, got text"],
    ),
    Case(
        "float",
        edit("  max: 40", "  max: 12.5"),
        [f"{FILE}:6:8: speed_bonus.max: expected a whole number, got a number (12.5)"],
    ),
    Case(
        "negative",
        edit("  wrong: 0", "  wrong: -5"),
        [f"{FILE}:4:10: quiz.wrong: must be at least 0, got -5"],
    ),
    Case(
        "above-maximum-points",
        edit("  max: 40", "  max: 5000"),
        [f"{FILE}:6:8: speed_bonus.max: must be at most 1000, got 5000"],
    ),
    Case(
        "above-maximum-minutes",
        edit("  minutes: 120", "  minutes: 2000"),
        [f"{FILE}:7:12: speed_bonus.minutes: must be at most 1440, got 2000"],
    ),
    Case(
        "no-fade-minutes",
        edit("  minutes: 120", "  minutes: 0"),
        [f"{FILE}:7:12: speed_bonus.minutes: must be at least 1, got 0"],
    ),
    Case(
        "above-maximum-count",
        edit("  max_per_day: 5", "  max_per_day: 500"),
        [f"{FILE}:17:16: kudos.max_per_day: must be at most 100, got 500"],
    ),
    Case(
        "below-minimum-length",
        edit("  min_length: 80", "  min_length: 10"),
        [f"{FILE}:13:15: reflection.min_length: must be at least 20, got 10"],
    ),
    Case(
        "bad-visibility",
        edit("reflections_visible: after_close", "reflections_visible: later"),
        [f"{FILE}:20:22: reflections_visible: expected 'after_close', 'immediate' or 'managers_only', got 'later'"],
    ),
    Case(
        "boolean-where-number",
        edit("  correct: 100", "  correct: true"),
        [f"{FILE}:3:12: quiz.correct: expected a whole number, got a true/false value (true)"],
    ),
    Case(
        "number-where-boolean",
        edit("exclude_managers: false", "exclude_managers: 1"),
        [f"{FILE}:21:19: exclude_managers: expected true or false, got a number (1)"],
    ),
    Case(
        "null-key",
        edit("  cap: 50", "  cap:"),
        [f"{FILE}:10:7: streak.cap: expected a whole number, got nothing (null)"],
    ),
    Case(
        "section-not-a-mapping",
        edit("highlight:\n  points: 50", "highlight: 50"),
        [f"{FILE}:18:12: highlight: expected a mapping of keys to values, got a number (50)"],
    ),
    Case(
        "document-not-a-mapping",
        "- format: momentos.scoring/1\n",
        [
            f"{FILE}:1:1: (document): the document is not a mapping of keys to values; "
            "expected 'format:' and its sections"
        ],
    ),
    Case(
        "speed-bonus-not-below-the-gap",
        edit("  max: 40", "  max: 100"),
        [
            f"{FILE}:6:8: speed_bonus.max: {SPEED_GAP} (100 - 0 = 100), got 100; use at most 99 so being right matters "
            "more than being fast"
        ],
    ),
    Case(
        "speed-bonus-gap-closed-by-correct",
        f"format: {SCORING_FORMAT}\nquiz:\n  correct: 30\n",
        [
            f"{FILE}:3:12: quiz.correct: {SPEED_GAP} (30 - 0 = 30), got 40; use at most 29 so being right matters "
            "more than being fast"
        ],
    ),
    Case(
        "wrong-not-below-correct",
        edit("  wrong: 0", "  wrong: 100"),
        [
            f"{FILE}:4:10: quiz.wrong: a wrong answer must be worth less than a correct one: quiz.wrong is 100, "
            "quiz.correct is 100"
        ],
    ),
    Case(
        "correct-lowered-to-wrong",
        f"format: {SCORING_FORMAT}\nquiz:\n  correct: 0\n",
        [
            f"{FILE}:3:12: quiz.correct: a wrong answer must be worth less than a correct one: quiz.wrong is 0, "
            "quiz.correct is 0"
        ],
    ),
    Case(
        "several-problems-at-once",
        edit("  wrong: 0", "  wrong: -1", edit("  cap: 50", "  cap: 5.0", edit("highlight:", "highlite:"))),
        [
            f"{FILE}:4:10: quiz.wrong: must be at least 0, got -1",
            f"{FILE}:10:8: streak.cap: expected a whole number, got a number (5.0)",
            f"{FILE}:18:1: highlite: unknown key 'highlite'; did you mean 'highlight'? (allowed: {SECTIONS})",
        ],
    ),
    Case(
        "alias",
        edit("streak:\n  per_day: 10\n  cap: 50", "streak: &s\n  per_day: 10\n  cap: 50\nhighlights: *s"),
        [
            f"{FILE}:11:13: (document): YAML syntax: anchors and aliases (&name / *name) "
            "are not supported in content files"
        ],
    ),
    Case(
        "duplicate-key",
        edit("  wrong: 0", "  wrong: 0\n  correct: 90"),
        [f"{FILE}:5:3: quiz.correct: duplicate key 'correct': each key may appear once per mapping"],
    ),
    Case(
        "syntax-error",
        edit("  max: 40", "\tmax: 40"),
        [
            f"{FILE}:6:1: (document): YAML syntax: found character '\\t' that cannot start any token "
            "(while scanning for the next token)"
        ],
    ),
    Case(
        "too-large",
        big_file(),
        [f"{FILE}:1:1: (document): file is {MAX_SCORING_BYTES + 2} bytes; at most {MAX_SCORING_BYTES} allowed"],
    ),
    Case(
        "binary",
        b"format: momentos.scoring/1\n\x00\x01\x02",
        [f"{FILE}:1:1: (document): this is a binary file, not YAML text"],
    ),
    Case(
        "not-utf8",
        edit("exclude_managers: false", "exclude_managers: false # a\xf1o").encode("latin-1"),
        [f"{FILE}:21:28: (document): text is not UTF-8; save the file as UTF-8"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_file_is_refused_with_exact_report(case: Case) -> None:
    assert report(case.text) == case.expected


def test_a_huge_file_is_refused_before_parsing() -> None:
    raw = b"format: momentos.scoring/1\n" + b"quiz: [" + b"1, " * 5_000_000 + b"]\n"
    started = time.perf_counter()
    assert report(raw) == [f"{FILE}:1:1: (document): file is {len(raw)} bytes; at most {MAX_SCORING_BYTES} allowed"]
    assert time.perf_counter() - started < 0.5


def test_a_promise_the_file_does_not_know_is_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to ScoringRules later still comes back as a located problem, not a traceback."""

    def refuse(self: ScoringRules) -> None:
        raise RulesError("a new promise")

    monkeypatch.setattr(ScoringRules, "__post_init__", refuse)
    assert report(BASE) == [f"{FILE}:1:1: (document): a new promise"]


# --- whatever is written, it loads or is refused with located problems ------------------------------------

KEYS = [
    "format",
    "quiz",
    "correct",
    "wrong",
    "speed_bonus",
    "max",
    "minutes",
    "streak",
    "per_day",
    "cap",
    "reflection",
    "points",
    "min_length",
    "kudos",
    "max_per_reflection",
    "max_per_day",
    "highlight",
    "reflections_visible",
    "exclude_managers",
]
WORDS = [SCORING_FORMAT, "after_close", "immediate", "managers_only", "true", "100", ""]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers(min_value=0, max_value=3))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=4)),
    max_leaves=20,
)
documents = st.fixed_dictionaries(
    {"format": st.sampled_from([SCORING_FORMAT, "momentos.pack/1"])},
    optional={key: structures for key in KEYS[1:]},
)
TOKENS = [
    "format: momentos.scoring/1\n",
    "quiz:\n",
    "speed_bonus:\n",
    "  correct: ",
    "  max: ",
    "minutes: ",
    "reflections_visible: ",
    "exclude_managers: ",
    "  ",
    "- ",
    ": ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "<<: ",
    "!!int x",
    "2026-13-45",
    "~",
    "1.5",
    "100",
    "-3",
    "0x1F",
    ".inf",
    "1_000",
    "true",
    "immediate",
    "\t",
    "é",
    "\ufeff",
    "\x00",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


def loads_or_is_located(raw: bytes) -> None:
    """Load, or be refused with every problem placed at a real line and column; anything else propagates."""
    try:
        rules = load_scoring(raw, FILE)
    except ContentError as error:
        refused = error
    else:
        assert isinstance(rules, GameRules)
        return
    assert refused.problems
    for problem in refused.problems:
        assert problem.file == FILE
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message


@PROPERTY
@given(st.one_of(documents, structures))
@example({"format": SCORING_FORMAT, "quiz": {"correct": 0, 1: None}})
def test_random_structures_load_or_are_refused_with_located_problems(data: Any) -> None:
    loads_or_is_located(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())


@PROPERTY
@given(st.one_of(yamlish.map(str.encode), st.binary(max_size=100)))
@example(b"\xff\xfeformat")
def test_random_yaml_text_loads_or_is_refused_with_located_problems(raw: bytes) -> None:
    loads_or_is_located(raw)


@st.composite
def valid_rules(draw: st.DrawFn) -> GameRules:
    """Any rule set the file can express: every number within its bounds, and the game's promises kept."""
    correct = draw(st.integers(1, 1000))
    wrong = draw(st.integers(0, correct - 1))
    scoring = ScoringRules(
        correct=correct,
        wrong=wrong,
        speed_bonus=draw(st.integers(0, correct - wrong - 1)),
        speed_minutes=draw(st.integers(1, 1440)),
        streak_per_day=draw(st.integers(0, 1000)),
        streak_cap=draw(st.integers(0, 1000)),
        reflection=draw(st.integers(0, 1000)),
        reflection_min_length=draw(st.integers(20, 1000)),
        kudos=draw(st.integers(0, 1000)),
        kudos_per_reflection=draw(st.integers(0, 100)),
        kudos_per_day=draw(st.integers(0, 100)),
        highlight=draw(st.integers(0, 1000)),
        review=draw(st.integers(0, 1000)),
    )
    reviews = ReviewSettings(
        per_day=draw(st.integers(0, 10)),
        desired_retention=draw(st.integers(70, 97)) / 100,
        max_interval_days=draw(st.integers(7, 3650)),
    )
    return GameRules(scoring, draw(st.sampled_from(Visibility)), draw(st.booleans()), reviews)


@PROPERTY
@given(valid_rules())
def test_every_valid_rule_set_round_trips(rules: GameRules) -> None:
    assert load(dump_scoring(rules)) == rules
