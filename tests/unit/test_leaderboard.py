"""Rankings: standard competition ranking, deterministic order inside a tie, and lookup."""

from __future__ import annotations

from bot.domain.leaderboard import Ranked, Standing, find, rank


def positions(ranked: list[Ranked]) -> list[tuple[int, int]]:
    return [(row.rank, row.standing.key) for row in ranked]


def test_competition_ranking_1_2_2_4() -> None:
    ranked = rank(
        [
            Standing(1, points=100, answers=1, correct=1),
            Standing(2, points=300, answers=3, correct=3),
            Standing(3, points=200, answers=2, correct=2),
            Standing(4, points=200, answers=2, correct=2),
        ]
    )
    assert [row.rank for row in ranked] == [1, 2, 2, 4]
    assert positions(ranked) == [(1, 2), (2, 3), (2, 4), (4, 1)]


def test_everyone_tied_shares_rank_one() -> None:
    ranked = rank([Standing(key, 0, 0, 0) for key in (30, 10, 20)])
    assert positions(ranked) == [(1, 10), (1, 20), (1, 30)]


def test_inside_a_tie_more_correct_answers_come_first_but_share_the_rank() -> None:
    ranked = rank(
        [
            Standing(1, points=200, answers=4, correct=1),
            Standing(2, points=200, answers=4, correct=3),
        ]
    )
    assert positions(ranked) == [(1, 2), (1, 1)]


def test_inside_a_tie_with_equal_correct_the_tiebreak_key_orders() -> None:
    names = {1: "zorros", 2: "Alces", 3: "búhos"}
    standings = [Standing(key, points=100, answers=1, correct=1) for key in names]
    ranked = rank(standings, tiebreak=lambda s: names[s.key].casefold())
    assert [names[row.standing.key] for row in ranked] == ["Alces", "búhos", "zorros"]
    assert {row.rank for row in ranked} == {1}


def test_without_a_tiebreak_ties_are_ordered_by_key() -> None:
    ranked = rank([Standing(9, 50, 1, 0), Standing(3, 50, 1, 0), Standing(5, 50, 1, 0)])
    assert positions(ranked) == [(1, 3), (1, 5), (1, 9)]


def test_the_same_standings_in_any_order_give_the_same_board() -> None:
    standings = [Standing(k, p, a, c) for k, p, a, c in [(1, 100, 2, 1), (2, 100, 2, 1), (3, 0, 1, 0), (4, 200, 2, 2)]]
    assert rank(standings) == rank(list(reversed(standings)))


def test_empty_board() -> None:
    assert rank([]) == []


def test_find_returns_the_row_or_none() -> None:
    ranked = rank([Standing(1, 100, 1, 1), Standing(2, 100, 1, 1), Standing(3, 0, 1, 0)])
    row = find(ranked, 3)
    assert row is not None
    assert (row.rank, row.standing.points) == (3, 0)
    assert find(ranked, 2) == Ranked(1, Standing(2, 100, 1, 1))
    assert find(ranked, 99) is None


def test_accuracy() -> None:
    assert Standing(1, 100, 4, 1).accuracy == 0.25
    assert Standing(1, 0, 0, 0).accuracy is None
