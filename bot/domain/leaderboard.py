"""Rankings from per-person or per-team totals.

People are ranked by points. Teams are ranked by **average points per member** (so a small team that
plays well beats a big team that plays half-heartedly), members being everyone with the team's role the
bot saw in the period. Ties: an equal score shares a rank (standard competition ranking: 1, 2, 2, 4);
inside a tie the order is fixed by more correct answers, then by the tiebreak key the caller gives (team
name, member id), so the same ledger always prints the same board.
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
    seen: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share of correct answers, or None before the first answer."""
        return self.correct / self.answers if self.answers else None

    @property
    def roster(self) -> int:
        """Members counted for a team: those seen with its role, and at least those who answered."""
        return max(self.seen, self.members)

    @property
    def average(self) -> float:
        """A team's points per member of its roster (0 for a team nobody played in)."""
        return self.points / self.roster if self.roster else 0.0

    @property
    def participation(self) -> float:
        """Share of the roster that answered at least once."""
        return self.members / self.roster if self.roster else 0.0


@dataclass(frozen=True, slots=True)
class Ranked:
    """A standing with its position on the board."""

    rank: int
    standing: Standing


def by_points(standing: Standing) -> float:
    """People's score."""
    return standing.points


def by_average(standing: Standing) -> float:
    """Teams' score, rounded to what boards show so that shown ties are real ties."""
    return round(standing.average, 1)


def rank(
    standings: Iterable[Standing],
    tiebreak: Callable[[Standing], str | int] | None = None,
    score: Callable[[Standing], float] = by_points,
) -> list[Ranked]:
    """Order standings by `score` (points by default) and give equal scores the same rank."""
    scored = [(score(standing), standing) for standing in standings]  # each score once: boards rank thousands
    if tiebreak is None:
        scored.sort(key=lambda pair: (-pair[0], -pair[1].correct, pair[1].key))
    else:
        scored.sort(key=lambda pair: (-pair[0], -pair[1].correct, tiebreak(pair[1])))
    ranked: list[Ranked] = []
    previous: float | None = None
    for position, (value, standing) in enumerate(scored, start=1):
        if ranked and previous == value:
            ranked.append(Ranked(ranked[-1].rank, standing))
        else:
            ranked.append(Ranked(position, standing))
        previous = value
    return ranked


def place(
    standings: Iterable[Standing], key: int, around: int = 2, score: Callable[[Standing], float] = by_points
) -> tuple[Ranked | None, list[Ranked], int]:
    """Where `key` is on the board `rank(standings)` makes (ties by key): its row, the rows up to `around`
    places above and below it, and how many rows the board has; without making a row for everyone."""
    scored = [(score(standing), standing) for standing in standings]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].correct, pair[1].key))
    index = next((number for number, (_, standing) in enumerate(scored) if standing.key == key), None)
    if index is None:
        return None, [], len(scored)

    def rank_at(position: int) -> int:
        first = position
        while first > 0 and scored[first - 1][0] == scored[position][0]:
            first -= 1
        return first + 1

    low = max(0, index - around)
    rows = [
        Ranked(rank_at(position), scored[position][1]) for position in range(low, min(len(scored), index + around + 1))
    ]
    return rows[index - low], rows, len(scored)


def find(ranked: Sequence[Ranked], key: int) -> Ranked | None:
    """The row of `key`, if it is on the board."""
    return next((row for row in ranked if row.standing.key == key), None)
