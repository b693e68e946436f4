"""Small in-process caches for rows read on every click; each repository drops its entries when it writes them.

The bot is the only writer of its database (exports and backups only read), so a repository that clears
what it changes keeps its cache exact.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A dict that forgets its oldest entries beyond `size`, so a year of posts cannot grow it without end."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[K, V] = {}
        self.generation = 0  # bumped by every drop: a read that started before a write must not be cached


    def get(self, key: K) -> V | None:
        """The cached value, if any."""
        return self._items.get(key)

    def put(self, key: K, value: V, since: int | None = None) -> V:
        """Remember `value` (returned for convenience), unless something was dropped since generation `since`."""
        if since is not None and since != self.generation:
            return value
        self._items.pop(key, None)
        self._items[key] = value
        while len(self._items) > self._size:
            del self._items[next(iter(self._items))]
        return value

    def drop(self, key: K) -> None:
        """Forget one entry."""
        self.generation += 1
        self._items.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        self.generation += 1
        self._items.clear()
