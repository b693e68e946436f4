"""Points for an answer, and which item a guild plays next."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.model import Choice, Item, ItemKind, Source, Text
from bot.domain.rotation import pick_item
from bot.domain.scoring import (
    AnswerScore,
    Award,
    EventKind,
    InvalidChoice,
    RulesError,
    ScoringRules,
    score_answer,
    speed_bonus,
    streak_bonus,
)


def item(item_id: str = "pack.one", correct: int = 1, choices: int = 3) -> Item:
    return Item(
        id=item_id,
        kind=ItemKind.QUIZ,
        title=Text.of(es="t"),
        step=1,
        dimensions=("cortesia",),
        explanation=Text.of(es="e"),
        source=Source(note="n"),
        languages=("es",),
        question=Text.of(es="q?"),
        choices=tuple(Choice(Text.of(es=f"c{i}"), i == correct, Text.of(es=f"f{i}")) for i in range(choices)),
    )


# --- scoring ---------------------------------------------------------------------------------------------


def test_correct_answer_scores_100_and_wrong_scores_0_by_default() -> None:
    quiz = item(correct=1)
    assert score_answer(quiz, 1) == AnswerScore(correct=True, awards=(Award(EventKind.ANSWER, 100),))
    assert score_answer(quiz, 0) == AnswerScore(correct=False, awards=(Award(EventKind.ANSWER, 0),))
    assert score_answer(quiz, 2).points == 0


def test_custom_rules_are_applied() -> None:
    rules = ScoringRules(correct=10, wrong=2, speed_bonus=5)
    assert score_answer(item(correct=0), 0, rules).points == 10
    assert score_answer(item(correct=0), 1, rules).points == 2


@pytest.mark.parametrize("choice", [-1, 3, 99])
def test_a_choice_the_item_does_not_have_is_refused(choice: int) -> None:
    with pytest.raises(InvalidChoice, match=f"item pack.one has no choice {choice}"):
        score_answer(item(choices=3), choice)


@pytest.mark.parametrize(("correct", "wrong"), [(-1, 0), (100, -5)])
def test_points_are_never_negative(correct: int, wrong: int) -> None:
    with pytest.raises(RulesError, match="points are never negative"):
        ScoringRules(correct=correct, wrong=wrong)


@pytest.mark.parametrize(
    ("minutes", "bonus"),
    [(-5, 40), (0, 40), (1, 39), (30, 30), (60, 20), (90, 10), (119, 0), (120, 0), (600, 0)],
)
def test_speed_bonus_fades_linearly_over_the_first_two_hours(minutes: int, bonus: int) -> None:
    assert speed_bonus(ScoringRules(), timedelta(minutes=minutes)) == bonus


def test_speed_bonus_rewards_only_correct_answers() -> None:
    quiz = item(correct=1)
    fast_right = score_answer(quiz, 1, elapsed=timedelta(seconds=1))
    fast_wrong = score_answer(quiz, 0, elapsed=timedelta(seconds=1))
    slow_right = score_answer(quiz, 1, elapsed=timedelta(hours=5))
    assert fast_right.of(EventKind.SPEED) == 39 and fast_right.points == 139
    assert fast_wrong.points == 0 and fast_wrong.of(EventKind.SPEED) == 0
    assert slow_right.points == 100
    assert slow_right.points > fast_wrong.points, "a thoughtful correct answer beats a fast wrong one"


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0), (1, 0), (2, 10), (3, 20), (6, 50), (7, 50), (40, 50)])
def test_streak_bonus_starts_on_day_two_and_is_capped(streak: int, bonus: int) -> None:
    assert streak_bonus(ScoringRules(), streak) == bonus
    wrong = score_answer(item(correct=1), 0, streak=streak)
    assert wrong.of(EventKind.STREAK) == bonus, "participation counts, right or wrong"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"speed_bonus": 100}, "speed bonus must be smaller"),
        ({"wrong": 100}, "wrong answer must be worth less"),
        ({"speed_minutes": 0}, "minutes over which it fades"),
        ({"kudos": -1}, "never negative: kudos"),
    ],
)
def test_rules_that_break_the_games_promises_are_refused(changes: dict[str, int], message: str) -> None:
    with pytest.raises(RulesError, match=message):
        ScoringRules(**changes)  # type: ignore[arg-type]


# --- rotation --------------------------------------------------------------------------------------------

IDS = [f"pack.item-{n:02d}" for n in range(12)]


def items() -> list[Item]:
    return [item(item_id) for item_id in IDS]


def test_no_candidates_means_nothing_to_post() -> None:
    assert pick_item([], {}, guild_id=1) is None


def test_least_posted_item_comes_first() -> None:
    usage = {item_id: 2 for item_id in IDS}
    usage["pack.item-07"] = 1
    picked = pick_item(items(), usage, guild_id=1)
    assert picked is not None
    assert picked.id == "pack.item-07"


def test_never_posted_items_count_as_zero() -> None:
    usage = {item_id: 1 for item_id in IDS if item_id != "pack.item-03"}
    picked = pick_item(items(), usage, guild_id=42)
    assert picked is not None
    assert picked.id == "pack.item-03"


def test_choice_is_deterministic_for_a_guild_and_independent_of_candidate_order() -> None:
    first = pick_item(items(), {}, guild_id=123)
    again = pick_item(list(reversed(items())), {}, guild_id=123)
    assert first is not None
    assert again is not None
    assert first.id == again.id


def test_different_guilds_may_start_with_different_items() -> None:
    firsts = {pick.id for guild in range(1, 40) if (pick := pick_item(items(), {}, guild_id=guild)) is not None}
    assert len(firsts) > 1


def test_every_item_is_played_once_before_any_repeats() -> None:
    usage: dict[str, int] = {}
    played = []
    for _ in IDS:
        picked = pick_item(items(), usage, guild_id=7)
        assert picked is not None
        played.append(picked.id)
        usage[picked.id] = usage.get(picked.id, 0) + 1
    assert sorted(played) == sorted(IDS)
    # The second round repeats the same order.
    second = pick_item(items(), usage, guild_id=7)
    assert second is not None
    assert second.id == played[0]
