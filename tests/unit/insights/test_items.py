"""Item analysis: choice shares, a misleading (ambiguous) item and a discriminating one, worked out by hand."""

from __future__ import annotations

import pytest

from bot.domain.insights.facts import AnswerFact
from bot.domain.insights.items import MIN_ITEM_ANSWERS, ItemAnalysis, analyse_items
from tests.unit.insights.support import fact

USERS = range(1, 11)


def _first(user_id: int, item_id: str, choice_index: int, right_index: int = 0) -> AnswerFact:
    return fact(user_id, item_id=item_id, choice_index=choice_index, correct=choice_index == right_index)


def _only(analyses: list[ItemAnalysis], item_id: str) -> ItemAnalysis:
    return next(analysis for analysis in analyses if analysis.item_id == item_id)


def test_an_ambiguous_item() -> None:
    # right choice A (0); 3 chose A, 5 chose B, 2 chose C, none D → B (5) beats A (3): ambiguous
    picks = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2]
    facts = [_first(user, "amb", pick) for user, pick in zip(USERS, picks, strict=True)]
    [analysis] = analyse_items(facts, {"amb": 4}, {"amb": 0})
    assert analysis.item_id == "amb"
    assert analysis.first_attempts == 10
    assert analysis.choice_shares == pytest.approx((0.3, 0.5, 0.2, 0.0))
    assert analysis.ambiguous
    # 3 of 10 right: Wilson (0.107789, 0.603227), see test_stats
    assert (analysis.first_try.successes, analysis.first_try.n) == (3, 10)
    assert (round(analysis.first_try.low, 4), round(analysis.first_try.high, 4)) == (0.1078, 0.6032)
    # nobody answered any other item: no rest score to rank by, so no discrimination
    assert analysis.discrimination is None


def test_a_tie_between_right_and_wrong_is_not_ambiguous() -> None:
    picks = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]  # A 4 (right), B 4, C 2
    facts = [_first(user, "tie", pick) for user, pick in zip(USERS, picks, strict=True)]
    [analysis] = analyse_items(facts, {"tie": 3}, {"tie": 0})
    assert analysis.choice_shares == pytest.approx((0.4, 0.4, 0.2))
    assert not analysis.ambiguous


def test_nine_first_attempts_are_not_analysed_ten_are() -> None:
    assert MIN_ITEM_ANSWERS == 10
    nine = [_first(user, "q", 0) for user in range(1, 10)]
    # repeats and reviews of the same people are not first attempts and never make up the count
    again = [fact(user, item_id="q", first=False) for user in range(1, 10)]
    review = [fact(1, item_id="q", first=False, review=True)]
    assert analyse_items(nine + again + review, {"q": 3}, {"q": 0}) == []
    ten = [*nine, _first(10, "q", 1)]
    [analysis] = analyse_items(ten + again + review, {"q": 3}, {"q": 0})
    assert analysis.first_attempts == 10
    assert analysis.first_try.value == pytest.approx(0.9)


def test_a_discriminating_item() -> None:
    # rest scores from items o1 and o2 (right choice 0 on both):
    #   people 1-3 right on both → 1.0; 4-7 right on o1 only → 0.5; 8-10 wrong on both → 0.0
    others = []
    for user in USERS:
        others.append(_first(user, "o1", 0 if user <= 7 else 1))
        others.append(_first(user, "o2", 0 if user <= 3 else 1))
    # on x: 1, 2, 3 right; 4, 5 right; 6, 7 wrong; 8 right; 9, 10 wrong → 6 of 10 right
    x_right = {1, 2, 3, 4, 5, 8}
    x = [_first(user, "x", 0 if user in x_right else 1) for user in USERS]
    analyses = analyse_items(others + x, {"o1": 2, "o2": 2, "x": 3}, {"o1": 0, "o2": 0, "x": 0})
    assert [a.item_id for a in analyses] == ["o1", "o2", "x"]
    analysis = _only(analyses, "x")
    assert analysis.first_try.value == pytest.approx(0.6)
    assert analysis.choice_shares == pytest.approx((0.6, 0.4, 0.0))
    assert not analysis.ambiguous
    # groups of round(0.27 · 10) = round(2.7) = 3: top = 1, 2, 3 (3 of 3 right), bottom = 8, 9, 10 (1 of 3 right)
    # D = 3/3 − 1/3 = 0.666667
    assert analysis.discrimination == pytest.approx(2 / 3)


def test_equal_rest_scores_are_ranked_by_user_id() -> None:
    # everyone right on o1 and wrong on o2: every rest score is 0.5, so the ranking is by user id
    others = [_first(user, "o1", 0) for user in USERS] + [_first(user, "o2", 1) for user in USERS]
    # on t, people 1-3 right: top (1, 2, 3) 3/3, bottom (8, 9, 10) 0/3 → D = 1.0
    t = [_first(user, "t", 0 if user <= 3 else 1) for user in USERS]
    analysis = _only(analyse_items(others + t, {"o1": 2, "o2": 2, "t": 2}, {"o1": 0, "o2": 0, "t": 0}), "t")
    assert analysis.discrimination == pytest.approx(1.0)


def test_people_without_another_item_are_left_out_of_the_ranking() -> None:
    # only 1 (right on o) and 2 (wrong on o) have a rest score; groups of max(1, round(0.27 · 2)) = 1
    # on y: 1 right, 2 wrong → D = 1 − 0 = 1.0 (the other eight's answers to y do not enter D)
    others = [_first(1, "o", 0), _first(2, "o", 1)]
    y = [_first(user, "y", 0 if user in {1, 3, 4} else 1) for user in USERS]
    analysis = _only(analyse_items(others + y, {"o": 2, "y": 2}, {"o": 0, "y": 0}), "y")
    assert analysis.discrimination == pytest.approx(1.0)
    assert analysis.first_try.value == pytest.approx(0.3)


def test_a_reversed_key_discriminates_negatively() -> None:
    # rest scores as in the discriminating item, but on z the weakest get it right: top 0/3, bottom 3/3 → D = −1.0
    others = []
    for user in USERS:
        others.append(_first(user, "o1", 0 if user <= 7 else 1))
        others.append(_first(user, "o2", 0 if user <= 3 else 1))
    z = [_first(user, "z", 0 if user >= 8 else 1) for user in USERS]
    analysis = _only(analyse_items(others + z, {"o1": 2, "o2": 2, "z": 2}, {"o1": 0, "o2": 0, "z": 0}), "z")
    assert analysis.discrimination == pytest.approx(-1.0)
    # 3 right (A) against 7 on B: ambiguous as well
    assert analysis.ambiguous


def test_items_without_their_choices_are_left_out_and_order_does_not_matter() -> None:
    facts = [_first(user, "gone", 0) for user in USERS] + [_first(user, "kept", 0) for user in USERS]
    analyses = analyse_items(facts, {"kept": 3}, {"kept": 0})
    assert [a.item_id for a in analyses] == ["kept"]
    assert analyse_items(facts[::-1], {"kept": 3}, {"kept": 0}) == analyses
