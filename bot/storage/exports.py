"""Reading the history out for exports: every answer, point event and reflection, page by page.

Exports read in short pages ordered by (time, id) so a large history never holds the one connection the
live bot shares (each page is a quick read; the bot keeps answering between pages).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.domain.model import Item
from bot.domain.periods import Window
from bot.storage.database import Database, Row, StorageError, from_db, is_postgres_url, migrations, to_db
from bot.storage.pgread import open_readonly_postgres
from bot.storage.snapshot import load_item
from bot.storage.sqlite import SqliteDatabase

PAGE = 500


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer, with the post it answered and its team's name (removed teams keep theirs)."""

    answer_id: int
    answered_at: datetime
    local_date: str
    guild_id: int
    team: str
    user_id: int
    post_id: int
    item_id: str
    item_version: str
    step: int | None
    choice_index: int
    correct: bool


@dataclass(frozen=True, slots=True)
class PointRecord:
    """One ledger event."""

    event_id: int
    created_at: datetime
    local_date: str | None
    guild_id: int
    team: str
    user_id: int
    kind: str
    points: int
    post_id: int | None
    item_id: str | None
    step: int
    dimension: str
    event_key: str


@dataclass(frozen=True, slots=True)
class ReflectionRecord:
    """One reflection with the kudos it collected and whether a manager highlighted it."""

    reflection_id: int
    created_at: datetime
    local_date: str
    guild_id: int
    team: str
    user_id: int
    post_id: int
    item_id: str
    kudos: int
    highlighted: bool
    text: str


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """One answered attempt, on a daily post or in a review, by what identifies it for good (for xAPI).

    Only what never changes once written is here (no team name, no kudos), so a record always reads the same.
    """

    review: bool
    answered_at: datetime
    local_date: str
    guild_id: int
    team_id: int
    user_id: int
    item_id: str
    item_version: str
    choice_index: int | None
    correct: bool
    points: int  # what the answer itself earned: answer + speed bonus (daily), or the review's points


@dataclass(frozen=True, slots=True)
class ReflectionTextRecord:
    """One reflection with the item version it answers, by what identifies it for good (for xAPI)."""

    created_at: datetime
    local_date: str
    guild_id: int
    team_id: int
    user_id: int
    item_id: str
    item_version: str
    text: str


_ANSWERS = (
    "SELECT a.answer_id, a.answered_at, p.local_date, a.guild_id, t.name AS team, a.user_id, a.post_id,"
    " p.item_id, p.item_version, a.step, a.choice_index, a.correct"
    " FROM answers a JOIN posts p ON p.post_id = a.post_id LEFT JOIN teams t ON t.team_id = a.team_id"
)
_POINTS = (
    "SELECT e.event_id, e.created_at, COALESCE(p.local_date, rv.local_date), e.guild_id, t.name AS team, e.user_id,"
    " e.kind, e.points, e.post_id, e.item_id, e.step, e.dimension, e.event_key"
    " FROM point_events e LEFT JOIN posts p ON p.post_id = e.post_id LEFT JOIN teams t ON t.team_id = e.team_id"
    # a review's points have no post: their local day is the review's ('review:<id>')
    " LEFT JOIN reviews rv"
    " ON rv.review_id = CAST(CASE WHEN e.kind = 'review' THEN substr(e.event_key, 8) END AS BIGINT)"
)
_REFLECTIONS = (
    "SELECT r.reflection_id, r.created_at, p.local_date, r.guild_id, t.name AS team, r.user_id, r.post_id,"
    " p.item_id, (SELECT COUNT(*) FROM kudos k WHERE k.reflection_id = r.reflection_id) AS kudos,"
    " CASE WHEN r.highlighted_at IS NULL THEN 0 ELSE 1 END AS highlighted, r.body"
    " FROM reflections r JOIN posts p ON p.post_id = r.post_id LEFT JOIN teams t ON t.team_id = r.team_id"
)

