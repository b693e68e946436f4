"""What coaching insight reads: attempts (daily answers and reviews), posts, who was seen in which team, pauses.

Everything is read from the ledger's own tables, so any insight can be recomputed at any time. A daily answer
is a person's *first* attempt at an item when they never answered that item before on the server; the check
looks back before the window only at the posts of the items the window holds (the rotation plays each item
once per cycle, so that is a handful of posts, not the whole history).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.storage.database import INT_PAIR, Database, Row, from_db, to_db


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One answered attempt: a daily answer or a review, with its item's step (None only for reviews stored before
    reviews kept their step)."""

    user_id: int
    team_id: int
    item_id: str
    item_version: str
    step: int | None
    at: datetime
    choice_index: int
    correct: bool
    review: bool
    sure: bool | None
    answered_before: bool  # the person answered this item before the window (so this is not a first attempt)
    day: date  # the local date of the post answered (of the day the review was offered)


@dataclass(frozen=True, slots=True)
class PostDay:
    """A team's post of a local day, and the item it showed."""

    team_id: int
    local_date: date
    item_id: str
    item_version: str


_DAILY = (
    "SELECT a.user_id, a.team_id, p.item_id, p.item_version, a.step, a.answered_at, a.choice_index, a.correct,"
    " 0 AS review, c.sure, p.local_date"
    " FROM answers a JOIN posts p ON p.post_id = a.post_id"
    " LEFT JOIN confidence c ON c.answer_id = a.answer_id"
    " WHERE a.guild_id = ? AND a.answered_at >= ? AND a.answered_at < ?"
)
_REVIEWS = (
    "SELECT r.user_id, r.team_id, r.item_id, r.item_version, r.step, r.answered_at, r.choice_index,"
    " r.correct, 1 AS review, c.sure, r.local_date"
    " FROM reviews r LEFT JOIN confidence c ON c.review_id = r.review_id"
    " WHERE r.guild_id = ? AND r.answered_at IS NOT NULL AND r.answered_at >= ? AND r.answered_at < ?"
)


class InsightRepository:
    """Read-only queries behind /insights, the coaching digest and the insights export."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def attempts(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        *,
        before: datetime | None = None,
        pairs: Collection[tuple[int, int]] | None = None,
    ) -> list[AttemptRow]:
        """Every answered attempt in [start, end), oldest first; only on the (team, step) `pairs` if given (a review
        stored without its step is kept: the caller looks it up). With `before`, each daily answer is marked if the
        person had answered its item on a daily post before that instant."""
        window: tuple[Any, ...] = (guild_id, to_db(start), to_db(end))
        daily, reviews = _DAILY, _REVIEWS
        if pairs is not None:
            marks = ", ".join(INT_PAIR for _ in pairs) or "(CAST(NULL AS BIGINT), CAST(NULL AS BIGINT))"
            daily += f" AND (a.team_id, a.step) IN (VALUES {marks})"
            reviews += f" AND (r.step IS NULL OR (r.team_id, r.step) IN (VALUES {marks}))"
            window += tuple(value for pair in sorted(pairs) for value in pair)
        rows = await self._db.fetchall(f"{daily} UNION ALL {reviews} ORDER BY 6", window + window)
        if before is None:
            return [_attempt(row, False) for row in rows]
        items = sorted({row[2] for row in rows if not row[8]})
        earlier = await self._answered_before(guild_id, items, before)
        return [_attempt(row, (row[0], row[2]) in earlier) for row in rows]

    async def _answered_before(self, guild_id: int, items: Sequence[str], start: datetime) -> set[tuple[int, str]]:
        """(person, item) pairs answered on a daily post before `start`, among `items`."""
        found: set[tuple[int, str]] = set()
        for chunk in range(0, len(items), 500):
            part = items[chunk : chunk + 500]
            marks = ", ".join("?" for _ in part)
            rows = await self._db.fetchall(
                "SELECT DISTINCT a.user_id, p.item_id FROM posts p JOIN answers a ON a.post_id = p.post_id"  # noqa: S608
                f" WHERE p.guild_id = ? AND p.item_id IN ({marks}) AND a.answered_at < ?",
                (guild_id, *part, to_db(start)),
            )
            found.update((int(row[0]), str(row[1])) for row in rows)
        return found

    async def post_days(self, guild_id: int, first: date, last: date) -> list[PostDay]:
        """The teams' posts that went out on local dates first..last (inclusive)."""
        rows = await self._db.fetchall(
            "SELECT team_id, local_date, item_id, item_version FROM posts"
            " WHERE guild_id = ? AND local_date >= ? AND local_date <= ? AND status = 'posted'"
            " ORDER BY local_date, team_id",
            (guild_id, first.isoformat(), last.isoformat()),
        )
        return [PostDay(int(row[0]), date.fromisoformat(row[1]), str(row[2]), str(row[3])) for row in rows]

    async def first_seen(self, guild_id: int, last: date) -> dict[tuple[int, int], date]:
        """Per (team, person): the first local date the bot saw them with the team's role, up to `last`."""
        rows = await self._db.fetchall(
            # by the teams of the guild: the primary key (team, member, date) then serves the grouping in order
            "SELECT team_id, user_id, MIN(local_date) FROM member_sightings"
            " WHERE team_id IN (SELECT team_id FROM teams WHERE guild_id = ?) AND local_date <= ?"
            " GROUP BY team_id, user_id",
            (guild_id, last.isoformat()),
        )
        return {(int(row[0]), int(row[1])): date.fromisoformat(row[2]) for row in rows}

    async def pauses(self, guild_id: int) -> dict[int, list[tuple[date, date]]]:
        """Every person's pauses (inclusive local dates)."""
        rows = await self._db.fetchall(
            "SELECT user_id, start_date, end_date FROM pauses WHERE guild_id = ?", (guild_id,)
        )
        found: dict[int, list[tuple[date, date]]] = {}
        for row in rows:
            found.setdefault(int(row[0]), []).append((date.fromisoformat(row[1]), date.fromisoformat(row[2])))
        return found


def _attempt(row: Row, answered_before: bool) -> AttemptRow:
    # positional and without conversions SQLite already made: /insights decodes ~10⁵ of these for a big server
    user_id, team_id, item_id, item_version, step, answered_at, choice_index, correct, review, sure, day = row
    return AttemptRow(
        user_id,
        team_id,
        item_id,
        item_version,
        step,
        from_db(answered_at),
        choice_index,
        bool(correct),
        bool(review),
        None if sure is None else bool(sure),
        answered_before,
        date.fromisoformat(day),
    )
