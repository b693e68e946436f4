"""What both databases promise the repositories: transactions, reads, one error type, one time format.

Repositories write portable SQL with `?` placeholders; each backend (bot/storage/sqlite.py,
bot/storage/postgres.py) runs it by its own means. Nothing above bot/storage knows which one is open.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Literal, Protocol, overload

Params = Sequence[Any]
Dialect = Literal["sqlite", "postgresql"]

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

# A pair of integers in a `VALUES` list: typed, because PostgreSQL reads an untyped parameter there as text.
INT_PAIR = "(CAST(? AS BIGINT), CAST(? AS BIGINT))"


class StorageError(Exception):
    """The database cannot be used; the message says why in words an operator can act on."""


class Row(Protocol):
    """A result row: by position or by column name (sqlite3.Row and asyncpg.Record both are)."""

    @overload
    def __getitem__(self, key: str, /) -> Any: ...
    @overload
    def __getitem__(self, key: int, /) -> Any: ...
    @overload
    def __getitem__(self, key: slice, /) -> Any: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...
    def keys(self) -> Any: ...


class Transaction(Protocol):
    """Statements inside one open transaction."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per parameter row."""
        ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a statement (a read, or a write with RETURNING)."""
        ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a statement."""
        ...


class Database(ABC):
    """An open, migrated database. Writes go through `transaction()`; nothing is acknowledged before it commits."""

    dialect: Dialect
    location: str  # a file path or a URL without its password: what messages and `doctor` show

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """BEGIN … COMMIT, rolled back on any exception; transactions of one process never interleave."""

    @abstractmethod
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """One row of a read."""

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """All rows of a read."""

    @abstractmethod
    def stream(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        """The rows of a big read in chunks, so an export never holds a whole table at once."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write in its own transaction; returns the number of rows changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def check_writable(self) -> None:
        """One committed write at start-up, so a read-only file or user, a full disk or a lock held elsewhere stops
        `momentos run` with one clear line instead of failing the first click of the day."""
        async with self.transaction() as tx:
            await tx.execute(
                "INSERT INTO bot_meta (meta_key, meta_value) VALUES ('write_check', '')"
                " ON CONFLICT (meta_key) DO NOTHING"
            )
            await tx.execute("DELETE FROM bot_meta WHERE meta_key = 'write_check'")

    def pending_migrations(self, current: int) -> list[tuple[int, str, str]]:
        """The bundled migrations after version `current`; StorageError for a schema newer than this Momentos."""
        known = migrations(self.dialect)
        newest = known[-1][0] if known else 0
        if current > newest:
            raise StorageError(
                f"database {self.location} has schema version {current}, newer than this Momentos knows ({newest}); "
                "upgrade Momentos or restore a matching backup"
            )
        return [migration for migration in known if migration[0] > current]

    async def schema_version(self) -> int:
        """The newest migration applied."""
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(row[0]) if row else 0

    @abstractmethod
    async def close(self) -> None:
        """Close the connection(s) (idempotent)."""

    @property
    def path(self) -> str:
        """Kept for messages written before PostgreSQL: where the data lives."""
        return self.location


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
def migrations(dialect: Dialect = "sqlite") -> tuple[tuple[int, str, str], ...]:
    """(version, name, sql) of every bundled migration of a dialect, in order; read once per process (they ship
    with the code, so a process that later drops privileges or loses its checkout still knows them). Both
    dialects carry the same versions: a database of either kind at version N has the same tables."""
    package = "bot.storage.migrations" if dialect == "sqlite" else "bot.storage.migrations.postgresql"
    found = []
    for entry in resources.files(package).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def is_postgres_url(target: str) -> bool:
    """Whether a database setting names a PostgreSQL server rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def sqlite_path(target: str) -> str:
    """The file of a SQLite setting: a plain path, or a `sqlite:///path` URL (`sqlite:////abs` for an absolute one)."""
    if target.startswith("sqlite://"):
        rest = target.removeprefix("sqlite://")
        if not rest.startswith("/"):
            raise StorageError(f"{target!r}: write sqlite:///relative/path or sqlite:////absolute/path")
        return rest[1:] or ":memory:"
    return target


def redact(url: str) -> str:
    """A database URL fit for logs and messages: the password replaced by ***."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}{':***' if ':' in credentials else ''}@{host}"
