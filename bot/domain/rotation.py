"""Which item a guild plays on a given day."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from bot.domain.model import Item


def _shuffle_key(guild_id: int, item_id: str) -> str:
    return hashlib.sha256(f"{guild_id}:{item_id}".encode()).hexdigest()


def pick_item(candidates: Sequence[Item], times_posted: Mapping[str, int], guild_id: int) -> Item | None:
    """The least-posted candidate in this guild; ties follow a fixed per-guild shuffle.

    Every item is played once before any is repeated, different guilds see different orders, and the
    same history always yields the same choice (so a restart cannot change the day's item).
    """
    if not candidates:
        return None
    return min(candidates, key=lambda item: (times_posted.get(item.id, 0), _shuffle_key(guild_id, item.id)))
