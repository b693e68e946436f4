"""Points for an answer, and which item a guild plays next."""

from __future__ import annotations

import pytest

from bot.domain.model import Choice, Item, ItemKind, Source, Text
from bot.domain.rotation import pick_item
from bot.domain.scoring import AnswerScore, EventKind, InvalidChoice, ScoringRules, score_answer


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
    assert score_answer(quiz, 1) == AnswerScore(correct=True, points=100, kind=EventKind.ANSWER)
    assert score_answer(quiz, 0) == AnswerScore(correct=False, points=0)
    assert score_answer(quiz, 2) == AnswerScore(correct=False, points=0)


def test_custom_rules_are_applied() -> None:
    rules = ScoringRules(correct=10, wrong=2)
    assert score_answer(item(correct=0), 0, rules).points == 10
    assert score_answer(item(correct=0), 1, rules).points == 2


@pytest.mark.parametrize("choice", [-1, 3, 99])
def test_a_choice_the_item_does_not_have_is_refused(choice: int) -> None:
    with pytest.raises(InvalidChoice, match=f"item pack.one has no choice {choice}"):
        score_answer(item(choices=3), choice)


@pytest.mark.parametrize(("correct", "wrong"), [(-1, 0), (100, -5)])
def test_points_are_never_negative(correct: int, wrong: int) -> None:
    with pytest.raises(ValueError, match="points are never negative"):
        ScoringRules(correct=correct, wrong=wrong)


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
