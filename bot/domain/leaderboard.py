"""Rankings from per-person or per-team totals.

Ties: equal points share a rank (standard competition ranking: 1, 2, 2, 4). Inside a tie the order is
fixed by more correct answers, then by the tiebreak key the caller gives (team name, member id), so the
same ledger always prints the same board.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Standing:
    """Totals for one person or team over a period."""

    key: int
    points: int
    answers: int
    correct: int
    members: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share of correct answers, or None before the first answer."""
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A standing with its position on the board."""

    rank: int
    standing: Standing


def rank(standings: Iterable[Standing], tiebreak: Callable[[Standing], str | int] | None = None) -> list[Ranked]:
    """Order standings by points and give tied points the same rank."""
    order = sorted(
        standings,
        key=lambda s: (-s.points, -s.correct, tiebreak(s) if tiebreak else s.key),
    )
    ranked: list[Ranked] = []
    for position, standing in enumerate(order, start=1):
        if ranked and ranked[-1].standing.points == standing.points:
            ranked.append(Ranked(ranked[-1].rank, standing))
        else:
            ranked.append(Ranked(position, standing))
    return ranked


def find(ranked: Sequence[Ranked], key: int) -> Ranked | None:
    """The row of `key`, if it is on the board."""
    return next((row for row in ranked if row.standing.key == key), None)
