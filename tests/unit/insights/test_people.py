"""The three coaching rules, each firing and not firing at its edge, and the list's order."""

from __future__ import annotations

import pytest

from bot.domain.insights.people import (
    ABSENT_POSTS,
    BEHIND_BY,
    BEHIND_MIN_ATTEMPTS,
    CONFIDENT_WRONG,
    Flag,
    Rule,
    flags,
    missed_in_a_row,
)
from tests.unit.insights.support import END, attempts, day, fact, presence


def test_thresholds() -> None:
    assert (ABSENT_POSTS, BEHIND_BY, BEHIND_MIN_ATTEMPTS, CONFIDENT_WRONG) == (3, 0.25, 8, 3)


def test_absent_after_three_missed_posts_in_a_row() -> None:
    # answered the first two of five posts, missed the last three → flagged with 3
    assert flags([], [presence(1, [0, 1, 2, 3, 4], [0, 1])], END) == [
        Flag(user_id=1, team_id=1, rule=Rule.ABSENT, detail={"missed": 3})
    ]
    # answered the third one too: only the last two missed → nothing
    assert flags([], [presence(1, [0, 1, 2, 3, 4], [0, 1, 2])], END) == []
    # misses earlier in the period do not count once the latest post was answered
    assert flags([], [presence(1, [0, 1, 2, 3, 4], [4])], END) == []
    # all four missed → the detail says four
    assert flags([], [presence(1, [0, 1, 3, 4], [])], END)[0].detail == {"missed": 4}
    # only two posts available (paused or newly seen), both missed → too few to call absence
    assert flags([], [presence(1, [3, 4], [])], END) == []


def test_missed_in_a_row_counts_back_from_the_latest_post() -> None:
    assert missed_in_a_row([day(0), day(1), day(2)], frozenset({day(0)})) == 2
    assert missed_in_a_row([day(0), day(1), day(2)], frozenset({day(2)})) == 0
    assert missed_in_a_row([], frozenset()) == 0


def test_behind_at_exactly_a_quarter_under_the_team() -> None:
    # person 1: 4 right of 8 = 0.5; person 2: 8 of 8; team = 12 / 16 = 0.75; gap 0.75 − 0.5 = 0.25 → flagged
    facts = attempts(1, 4, 4) + attempts(2, 8, 0)
    assert flags(facts, [], END) == [
        Flag(user_id=1, team_id=1, rule=Rule.BEHIND, detail={"own": 0.5, "team": 0.75, "attempts": 8})
    ]


def test_not_behind_just_inside_the_gap() -> None:
    # person 2 has 7 right of 7: team = 11 / 15 = 0.733333; gap 0.733333 − 0.5 = 0.233333 < 0.25 → nothing
    facts = attempts(1, 4, 4) + attempts(2, 7, 0)
    assert flags(facts, [], END) == []


def test_behind_needs_eight_attempts_of_ones_own() -> None:
    # 0 of 7 against 8 of 8: team = 8 / 15 = 0.533333, gap 0.533 ≥ 0.25, but 7 attempts < 8 → nothing
    assert flags(attempts(1, 0, 7) + attempts(2, 8, 0), [], END) == []
    # 0 of 8: team = 8 / 16 = 0.5, gap 0.5 → flagged
    found = flags(attempts(1, 0, 8) + attempts(2, 8, 0), [], END)
    assert found == [Flag(user_id=1, team_id=1, rule=Rule.BEHIND, detail={"own": 0.0, "team": 0.5, "attempts": 8})]


def test_behind_reads_current_proficiency_so_old_misses_fade() -> None:
    # person 1: 4 wrong 28 days ago (w 0.25 each) and 4 right now (w 1): own = 4 / (1 + 4) = 0.8
    # team (with person 2's 8 right now): 12 / (1 + 4 + 8) = 12 / 13 = 0.923077; gap 0.123 → nothing
    # (unweighted it would be 0.5 against 0.75 and a flag)
    old = attempts(1, 0, 4, age_days=28)
    assert flags(old + attempts(1, 4, 0) + attempts(2, 8, 0), [], END) == []


def test_behind_compares_within_the_persons_team_only() -> None:
    # 4 of 8 in team 1 alone (team = own = 0.5); team 2's perfect scores are not team 1's bar
    facts = attempts(1, 4, 4) + attempts(2, 8, 0, team_id=2)
    assert flags(facts, [], END) == []


def test_confident_wrong_from_three() -> None:
    three = [fact(1, item_id=f"q{i}", correct=False, sure=True) for i in range(3)]
    assert flags(three, [], END) == [Flag(user_id=1, team_id=1, rule=Rule.CONFIDENT_WRONG, detail={"count": 3})]
    # two sure and wrong; a wrong one not sure, a wrong one unanswered, a right one sure: none of those count
    near = [
        *three[:2],
        fact(1, item_id="q7", correct=False, sure=False),
        fact(1, item_id="q8", correct=False, sure=None),
        fact(1, item_id="q9", correct=True, sure=True),
    ]
    assert flags(near, [], END) == []
    # a third one after the period's end does not count either
    later = fact(1, item_id="q5", correct=False, sure=True, age_days=-1)
    assert flags([*three[:2], later], [], END) == []


def test_flags_are_sorted_by_team_user_and_rule_never_by_performance() -> None:
    facts = (
        [fact(3, item_id=f"c{i}", correct=False, sure=True) for i in range(4)]  # 3: confident but wrong (4)
        + attempts(9, 0, 8)  # 9: behind, and far worse than 3
        + attempts(8, 8, 0)  # 8: sets the team's bar, no flag
    )
    people = [presence(5, [0, 1, 2], [], team_id=2), presence(3, [0, 1, 2], [])]
    found = flags(facts, people, END)
    assert [(f.team_id, f.user_id, f.rule) for f in found] == [
        (1, 3, Rule.ABSENT),
        (1, 3, Rule.CONFIDENT_WRONG),
        (1, 9, Rule.BEHIND),
        (2, 5, Rule.ABSENT),
    ]
    assert found[1].detail == {"count": 4}
    # 9's own 0 of 8 against team (0 + 8 + 0) / (4 + 8 + 8) = 8 / 20 = 0.4
    assert found[2].detail == pytest.approx({"own": 0.0, "team": 0.4, "attempts": 8})
    assert flags(facts[::-1], people[::-1], END) == found
