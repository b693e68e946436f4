"""The one SQLite connection the bot owns: pragmas, migrations, transactions. The only place with SQL."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

Params = Sequence[Any]

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class StorageError(Exception):
    """The database cannot be used; the message says why in words an operator can act on."""


THREAD_JOIN_SECONDS = 60.0  # how long a failed connection's thread may take to stop (it stops at once when idle)

# Under Discord's 3 s to answer an interaction: a click whose write cannot get the lock still hears why.
BUSY_TIMEOUT_MS = 2000
# While another program keeps the write lock, later writes fail fast instead of each waiting the full timeout.
CONTENDED_TIMEOUT_MS = 100
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB, PERM = 5, 6, 8, 10, 11, 13, 14, 26, 3


def error_code(error: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 if unknown)."""
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def describe(error: sqlite3.Error, path: str) -> str:
    """What went wrong with the database at `path`, in one sentence that says what to do about it."""
    code = error_code(error)
    if code in (READONLY, PERM):
        return (
            f"database {path} is read-only: the user running Momentos must be able to write the file and its folder"
            " (SQLite creates -wal and -shm files beside it)"
        )
    if code == CANTOPEN:
        return (
            f"cannot open database {path}: check that its folder exists and that the user running Momentos may"
            " read and write the file and its folder"
        )
    if code in (BUSY, LOCKED):
        return (
            f"database {path} is locked by another program (another Momentos on the same file? an open sqlite3"
            " shell?); stop it, then start Momentos again"
        )
    if code == FULL:
        return f"database {path} cannot grow: the disk is full; free some space, then start Momentos again"
    if code == IOERR:
        return f"cannot read or write database {path} ({error}): is the disk full, read-only or failing?"
    if code in (CORRUPT, NOTADB):
        return (
            f"database {path} is unusable: {error}; restore the latest backup"
            " (see Backup and restore in the README)"
        )
    return f"database {path} is unusable: {error}"


def to_db(instant: datetime) -> str:
    """A UTC timestamp as stored: fixed width, so text order is time order."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return instant.astimezone(UTC).strftime(TIME_FORMAT)


def from_db(text: str) -> datetime:
    """A stored timestamp back as an aware UTC datetime. fromisoformat with the offset appended reads TIME_FORMAT
    ≈ 100× faster than strptime(...).replace(tzinfo=UTC), which matters when /insights reads a quarter of a big
    server's answers."""
    return datetime.fromisoformat(text + "+00:00")


@functools.cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """(version, name, sql) of every bundled migration, in order; read once per process (they ship with the code,
    so a process that later drops privileges or loses its checkout still knows them)."""
    found = []
    for entry in resources.files("bot.storage.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def split_statements(sql: str) -> Iterable[str]:
    """Split a migration script into complete statements (triggers included) without executescript's COMMIT."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement:
                yield statement
    if buffer.strip():
        raise StorageError(f"incomplete SQL statement in migration: {buffer.strip()[:80]}")


class Database:
    """An open database; every statement goes through one lock so transactions never interleave."""

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._contended = False
        self.path = path

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        """Open (creating if needed) and migrate the database at `path` (':memory:' works too)."""
        target = str(path)
        if target != ":memory:":
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create the directory for {target}: {exc.strerror}") from exc
        pending = aiosqlite.connect(target, isolation_level=None)
        try:
            connection = await pending
        except sqlite3.Error as exc:
            # aiosqlite stops its thread without waiting for it: let it finish while this loop still runs, or
            # it prints a traceback (loop closed) under the operator's one-line error. No short deadline: on a
            # loaded machine the thread may take seconds to be scheduled, and the line must still be alone.
            await asyncio.to_thread(pending._thread.join, THREAD_JOIN_SECONDS)
            raise StorageError(describe(exc, target)) from exc
        connection.row_factory = sqlite3.Row
        database = cls(connection, target)
        try:
            await database._configure()
            await database._migrate()
            await database._check_writable()
        except sqlite3.Error as exc:
            await connection.close()
            raise StorageError(describe(exc, target)) from exc
        except BaseException:
            await connection.close()
            raise
        return database

    async def _configure(self) -> None:
        # WAL lets readers (backups, exports) run beside the bot; FULL sync makes every commit durable
        # before an answer is acknowledged; the busy timeout rides out a backup holding a lock.
        pragmas = ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", f"busy_timeout = {BUSY_TIMEOUT_MS}")
        for pragma in pragmas:
            await self._connection.execute(f"PRAGMA {pragma}")

    async def _check_writable(self) -> None:
        # One committed write at start-up, so a read-only file, a full disk or another writer holding the lock
        # stops `momentos run` with one clear line instead of failing the first click of the day.
        async with self.transaction() as tx:
            await tx.execute("INSERT INTO bot_meta (meta_key, meta_value) VALUES ('write_check', '')")
            await tx.execute("DELETE FROM bot_meta WHERE meta_key = 'write_check'")

    async def _migrate(self) -> None:
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with self._connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cursor:
            row = await cursor.fetchone()
        current = int(row[0]) if row else 0
        known = migrations()
        newest = known[-1][0] if known else 0
        if current > newest:
            raise StorageError(
                f"database {self.path} has schema version {current}, newer than this Momentos knows ({newest}); "
                "upgrade Momentos or restore a matching backup"
            )
        for version, name, sql in known:
            if version <= current:
                continue
            async with self.transaction() as tx:
                for statement in split_statements(sql):
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, to_db(datetime.now(UTC))),
                )

    async def schema_version(self) -> int:
        """The newest migration applied."""
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(row[0]) if row else 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        async with self._lock:
            await self._begin()
            try:
                yield self._connection
            except BaseException:
                if self._connection.in_transaction:  # SQLite may have rolled back already (e.g. SQLITE_FULL)
                    await self._connection.execute("ROLLBACK")
                raise
            else:
                await self._connection.execute("COMMIT")

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE; once it timed out on another program's lock, wait only briefly until one succeeds."""
        try:
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if error_code(exc) in (BUSY, LOCKED) and not self._contended:
                self._contended = True
                await self._connection.execute(f"PRAGMA busy_timeout = {CONTENDED_TIMEOUT_MS}")
            raise
        if self._contended:
            self._contended = False
            await self._connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """One row of a read."""
        async with self._lock, self._connection.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """All rows of a read."""
        async with self._lock, self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write in its own transaction; returns the number of rows changed."""
        async with self.transaction() as tx, tx.execute(sql, params) as cursor:
            return cursor.rowcount

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        await self._connection.close()
