"""Kudos rules: not to oneself, once per reflection, five a day, ten counted per reflection."""

from __future__ import annotations

import pytest

from bot.domain.kudos import KudosVerdict, judge_kudos
from bot.domain.scoring import ScoringRules

RULES = ScoringRules()


def judge(**facts: int | bool) -> KudosVerdict:
    base: dict[str, int | bool] = {
        "giver_id": 1,
        "author_id": 2,
        "already_given": False,
        "counted_on_reflection": 0,
        "given_today": 0,
    }
    return judge_kudos(RULES, **{**base, **facts})  # type: ignore[arg-type]


def test_a_teammates_first_kudos_counts() -> None:
    assert judge() is KudosVerdict.COUNTED


def test_no_kudos_to_oneself_even_before_anything_else() -> None:
    assert judge(giver_id=2, author_id=2) is KudosVerdict.OWN
    assert judge(giver_id=2, author_id=2, given_today=99) is KudosVerdict.OWN


def test_one_kudos_per_person_per_reflection() -> None:
    assert judge(already_given=True) is KudosVerdict.AGAIN


@pytest.mark.parametrize(
    ("given_today", "verdict"), [(0, "counted"), (4, "counted"), (5, "daily_limit"), (9, "daily_limit")]
)
def test_five_kudos_a_day_per_giver(given_today: int, verdict: str) -> None:
    assert judge(given_today=given_today) == verdict


@pytest.mark.parametrize(("counted", "verdict"), [(9, "counted"), (10, "recorded"), (25, "recorded")])
def test_at_most_ten_kudos_count_per_reflection(counted: int, verdict: str) -> None:
    assert judge(counted_on_reflection=counted) == verdict


def test_the_limits_follow_the_servers_rules() -> None:
    rules = ScoringRules(kudos_per_day=1, kudos_per_reflection=1)
    assert (
        judge_kudos(rules, giver_id=1, author_id=2, already_given=False, counted_on_reflection=0, given_today=1)
        == "daily_limit"
    )
    assert (
        judge_kudos(rules, giver_id=1, author_id=2, already_given=False, counted_on_reflection=1, given_today=0)
        == "recorded"
    )
