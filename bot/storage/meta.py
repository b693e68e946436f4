"""Small key/value facts the bot keeps about itself (e.g. the fingerprint of its synced commands)."""

from __future__ import annotations

from bot.storage.database import Database


class MetaRepository:
    """Reads and writes bot_meta."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, key: str) -> str | None:
        """The stored value, if any."""
        row = await self._db.fetchone("SELECT meta_value FROM bot_meta WHERE meta_key = ?", (key,))
        return str(row[0]) if row else None

    async def set(self, key: str, value: str) -> None:
        """Store or replace a value."""
        await self._db.execute(
            "INSERT INTO bot_meta (meta_key, meta_value) VALUES (?, ?)"
            " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value",
            (key, value),
        )
