"""Which item a guild plays on a given day.

Every item is played once before any is played again; within that, the day's step differs from the
previous day's whenever another step is left, and steps with more unplayed items go first (the greedy
order that keeps equal steps apart longest). Ties follow a fixed per-guild shuffle, so different servers
see different orders while the same history always yields the same pick: a restart cannot change it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence

from bot.domain.model import Item


def _shuffle_key(guild_id: int, item_id: str) -> str:
    return hashlib.sha256(f"{guild_id}:{item_id}".encode()).hexdigest()


def pick_item(
    candidates: Sequence[Item], times_posted: Mapping[str, int], guild_id: int, previous_step: int | None = None
) -> Item | None:
    """The next item for a guild, given how often each was posted and the step of its last post."""
    if not candidates:
        return None
    fewest = min(times_posted.get(item.id, 0) for item in candidates)
    pool = [item for item in candidates if times_posted.get(item.id, 0) == fewest]
    left_per_step = Counter(item.step for item in pool)
    return min(
        pool,
        key=lambda item: (item.step == previous_step, -left_per_step[item.step], _shuffle_key(guild_id, item.id)),
    )
