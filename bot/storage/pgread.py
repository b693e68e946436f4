"""A PostgreSQL database opened only to read it (exports, reports, backups): never migrated, never written.

Every session of its pool starts its transactions read-only (`default_transaction_read_only`), so even a
mistaken write is refused by the server; the schema is checked, not upgraded, so a report run with a newer
Momentos beside an older bot leaves the bot's tables as they are.
"""

from __future__ import annotations

import asyncpg

from bot.storage.database import StorageError, migrations
from bot.storage.postgres import CLIENT_ERRORS, CONNECT_TIMEOUT, PostgresDatabase, _prepare, describe

READ_POOL = 2  # an export streams on one connection and looks items up on another
MOMENTOS_TABLES = ("schema_migrations", "answers", "point_events", "reflections")


class ReadonlyPostgresDatabase(PostgresDatabase):
    """PostgresDatabase whose sessions refuse writes; the repositories read it as they read the live one."""

    @classmethod
    async def connect(cls, url: str, *, pool_size: int = READ_POOL) -> ReadonlyPostgresDatabase:
        """Connect read-only and check that the database is a Momentos one this version understands."""
        dsn = "postgresql://" + url.split("://", 1)[1]
        try:
            pool = await asyncpg.create_pool(
                dsn, min_size=1, max_size=pool_size, timeout=CONNECT_TIMEOUT,
                server_settings={
                    "timezone": "UTC",
                    "default_transaction_read_only": "on",
                    "application_name": "momentos (read-only)",
                },
                init=_prepare,
            )  # fmt: skip
        except CLIENT_ERRORS as exc:
            raise StorageError(describe(exc, url)) from exc
        database = cls(pool, url)
        try:
            await database.check_momentos()
        except CLIENT_ERRORS as exc:
            await database.close()
            raise StorageError(describe(exc, url)) from exc
        except BaseException:
            await database.close()
            raise
        return database

    async def check_momentos(self) -> int:
        """The schema version; StorageError (worded as for a SQLite file) for a foreign or too new database."""
        row = await self.fetchone(
            "SELECT COUNT(*) FROM unnest(CAST(? AS TEXT[])) AS name WHERE to_regclass(quote_ident(name)) IS NOT NULL",
            (list(MOMENTOS_TABLES),),
        )
        if not row or int(row[0]) != len(MOMENTOS_TABLES):
            raise StorageError(f"{self.path}: not a Momentos database (its tables are missing)")
        version = await self.schema_version()
        newest = max((number for number, _, _ in migrations("postgresql")), default=0)
        if version > newest:
            raise StorageError(
                f"{self.path}: schema version {version} is newer than this Momentos knows ({newest}); upgrade Momentos"
            )
        return version


async def open_readonly_postgres(url: str) -> ReadonlyPostgresDatabase:
    """The PostgreSQL database at `url`, for reading only."""
    return await ReadonlyPostgresDatabase.connect(url)
