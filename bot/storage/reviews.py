"""Reviews and confidence taps: what a person's memory of each item is rebuilt from, with their answers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.scoring import EventKind
from bot.domain.state import Review
from bot.storage.database import Database, Row, from_db, to_db
from bot.storage.snapshot import dump_item


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One answer of a person to an item, as stored: on a daily post or in a review, and how sure they said."""

    guild_id: int
    user_id: int
    item_id: str
    at: datetime
    correct: bool
    sure: bool | None
    review: bool


def _review(row: Row) -> Review:
    return Review(
        review_id=int(row["review_id"]),
        guild_id=int(row["guild_id"]),
        user_id=int(row["user_id"]),
        team_id=int(row["team_id"]),
        item_id=str(row["item_id"]),
        item_version=str(row["item_version"]),
        local_date=date.fromisoformat(row["local_date"]),
        offered_at=from_db(row["offered_at"]),
        choice_index=None if row["choice_index"] is None else int(row["choice_index"]),
        correct=None if row["correct"] is None else bool(row["correct"]),
        answered_at=None if row["answered_at"] is None else from_db(row["answered_at"]),
    )


# Every answered attempt, daily answers and reviews alike, with the confidence tap of each. A review is answered
# when `correct` is set (with `answered_at`, in one UPDATE); testing `correct` rather than `answered_at` keeps
# SQLite on the (guild, person) indexes for one person instead of a range scan of the server's answered reviews.
# One person's reads leave out ORDER BY for the same reason (sorting by time made SQLite walk the whole server's
# answers in time order: 40 ms instead of 0.3 ms at 1,000,000 events); they are sorted here.
_ATTEMPTS = (
    "SELECT a.guild_id, a.user_id, p.item_id, a.answered_at AS at, a.correct, c.sure, 0 AS review"
    " FROM answers a JOIN posts p ON p.post_id = a.post_id LEFT JOIN confidence c ON c.answer_id = a.answer_id"
    " WHERE {scope}"
    " UNION ALL"
    " SELECT r.guild_id, r.user_id, r.item_id, r.answered_at AS at, r.correct, c.sure, 1 AS review"
    " FROM reviews r LEFT JOIN confidence c ON c.review_id = r.review_id"
    " WHERE r.correct IS NOT NULL AND {scope_r}"
)


def _attempt(row: Row) -> AttemptRow:
    return AttemptRow(
        guild_id=int(row["guild_id"]),
        user_id=int(row["user_id"]),
        item_id=str(row["item_id"]),
        at=from_db(row["at"]),
        correct=bool(row["correct"]),
        sure=None if row["sure"] is None else bool(row["sure"]),
        review=bool(row["review"]),
    )


@dataclass(frozen=True, slots=True)
class RawAttempts:
    """A server's attempts as the database returned them; `drain` makes AttemptRows (slow for a big server: call
    it in a worker thread, not on the event loop)."""

    rows: list[Row]

    def drain(self) -> Iterator[AttemptRow]:
        """The rows as attempts, newest first, each raw row let go as it is decoded: a million-event server's rows
        and their decoded copies are never all in memory at once."""
        while self.rows:
            yield _attempt(self.rows.pop())


@dataclass(frozen=True, slots=True)
class StoredParameters:
    """A server's memory parameters, where they came from, and when."""

    parameters: tuple[float, ...]
    source: str  # "defaults" or "fitted"
    reviews: int
    fitted_at: datetime


