"""The embedded backend: one SQLite file, one connection, pragmas for durability, migrations, transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.storage.database import Database, Params, Row, StorageError, to_db

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


class SqliteTransaction:
    """Statements on the connection while its transaction is open."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._connection.execute(sql, params) as cursor:
            return max(cursor.rowcount, 0)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._connection.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._connection.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


class SqliteDatabase(Database):
    """An open SQLite file; every statement goes through one lock so transactions never interleave."""

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._contended = False
        self.location = path

    @classmethod
    async def open(cls, path: str | Path) -> SqliteDatabase:
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
            await database.check_writable()
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

    async def _migrate(self) -> None:
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with self._connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cursor:
            row = await cursor.fetchone()
        current = int(row[0]) if row else 0
        for version, name, sql in self.pending_migrations(current):
            async with self.transaction() as tx:
                for statement in split_statements(sql):
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, to_db(datetime.now(UTC))),
                )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteTransaction]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        async with self._lock:
            await self._begin()
            try:
                yield SqliteTransaction(self._connection)
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

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock, self._connection.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock, self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def stream(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        async with self._lock, self._connection.execute(sql, params) as cursor:
            while chunk := await cursor.fetchmany(size):
                yield list(chunk)

    async def close(self) -> None:
        await self._connection.close()
