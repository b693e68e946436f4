"""The gateway sessions the bot started (IDENTIFY), kept across restarts for the identify budget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.storage.database import Database, from_db, to_db

# The advisory lock processes of one bot take (on PostgreSQL) to decide and note an IDENTIFY one at a time.
IDENTIFY_LOCK = 0x4D6F6D6964656E74  # "Momident"


class IdentifyRepository:
    """Reads and writes gateway_identifies."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def since(self, start: datetime) -> list[datetime]:
        """When the sessions after `start` were identified, oldest first."""
        rows = await self._db.fetchall(
            "SELECT identified_at FROM gateway_identifies WHERE identified_at > ? ORDER BY identified_at",
            (to_db(start),),
        )
        return [from_db(str(row[0])) for row in rows]

    async def claim(
        self, at: datetime, since: datetime, decide: Callable[[list[datetime]], timedelta]
    ) -> timedelta:
        """Decide from the sessions after `since` how long to wait and, when it is nothing, note one at `at` in
        the same transaction, so two processes cannot both take the same turn. Returns the wait."""
        async with self._db.transaction() as tx:
            if self._db.dialect == "postgresql":  # SQLite's write lock already makes this transaction exclusive
                await tx.execute("SELECT pg_advisory_xact_lock(?)", (IDENTIFY_LOCK,))
            rows = await tx.fetchall(
                "SELECT identified_at FROM gateway_identifies WHERE identified_at > ? ORDER BY identified_at",
                (to_db(since),),
            )
            history = [from_db(str(row[0])) for row in rows]
            wait = decide(history)
            if wait <= timedelta(0):
                await tx.execute("INSERT INTO gateway_identifies (identified_at) VALUES (?)", (to_db(at),))
                await tx.execute("DELETE FROM gateway_identifies WHERE identified_at < ?", (to_db(since),))
        return wait
