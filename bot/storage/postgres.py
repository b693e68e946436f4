"""The server backend: PostgreSQL through an asyncpg pool, the same schema and guarantees as the SQLite file.

Exactly-once comes from the schema (unique keys, `INSERT … ON CONFLICT`) and transactions, so it holds when
several processes share the server. Within a process, write transactions take turns (as on SQLite), which keeps
each read-then-write use case serial; reads run beside them on the pool.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Self
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.storage.database import Database, Params, Row, StorageError, redact, to_db

POOL_SIZE = 10  # connections per process: writes take one at a time, reads (boards, /me, exports) the rest
CONNECT_TIMEOUT = 10.0  # seconds to reach the server at start-up before saying so
CLOSE_TIMEOUT = 10.0  # seconds a shutdown waits for busy connections
MIGRATION_LOCK = 0x4D6F6D656E746F73  # "Momentos": the advisory lock two processes starting together queue on
CLIENT_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
)


@functools.lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """Portable `?` placeholders as PostgreSQL's `$1, $2, …` (question marks inside quoted text stay)."""
    out: list[str] = []
    number = 0
    quote: str | None = None
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None
        elif char in ("'", '"'):
            quote = char
        elif char == "?":
            number += 1
            out.append(f"${number}")
            continue
        out.append(char)
    return "".join(out)


def changed_rows(status: str) -> int:
    """Rows a command changed, from PostgreSQL's status tag ('INSERT 0 3', 'UPDATE 1', 'DELETE 0')."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def describe(error: BaseException, url: str) -> str:
    """What went wrong reaching the server, in one sentence that says what to do about it."""
    where = redact(url)
    parts = urlsplit(url)
    server = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    if isinstance(error, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return f"PostgreSQL at {server} refused the login ({error}); check the user and password in {where}"
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return f"PostgreSQL at {server} has no such database ({error}); create it (createdb) or fix {where}"
    if isinstance(error, asyncpg.InsufficientPrivilegeError):
        return (
            f"the user of {where} may not create or change Momentos' tables ({error}); grant it CREATE on the"
            " database (or run the first start with the owner)"
        )
    if isinstance(error, asyncpg.CannotConnectNowError):
        return f"PostgreSQL at {server} is starting up or shutting down ({error}); start Momentos again in a moment"
    if isinstance(error, asyncpg.TooManyConnectionsError):
        return f"PostgreSQL at {server} has no free connection ({error}); raise max_connections or stop other clients"
    if isinstance(error, ConnectionRefusedError):
        return f"cannot reach PostgreSQL at {server}: connection refused; is the server running and listening there?"
    if isinstance(error, socket.gaierror):
        return f"cannot reach PostgreSQL at {server}: unknown host; check the host in {where}"
    if isinstance(error, TimeoutError):
        return f"cannot reach PostgreSQL at {server}: no answer within {CONNECT_TIMEOUT:.0f} s; check the network"
    if isinstance(error, OSError):
        return f"cannot reach PostgreSQL at {server}: {error.strerror or error}"
    return f"PostgreSQL database {where} is unusable: {error}"


def _number(text: str) -> int | float:
    """numeric as SQLite gives it: SUM over a BIGINT is numeric in PostgreSQL, an int in Python, as on SQLite."""
    return float(text) if any(char in text for char in ".eEN") else int(text)


async def _prepare(connection: asyncpg.Connection) -> None:
    """Every pooled connection decodes numeric to int/float: the schema has no NUMERIC column, so a numeric is
    always a sum or an average, and the code above storage must not meet Decimal on one backend only."""
    await connection.set_type_codec("numeric", schema="pg_catalog", encoder=str, decoder=_number, format="text")


async def _migrated_and_writable(database: PostgresDatabase) -> None:
    await database._migrate()
    await database.check_writable()


class PostgresTransaction:
    """Statements on one pooled connection while its transaction is open."""

    def __init__(self, connection: asyncpg.Connection | PoolConnectionProxy) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Params = ()) -> int:
        return changed_rows(await self._connection.execute(to_postgres(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = list(rows)
        if batch:
            await self._connection.executemany(to_postgres(sql), batch)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._connection.fetchrow(to_postgres(sql), *params)
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._connection.fetch(to_postgres(sql), *params))


class PostgresDatabase(Database):
    """A pool of connections to one PostgreSQL database, migrated at open."""

    dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self._writes = asyncio.Lock()
        self.location = redact(url)
        self.url = url

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresDatabase:
        """Connect, migrate (one process at a time) and check that the user may write."""
        return await cls.connect(url, pool_size=pool_size, ready=_migrated_and_writable)

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        pool_size: int,
        ready: Callable[[Self], Awaitable[object]],
        settings: Mapping[str, str] | None = None,
    ) -> Self:
        """A pool on `url` (sessions in UTC, plus `settings`), then `ready(database)`; any failure closes the pool
        and becomes one StorageError line that names the server and what to do."""
        dsn = "postgresql://" + url.split("://", 1)[1]
        try:
            pool = await asyncpg.create_pool(
                dsn,
                min_size=1,
                max_size=pool_size,
                timeout=CONNECT_TIMEOUT,
                server_settings={"timezone": "UTC", **(settings or {})},
                init=_prepare,
            )
        except CLIENT_ERRORS as exc:  # OSError covers a timeout reaching the server
            raise StorageError(describe(exc, url)) from exc
        database = cls(pool, url)
        try:
            await ready(database)
        except CLIENT_ERRORS as exc:
            await database.close()
            raise StorageError(describe(exc, url)) from exc
        except BaseException:
            await database.close()
            raise
        return database

    async def _migrate(self) -> None:
        """Apply the pending migrations in one transaction, under an advisory lock: a second process starting at
        the same moment waits, then finds nothing left to do."""
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            current = int(await connection.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
            for version, name, sql in self.pending_migrations(current):
                await connection.execute(sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    version,
                    name,
                    to_db(datetime.now(UTC)),
                )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        """BEGIN … COMMIT on one pooled connection; COMMIT returns once the server made it durable."""
        async with self._writes, self._pool.acquire() as connection, connection.transaction():
            yield PostgresTransaction(connection)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._pool.fetchrow(to_postgres(sql), *params)
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._pool.fetch(to_postgres(sql), *params))

    async def stream(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        async with self._pool.acquire() as connection, connection.transaction():
            cursor = await connection.cursor(to_postgres(sql), *params)
            while chunk := await cursor.fetch(size):
                yield list(chunk)

    async def close(self) -> None:
        """Close the pool; connections still busy after CLOSE_TIMEOUT are cut (a hung server must not hang a
        shutdown, and nothing in flight was acknowledged)."""
        if self._pool.is_closing():
            return
        try:
            await asyncio.wait_for(self._pool.close(), CLOSE_TIMEOUT)
        except TimeoutError:
            self._pool.terminate()
