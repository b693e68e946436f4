"""The gateway sessions the bot started (IDENTIFY), kept across restarts for the identify budget."""

from __future__ import annotations

from datetime import datetime

from bot.storage.database import Database, from_db, to_db


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

    async def record(self, at: datetime, *, forget_before: datetime) -> None:
        """Note an IDENTIFY at `at` and drop those older than `forget_before` (they no longer count)."""
        async with self._db.transaction() as tx:
            await tx.execute("INSERT INTO gateway_identifies (identified_at) VALUES (?)", (to_db(at),))
            await tx.execute("DELETE FROM gateway_identifies WHERE identified_at < ?", (to_db(forget_before),))
