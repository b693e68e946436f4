"""Per-step figures of a team and its weakest step, with the 10-attempt threshold at its edge."""

from __future__ import annotations

import pytest

from bot.domain.insights.stats import recent_share
from bot.domain.insights.teams import MIN_STEP_ANSWERS, NotEnough, StepFigures, Weakest, step_figures, weakest_step
from tests.unit.insights.support import END, attempts, day, fact, presence

# Monday and Tuesday posted step-3 items, Wednesday a step-5 item; Thursday had no post (absent from the map)
STEP_DAYS = {day(0): 3, day(1): 3, day(2): 5}


def test_step_figures_by_hand() -> None:
    people = [
        presence(10, [0, 1, 2, 3], [0, 2, 3]),  # Thursday has no post: never counted, answered or not
        presence(11, [1, 2], [1]),  # seen from Tuesday only
        presence(20, [0], [], team_id=2),
    ]
    facts = [
        fact(10, item_id="a", step=3, age_days=4),  # Monday, right at first try
        fact(11, item_id="a", step=3, age_days=3, correct=False),  # Tuesday, wrong at first try
        fact(11, item_id="a", step=3, age_days=2, first=False, review=True),  # a review on Wednesday: still step 3
        fact(10, item_id="b", step=5, age_days=2),  # Wednesday, right
        fact(10, item_id="b", step=5, age_days=-1, correct=False, first=False, review=True),  # after the end: ignored
    ]
    figures = step_figures(facts, people, STEP_DAYS, END)
    assert [(f.team_id, f.step) for f in figures] == [(1, 3), (1, 5), (2, 3)]
    team1_step3, team1_step5, team2_step3 = figures

    # step-3 posts available: 10 on Monday and Tuesday, 11 on Tuesday = 3; answered: 10 Monday, 11 Tuesday = 2
    assert (team1_step3.participation.successes, team1_step3.participation.n) == (2, 3)
    # first attempts: 10 right, 11 wrong → 1 of 2 (the review is not a first attempt)
    assert (team1_step3.first_try.successes, team1_step3.first_try.n) == (1, 2)
    assert team1_step3.attempts == 3
    # weights at Friday 09:00: 2^(−4/14) = 0.820335 (right), 2^(−3/14) = 0.861971 (wrong), 2^(−2/14) = 0.905724 (right)
    # value = (0.820335 + 0.905724) / (0.820335 + 0.861971 + 0.905724) = 1.726059 / 2.588030 = 0.666939
    assert team1_step3.current.value == pytest.approx(0.666939, abs=1e-6)
    assert team1_step3.current == recent_share(facts[:3], END)

    # step 5 (Wednesday): 10 answered, 11 did not → 1 of 2; one first attempt, right
    assert (team1_step5.participation.successes, team1_step5.participation.n) == (1, 2)
    assert (team1_step5.first_try.successes, team1_step5.first_try.n) == (1, 1)
    assert team1_step5.current.value == 1.0
    assert team1_step5.attempts == 1  # the review after the end does not count

    # team 2 had a post and nobody answered: participation 0 of 1, and no attempt is an explicit "no value"
    assert (team2_step3.participation.value, team2_step3.participation.n) == (0.0, 1)
    assert team2_step3.first_try.value is None
    assert team2_step3.current.value is None
    assert team2_step3.attempts == 0


def test_step_figures_do_not_depend_on_input_order() -> None:
    people = [presence(10, [0, 1, 2], [0]), presence(11, [1, 2], [1, 2])]
    facts = attempts(10, 3, 2, step=3, age_days=1) + attempts(11, 1, 4, step=5, age_days=6)
    forward = step_figures(facts, people, STEP_DAYS, END)
    assert step_figures(facts[::-1], people[::-1], STEP_DAYS, END) == forward


def _figures(step: int, right: int, wrong: int, *, team_id: int = 1) -> list[StepFigures]:
    """One team's figures on one step from attempts all made at the period's end (so value = right / attempts)."""
    return step_figures(attempts(1, right, wrong, team_id=team_id, step=step), [], {}, END)


def test_nine_attempts_are_not_enough_ten_are() -> None:
    assert MIN_STEP_ANSWERS == 10
    nine = _figures(4, 3, 6)
    assert weakest_step(nine, [], 1) == NotEnough(team_id=1, have=9, need=10)
    ten = _figures(4, 3, 7)
    weakest = weakest_step(ten, [], 1)
    assert isinstance(weakest, Weakest)
    assert (weakest.step, weakest.figures.attempts) == (4, 10)
    assert weakest.figures.current.value == pytest.approx(0.3)  # 3 of 10


def test_not_enough_reports_the_best_covered_step() -> None:
    current = _figures(2, 0, 9) + _figures(6, 5, 0) + _figures(1, 10, 10, team_id=2)
    assert weakest_step(current, [], 1) == NotEnough(team_id=1, have=9, need=10)
    assert weakest_step([], [], 1) == NotEnough(team_id=1, have=0, need=10)


def test_weakest_is_the_lowest_current_share_among_covered_steps_ties_to_the_lower_step() -> None:
    current = (
        _figures(2, 0, 9)  # 0% but only 9 attempts: not eligible
        + _figures(7, 6, 4)  # 6/10 = 0.6
        + _figures(4, 6, 4)  # 6/10 = 0.6: ties with step 7, the lower step wins
        + _figures(9, 9, 1)  # 0.9
        + _figures(1, 0, 10, team_id=2)  # another team's 0% is none of team 1's business
    )
    weakest = weakest_step(current, [], 1)
    assert isinstance(weakest, Weakest)
    assert weakest.step == 4
    assert weakest.figures.current.value == pytest.approx(0.6)
    assert (weakest.trend, weakest.previous_attempts) == (None, 0)  # no previous period at all
    other = weakest_step(current, [], 2)
    assert isinstance(other, Weakest)
    assert other.step == 1


def test_trend_needs_ten_attempts_in_the_previous_period_too() -> None:
    current = _figures(4, 6, 4)  # 0.6
    short = _figures(4, 3, 6)  # previous period: 9 attempts
    weakest = weakest_step(current, short, 1)
    assert isinstance(weakest, Weakest)
    assert (weakest.trend, weakest.previous_attempts) == (None, 9)

    enough = _figures(4, 4, 6)  # previous period: 4/10 = 0.4
    weakest = weakest_step(current, enough, 1)
    assert isinstance(weakest, Weakest)
    assert weakest.trend == pytest.approx(0.2)  # 0.6 − 0.4
    assert weakest.previous_attempts == 10

    # the previous period's figures of another step or another team never stand in
    elsewhere = _figures(5, 0, 10) + _figures(4, 0, 10, team_id=2)
    weakest = weakest_step(current, elsewhere, 1)
    assert isinstance(weakest, Weakest)
    assert (weakest.trend, weakest.previous_attempts) == (None, 0)