# For xAPI. The first two columns are the keyset (id, time) of ExportRepository._pages.
_ATTEMPTS = (
    "SELECT a.answer_id, a.answered_at, p.local_date, a.guild_id, a.team_id, a.user_id, p.item_id, p.item_version,"
    " a.choice_index, a.correct, (SELECT SUM(e.points) FROM point_events e WHERE e.event_key IN"
    " ('answer:' || a.post_id || ':' || a.user_id, 'speed:' || a.post_id || ':' || a.user_id)), 0 AS review"
    " FROM answers a JOIN posts p ON p.post_id = a.post_id"
)
_REVIEWS = (
    "SELECT r.review_id, r.answered_at, r.local_date, r.guild_id, r.team_id, r.user_id, r.item_id, r.item_version,"
    " r.choice_index, r.correct, (SELECT e.points FROM point_events e WHERE e.event_key = 'review:' || r.review_id),"
    " 1 AS review FROM (SELECT * FROM reviews WHERE answered_at IS NOT NULL) r"
)
_REFLECTION_TEXTS = (
    "SELECT r.reflection_id, r.created_at, p.local_date, r.guild_id, r.team_id, r.user_id, p.item_id,"
    " p.item_version, r.body FROM reflections r JOIN posts p ON p.post_id = r.post_id"
)


def _attempt(row: Row) -> AttemptRecord:
    return AttemptRecord(
        review=bool(row[11]),
        answered_at=from_db(row[1]),
        local_date=str(row[2]),
        guild_id=int(row[3]),
        team_id=int(row[4]),
        user_id=int(row[5]),
        item_id=str(row[6]),
        item_version=str(row[7]),
        choice_index=None if row[8] is None else int(row[8]),
        correct=bool(row[9]),
        points=int(row[10] or 0),  # no ledger row: the answer earned nothing
    )


def _reflection_text(row: Row) -> ReflectionTextRecord:
    return ReflectionTextRecord(
        created_at=from_db(row[1]),
        local_date=str(row[2]),
        guild_id=int(row[3]),
        team_id=int(row[4]),
        user_id=int(row[5]),
        item_id=str(row[6]),
        item_version=str(row[7]),
        text=str(row[8]),
    )


def _answer(row: Row) -> AnswerRecord:
    return AnswerRecord(
        answer_id=int(row[0]),
        answered_at=from_db(row[1]),
        local_date=str(row[2]),
        guild_id=int(row[3]),
        team=str(row[4] or ""),
        user_id=int(row[5]),
        post_id=int(row[6]),
        item_id=str(row[7]),
        item_version=str(row[8]),
        step=None if row[9] is None else int(row[9]),
        choice_index=int(row[10]),
        correct=bool(row[11]),
    )


def _point(row: Row) -> PointRecord:
    return PointRecord(
        event_id=int(row[0]),
        created_at=from_db(row[1]),
        local_date=row[2],
        guild_id=int(row[3]),
        team=str(row[4] or ""),
        user_id=int(row[5]),
        kind=str(row[6]),
        points=int(row[7]),
        post_id=None if row[8] is None else int(row[8]),
        item_id=row[9],
        step=int(row[10]),
        dimension=str(row[11]),
        event_key=str(row[12]),
    )


def _reflection(row: Row) -> ReflectionRecord:
    return ReflectionRecord(
        reflection_id=int(row[0]),
        created_at=from_db(row[1]),
        local_date=str(row[2]),
        guild_id=int(row[3]),
        team=str(row[4] or ""),
        user_id=int(row[5]),
        post_id=int(row[6]),
        item_id=str(row[7]),
        kudos=int(row[8]),
        highlighted=bool(row[9]),
        text=str(row[10]),
    )


def readonly_uri(path: Path) -> str:
    """The SQLite URI that opens an existing file read-only (StorageError if there is no such file)."""
    if not path.is_file():
        raise StorageError(f"{path}: no such database file")
    return f"{path.resolve().as_uri()}?mode=ro"


async def open_readonly(path: str | Path) -> Database:
    """Open an existing Momentos database without ever writing to it: a SQLite file in `mode=ro`, or a
    PostgreSQL URL in read-only sessions (bot/storage/pgread.py); never migrated."""
    if isinstance(path, str) and is_postgres_url(path):
        return await open_readonly_postgres(path)
    target = Path(path)
    try:
        connection = await aiosqlite.connect(readonly_uri(target), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"{target}: cannot open the database: {exc}") from exc
    connection.row_factory = sqlite3.Row
    database = SqliteDatabase(connection, str(target))
    try:
        await _check_momentos(database)
    except BaseException:
        await connection.close()
        raise
    return database


async def _check_momentos(database: Database) -> None:
    """Refuse files that are not Momentos databases, or are newer than this Momentos understands."""
    try:
        row = await database.fetchone(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN"
            " ('schema_migrations', 'answers', 'point_events', 'reflections')"
        )
        tables = int(row[0]) if row else 0
        version = await database.schema_version() if tables == 4 else 0
    except sqlite3.OperationalError as exc:
        raise StorageError(f"{database.path}: cannot read the database: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{database.path}: not a Momentos database ({exc})") from exc
    if tables != 4:
        raise StorageError(f"{database.path}: not a Momentos database (its tables are missing)")
    newest = max((number for number, _, _ in migrations()), default=0)
    if version > newest:
        raise StorageError(
            f"{database.path}: schema version {version} is newer than this Momentos knows ({newest}); upgrade Momentos"
        )


