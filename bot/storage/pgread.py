"""A PostgreSQL database opened only to read it (exports, reports, backups): never migrated, never written.

Every session of its pool starts its transactions read-only (`default_transaction_read_only`), so even a
mistaken write is refused by the server; the schema is checked, not upgraded, so a report run with a newer
Momentos beside an older bot leaves the bot's tables as they are.
"""

from __future__ import annotations

from bot.storage.database import StorageError, migrations
from bot.storage.postgres import PostgresDatabase

READ_POOL = 2  # an export streams on one connection and looks items up on another
MOMENTOS_TABLES = ("schema_migrations", "answers", "point_events", "reflections")


class ReadonlyPostgresDatabase(PostgresDatabase):
    """PostgresDatabase whose sessions refuse writes; the repositories read it as they read the live one."""

    @classmethod
    async def read_only(cls, url: str, *, pool_size: int = READ_POOL) -> ReadonlyPostgresDatabase:
        """Connect read-only and check that the database is a Momentos one this version understands."""
        return await cls.connect(
            url,
            pool_size=pool_size,
            ready=cls.check_momentos,
            settings={"default_transaction_read_only": "on", "application_name": "momentos (read-only)"},
        )

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
    return await ReadonlyPostgresDatabase.read_only(url)