class ReviewRepository:
    """Reserves, answers and reads reviews; records confidence taps."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def attempts(self, guild_id: int, user_id: int) -> list[AttemptRow]:
        """A person's every answered attempt in a server, oldest first."""
        sql = _ATTEMPTS.format(scope="a.guild_id = ? AND a.user_id = ?", scope_r="r.guild_id = ? AND r.user_id = ?")
        rows = await self._db.fetchall(sql, (guild_id, user_id, guild_id, user_id))
        return sorted((_attempt(row) for row in rows), key=lambda attempt: attempt.at)

    async def every_attempt(self, guild_id: int | None = None) -> AsyncIterator[AttemptRow]:
        """Every answered attempt (one server, or all), for the learning report."""
        params: tuple[int, ...] = ()
        sql = _ATTEMPTS.format(scope="1 = 1", scope_r="1 = 1")
        if guild_id is not None:
            sql, params = _ATTEMPTS.format(scope="a.guild_id = ?", scope_r="r.guild_id = ?"), (guild_id, guild_id)
        for row in await self._db.fetchall(sql + " ORDER BY at", params):
            yield _attempt(row)

    async def raw_attempts(self, guild_id: int) -> RawAttempts:
        """Every answered attempt of one server, undecoded (what a parameter fit reads)."""
        sql = _ATTEMPTS.format(scope="a.guild_id = ?", scope_r="r.guild_id = ?")
        return RawAttempts(list(await self._db.fetchall(sql + " ORDER BY at", (guild_id, guild_id))))

    async def of_day(self, guild_id: int, user_id: int, day: date) -> list[Review]:
        """The reviews offered to a person on a local day (answered or not)."""
        rows = await self._db.fetchall(
            "SELECT * FROM reviews WHERE guild_id = ? AND user_id = ? AND local_date = ? ORDER BY review_id",
            (guild_id, user_id, day.isoformat()),
        )
        return [_review(row) for row in rows]

    async def get(self, review_id: int) -> Review | None:
        """A review by id."""
        row = await self._db.fetchone("SELECT * FROM reviews WHERE review_id = ?", (review_id,))
        return None if row is None else _review(row)

    async def offer(self, guild_id: int, user_id: int, team_id: int, item: Item, day: date, now: datetime) -> Review:
        """Reserve the review of `item` for the person today; the one already offered today if there is one."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (item_id, version) DO NOTHING",
                (item.id, item.version, dump_item(item), to_db(now)),
            )
            await tx.execute(
                "INSERT INTO reviews (guild_id, user_id, team_id, item_id, item_version, step, local_date, offered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, item_id, local_date) DO NOTHING",
                (guild_id, user_id, team_id, item.id, item.version, item.step, day.isoformat(), to_db(now)),
            )
            row = await tx.fetchone(
                "SELECT * FROM reviews WHERE guild_id = ? AND user_id = ? AND item_id = ? AND local_date = ?",
                (guild_id, user_id, item.id, day.isoformat()),
            )
        assert row is not None
        return _review(row)

    async def answer(
        self, review: Review, item: Item, choice_index: int, correct: bool, points: int, now: datetime
    ) -> Review | None:
        """Record the answer and its points in one transaction; None if the review was answered already."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "UPDATE reviews SET choice_index = ?, correct = ?, answered_at = ?"
                " WHERE review_id = ? AND answered_at IS NULL RETURNING *",
                (choice_index, int(correct), to_db(now), review.review_id),
            )
            if row is None:
                return None
            if points:
                await tx.execute(
                    "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step,"
                    " dimension, kind, points, created_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                    (
                        f"{EventKind.REVIEW.value}:{review.review_id}",
                        review.guild_id,
                        review.team_id,
                        review.user_id,
                        item.id,
                        item.step,
                        item.main_dimension,
                        EventKind.REVIEW.value,
                        points,
                        to_db(now),
                    ),
                )
        return _review(row)

    async def sure(
        self, guild_id: int, user_id: int, *, answer_id: int | None, review_id: int | None, sure: bool, now: datetime
    ) -> bool:
        """Record how sure the person said they were of one answer; False if they had said it already."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO confidence (guild_id, user_id, answer_id, review_id, sure, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING confidence_id",
                (guild_id, user_id, answer_id, review_id, int(sure), to_db(now)),
            )
        return row is not None

    async def parameters(self, guild_id: int) -> StoredParameters | None:
        """The server's memory parameters, if a fit ever ran."""
        row = await self._db.fetchone("SELECT * FROM memory_parameters WHERE guild_id = ?", (guild_id,))
        if row is None:
            return None
        values = tuple(float(value) for value in json.loads(row["parameters"]))
        return StoredParameters(values, str(row["source"]), int(row["reviews"]), from_db(row["fitted_at"]))

    async def save_parameters(self, guild_id: int, found: StoredParameters) -> None:
        """Keep the latest fit of a server (the one before is replaced)."""
        await self._db.execute(
            "INSERT INTO memory_parameters (guild_id, parameters, source, reviews, fitted_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET parameters = excluded.parameters, source = excluded.source,"
            " reviews = excluded.reviews, fitted_at = excluded.fitted_at",
            (guild_id, json.dumps(list(found.parameters)), found.source, found.reviews, to_db(found.fitted_at)),
        )

    async def unfitted(self, before: datetime) -> list[int]:
        """Servers with answers whose parameters were never fitted, or not since `before`."""
        rows = await self._db.fetchall(
            "SELECT g.guild_id FROM guild_settings g LEFT JOIN memory_parameters m ON m.guild_id = g.guild_id"
            " WHERE (m.fitted_at IS NULL OR m.fitted_at < ?)"
            " AND EXISTS (SELECT 1 FROM answers a WHERE a.guild_id = g.guild_id) ORDER BY g.guild_id",
            (to_db(before),),
        )
        return [int(row[0]) for row in rows]
