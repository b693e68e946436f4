"""The right to be forgotten: what Momentos keeps about a member, and erasing it in one go."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.domain.privacy import Footprint
from bot.services.digests import scrub_digest
from bot.services.errors import storage_errors_as_unavailable
from bot.storage.erasure import ERASED_USER, ErasureRepository, Scrubber


def scrub_results(results: str, user_id: int) -> str | None:
    """A frozen announcement without the member: their top-people entries keep rank and points, user 0.

    Keeping the entry (instead of dropping it) leaves everyone else's rank as announced; None means the
    member is not in these results.
    """
    data: dict[str, Any] = json.loads(results)
    people = data.get("top_people") or []
    if not any(int(person.get("user_id", ERASED_USER)) == user_id for person in people):
        return None
    for person in people:
        if int(person.get("user_id", ERASED_USER)) == user_id:
            person["user_id"] = ERASED_USER
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


SCRUBBERS: dict[str, Scrubber] = {"announcements": scrub_results, "digests": scrub_digest}


@storage_errors_as_unavailable
class ErasureService:
    """Forgets members who ask for it (or whom a manager forgets after they left)."""

    def __init__(self, erasure: ErasureRepository, forgotten: Callable[[int, int], None] | None = None) -> None:
        self._records = erasure
        self._forgotten = forgotten  # tells caches of the running bot that the member's rows are gone

    async def footprint(self, guild_id: int, user_id: int) -> Footprint:
        """What forgetting the member would erase in this server."""
        return await self._records.footprint(guild_id, user_id, SCRUBBERS)

    async def shown_reflections(self, guild_id: int, user_id: int) -> list[tuple[int, int]]:
        """Where the member's reflections are shown in Discord (thread, message), read before forgetting."""
        return await self._records.shown_reflections(guild_id, user_id)

    async def forget(self, guild_id: int, user_id: int) -> Footprint:
        """Erase the member's data in this server in one transaction; boards recompute without it."""
        footprint = await self._records.forget(guild_id, user_id, SCRUBBERS)
        if self._forgotten is not None:
            self._forgotten(guild_id, user_id)
        return footprint
