"""A member's records, read out for exports or erased on request.

Exports read in short pages ordered by (time, id) so a large history never holds the one connection the
live bot shares (each page is a quick read; the bot keeps answering between pages). Erasure happens in
one transaction, so a member is either fully forgotten or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.domain.periods import Window
from bot.storage.database import Database, StorageError, from_db, migrations, to_db

PAGE = 500
ERASED_USER = 0  # stands in for a forgotten member wherever a row must keep its shape (e.g. who highlighted)


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
class Footprint:
    """What Momentos keeps about one member in one server (before erasure), or what erasure removed."""

    answers: int = 0
    points: int = 0
    reflections: int = 0
    kudos_received: int = 0
    kudos_given: int = 0
    sightings: int = 0
    pauses: int = 0
    member: int = 0
    announcements: int = 0

    @property
    def total(self) -> int:
        """How many things there are at all."""
        return sum(getattr(self, field.name) for field in fields(self))


# Rewrites a frozen announcement's results JSON without the member; None when they are not in it.
Scrubber = Callable[[str, int], str | None]


_ANSWERS = (
    "SELECT a.answer_id, a.answered_at, p.local_date, a.guild_id, t.name AS team, a.user_id, a.post_id,"
    " p.item_id, p.item_version, a.step, a.choice_index, a.correct"
    " FROM answers a JOIN posts p ON p.post_id = a.post_id LEFT JOIN teams t ON t.team_id = a.team_id"
)
_POINTS = (
    "SELECT e.event_id, e.created_at, p.local_date, e.guild_id, t.name AS team, e.user_id, e.kind, e.points,"
    " e.post_id, e.item_id, e.step, e.dimension, e.event_key"
    " FROM point_events e LEFT JOIN posts p ON p.post_id = e.post_id LEFT JOIN teams t ON t.team_id = e.team_id"
)
_REFLECTIONS = (
    "SELECT r.reflection_id, r.created_at, p.local_date, r.guild_id, t.name AS team, r.user_id, r.post_id,"
    " p.item_id, (SELECT COUNT(*) FROM kudos k WHERE k.reflection_id = r.reflection_id) AS kudos,"
    " CASE WHEN r.highlighted_at IS NULL THEN 0 ELSE 1 END AS highlighted, r.body"
    " FROM reflections r JOIN posts p ON p.post_id = r.post_id LEFT JOIN teams t ON t.team_id = r.team_id"
)


def _answer(row: sqlite3.Row) -> AnswerRecord:
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


def _point(row: sqlite3.Row) -> PointRecord:
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


def _reflection(row: sqlite3.Row) -> ReflectionRecord:
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
    """Open an existing Momentos database without ever writing to it (no migration, SQLite `mode=ro`)."""
    target = Path(path)
    try:
        connection = await aiosqlite.connect(readonly_uri(target), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"{target}: cannot open the database: {exc}") from exc
    connection.row_factory = sqlite3.Row
    database = Database(connection, str(target))
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


class RecordRepository:
    """Reads every event for exports; erases one member's rows."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def _pages(
        self, select: str, alias: str, time_column: str, id_column: str, guild_id: int | None, window: Window
    ) -> AsyncIterator[sqlite3.Row]:
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

    async def has_guild(self, guild_id: int) -> bool:
        """Whether the database knows this server at all."""
        row = await self._db.fetchone("SELECT 1 FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return row is not None

    async def guild_timezone(self, guild_id: int) -> str | None:
        """The server's timezone, if it was configured."""
        row = await self._db.fetchone("SELECT timezone FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return str(row[0]) if row else None

    async def shown_reflections(self, guild_id: int, user_id: int) -> list[tuple[int, int]]:
        """(thread id, message id) of the member's reflections shown in Discord, to take them down too."""
        rows = await self._db.fetchall(
            "SELECT p.thread_id, r.message_id FROM reflections r JOIN posts p ON p.post_id = r.post_id"
            " WHERE r.guild_id = ? AND r.user_id = ? AND r.message_id IS NOT NULL AND p.thread_id IS NOT NULL",
            (guild_id, user_id),
        )
        return [(int(row[0]), int(row[1])) for row in rows]

    async def footprint(self, guild_id: int, user_id: int, scrub: Scrubber) -> Footprint:
        """Count what `forget` would erase, without changing anything."""
        counts: dict[str, int] = {}
        for name, sql in _COUNTS.items():
            row = await self._db.fetchone(sql, (guild_id, user_id))
            counts[name] = int(row[0]) if row else 0
        rows = await self._db.fetchall("SELECT results FROM announcements WHERE guild_id = ?", (guild_id,))
        counts["announcements"] = sum(1 for row in rows if scrub(row[0], user_id) is not None)
        return Footprint(**counts)

    async def forget(self, guild_id: int, user_id: int, scrub: Scrubber) -> Footprint:
        """Erase everything about a member in a server in one transaction; returns what was erased.

        Their answers, point events (every kind, including kudos and highlights they received), reflections
        with the kudos on them, the kudos they gave, sightings, manager flag and pauses are deleted. Points
        their kudos earned other members stay with those members, re-keyed so the key no longer names the
        giver; a highlight they gave stays, attributed to nobody; frozen announcements are rewritten by
        `scrub`.
        """
        async with self._db.transaction() as tx:
            counts: dict[str, int] = {}

            async def run(name: str, sql: str, params: Sequence[Any]) -> None:
                async with tx.execute(sql, params) as cursor:
                    counts[name] = counts.get(name, 0) + max(cursor.rowcount, 0)

            await run(
                "kudos_received",
                "DELETE FROM kudos WHERE reflection_id IN"
                " (SELECT reflection_id FROM reflections WHERE guild_id = ? AND user_id = ?)",
                (guild_id, user_id),
            )
            async with tx.execute(
                "SELECT k.reflection_id, e.event_id FROM kudos k LEFT JOIN point_events e"
                " ON e.event_key = 'kudos:' || k.reflection_id || ':' || k.giver_id"
                " WHERE k.guild_id = ? AND k.giver_id = ?",
                (guild_id, user_id),
            ) as cursor:
                given = [(int(row[0]), row[1]) for row in await cursor.fetchall()]
            for reflection_id, event_id in given:
                if event_id is not None:
                    await _rekey(tx, int(event_id), f"kudos:{reflection_id}:erased:{event_id}")
            await run("kudos_given", "DELETE FROM kudos WHERE guild_id = ? AND giver_id = ?", (guild_id, user_id))
            await run("points", "DELETE FROM point_events WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("reflections", "DELETE FROM reflections WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await tx.execute(
                "UPDATE reflections SET highlighted_by = ? WHERE guild_id = ? AND highlighted_by = ?",
                (ERASED_USER, guild_id, user_id),
            )
            await run("answers", "DELETE FROM answers WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run(
                "sightings", "DELETE FROM member_sightings WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            await run("pauses", "DELETE FROM pauses WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("member", "DELETE FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            async with tx.execute("SELECT week, results FROM announcements WHERE guild_id = ?", (guild_id,)) as cursor:
                announcements = list(await cursor.fetchall())
            for week, results in announcements:
                scrubbed = scrub(results, user_id)
                if scrubbed is not None:
                    await run(
                        "announcements",
                        "UPDATE announcements SET results = ? WHERE guild_id = ? AND week = ?",
                        (scrubbed, guild_id, week),
                    )
        return Footprint(**counts)


async def _rekey(tx: aiosqlite.Connection, event_id: int, key: str) -> None:
    """Give a ledger row a new key: the ledger refuses UPDATE, so the row is copied and the original deleted."""
    async with tx.execute("SELECT * FROM point_events WHERE event_id = ?", (event_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return
    await tx.execute("DELETE FROM point_events WHERE event_id = ?", (event_id,))
    await tx.execute(
        "INSERT INTO point_events (event_id, event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension,"
        " kind, points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            key,
            row["guild_id"],
            row["team_id"],
            row["user_id"],
            row["post_id"],
            row["item_id"],
            row["step"],
            row["dimension"],
            row["kind"],
            row["points"],
            row["created_at"],
        ),
    )


_COUNTS = {
    "answers": "SELECT COUNT(*) FROM answers WHERE guild_id = ? AND user_id = ?",
    "points": "SELECT COUNT(*) FROM point_events WHERE guild_id = ? AND user_id = ?",
    "reflections": "SELECT COUNT(*) FROM reflections WHERE guild_id = ? AND user_id = ?",
    "kudos_received": "SELECT COUNT(*) FROM kudos k JOIN reflections r ON r.reflection_id = k.reflection_id"
    " WHERE r.guild_id = ? AND r.user_id = ?",
    "kudos_given": "SELECT COUNT(*) FROM kudos WHERE guild_id = ? AND giver_id = ?",
    "sightings": "SELECT COUNT(*) FROM member_sightings WHERE guild_id = ? AND user_id = ?",
    "pauses": "SELECT COUNT(*) FROM pauses WHERE guild_id = ? AND user_id = ?",
    "member": "SELECT COUNT(*) FROM members WHERE guild_id = ? AND user_id = ?",
}
