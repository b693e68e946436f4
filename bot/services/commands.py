"""Which slash commands Discord already has: the fingerprint of the last upload, so start-up syncs only changes."""

from __future__ import annotations

from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage

COMMANDS_HASH_KEY = "commands_hash"


@storage_errors_as_unavailable
class CommandsService:
    """Discord rate-limits command registration: remember what was uploaded last."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def synced_fingerprint(self) -> str | None:
        """The fingerprint of the command tree uploaded last (None: never)."""
        return await self._storage.meta.get(COMMANDS_HASH_KEY)

    async def synced(self, fingerprint: str) -> None:
        """The command tree with this fingerprint is now on Discord."""
        await self._storage.meta.set(COMMANDS_HASH_KEY, fingerprint)