def _scope(alias: str, time_column: str, guild_id: int | None, window: Window) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if guild_id is not None:
        clauses.append(f"{alias}.guild_id = ?")
        params.append(guild_id)
    if window.start is not None:
        clauses.append(f"{alias}.{time_column} >= ?")
        params.append(to_db(window.start))
    if window.end is not None:
        clauses.append(f"{alias}.{time_column} < ?")
        params.append(to_db(window.end))
    return " AND ".join(clauses), params


class ExportRepository:
    """Reads every event for exports."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def _pages(
        self, select: str, alias: str, time_column: str, id_column: str, guild_id: int | None, window: Window
    ) -> AsyncIterator[Row]:
        """Rows in (time, id) order, fetched a page at a time after the last row seen (keyset paging)."""
        scope, params = _scope(alias, time_column, guild_id, window)
        time_ref, id_ref = f"{alias}.{time_column}", f"{alias}.{id_column}"
        after = f"({time_ref} > ? OR ({time_ref} = ? AND {id_ref} > ?))"
        last: tuple[str, int] | None = None
        while True:
            clauses = [clause for clause in (scope, after if last else "") if clause]
            where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
            keyset: list[Any] = [last[0], last[0], last[1]] if last else []
            rows = await self._db.fetchall(
                f"{select}{where} ORDER BY {time_ref}, {id_ref} LIMIT ?",
                [*params, *keyset, PAGE],
            )
            for row in rows:
                yield row
            if len(rows) < PAGE:
                return
            last = (rows[-1][1], int(rows[-1][0]))

    async def answers(self, guild_id: int | None, window: Window) -> AsyncIterator[AnswerRecord]:
        """Every answer in the window (all guilds when `guild_id` is None), oldest first."""
        async for row in self._pages(_ANSWERS, "a", "answered_at", "answer_id", guild_id, window):
            yield _answer(row)

    async def points(self, guild_id: int | None, window: Window) -> AsyncIterator[PointRecord]:
        """Every point event in the window, oldest first."""
        async for row in self._pages(_POINTS, "e", "created_at", "event_id", guild_id, window):
            yield _point(row)

    async def reflections(self, guild_id: int | None, window: Window) -> AsyncIterator[ReflectionRecord]:
        """Every reflection in the window, oldest first."""
        async for row in self._pages(_REFLECTIONS, "r", "created_at", "reflection_id", guild_id, window):
            yield _reflection(row)

    async def attempts(self, guild_id: int | None, window: Window) -> AsyncIterator[AttemptRecord]:
        """Every answer to a daily post in the window, with the points it earned, oldest first."""
        async for row in self._pages(_ATTEMPTS, "a", "answered_at", "answer_id", guild_id, window):
            yield _attempt(row)

    async def review_attempts(self, guild_id: int | None, window: Window) -> AsyncIterator[AttemptRecord]:
        """Every answered review in the window (by when it was answered), with its points, oldest first."""
        async for row in self._pages(_REVIEWS, "r", "answered_at", "review_id", guild_id, window):
            yield _attempt(row)

    async def reflection_texts(self, guild_id: int | None, window: Window) -> AsyncIterator[ReflectionTextRecord]:
        """Every reflection in the window with the item version it answers, oldest first."""
        async for row in self._pages(_REFLECTION_TEXTS, "r", "created_at", "reflection_id", guild_id, window):
            yield _reflection_text(row)

    async def item_version(self, item_id: str, version: str) -> Item | None:
        """An item exactly as it was shown (versions never change), or None if it was never stored."""
        row = await self._db.fetchone(
            "SELECT body FROM item_versions WHERE item_id = ? AND version = ?", (item_id, version)
        )
        return None if row is None else load_item(str(row[0]))

    async def has_guild(self, guild_id: int) -> bool:
        """Whether the database knows this server at all."""
        row = await self._db.fetchone("SELECT 1 FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return row is not None

    async def guild_timezone(self, guild_id: int) -> str | None:
        """The server's timezone, if it was configured."""
        row = await self._db.fetchone("SELECT timezone FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return str(row[0]) if row else None
