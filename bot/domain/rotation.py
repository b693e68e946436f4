"""Which item a guild plays on a given day.

Every item is played once before any is played again. Within a cycle the steps advance together: the
step whose items are the least played, proportionally, goes next, so the first ten days visit ten
different steps and no step waits long. Yesterday's step is avoided whenever another is left, and when a
step holds so many of the remaining items that it could no longer be kept apart, it is served first.
Ties follow a fixed per-guild shuffle, so servers see different orders while the same history always
yields the same pick: a restart cannot change it.
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
    size = Counter(item.step for item in candidates)
    left = Counter(item.step for item in pool)
    crowded = max(left.values())
    if crowded > (len(pool) + 1) // 2:  # that step must be served now or it will end up in a row
        pool = [item for item in pool if left[item.step] == crowded]

    def progress(item: Item) -> float:
        return 1 - left[item.step] / size[item.step]

    return min(
        pool,
        key=lambda item: (item.step == previous_step, progress(item), _shuffle_key(guild_id, item.id)),
    )
