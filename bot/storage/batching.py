"""Group commit: writes that arrive together share one transaction, and each writer still waits for its own.

Under a burst of clicks, one transaction (and one fsync, and several round trips to SQLite's thread) per
click is the bottleneck. A single writer task takes everything queued, commits it at once, then answers
every caller; nobody is acknowledged before their write is durable, and a failed batch fails each caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Queue items; one task at a time runs `commit(batch)` (one result per item, in order)."""

    def __init__(self, commit: Callable[[list[T]], Awaitable[list[R]]], name: str) -> None:
        self._commit = commit
        self._name = name
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Add `item` to the next batch and wait until that batch is committed."""
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name=self._name)
        return await done

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                results = await self._commit([item for item, _ in batch])
            except BaseException as error:  # every caller of the batch hears it; nobody is silently lost
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                if isinstance(error, asyncio.CancelledError):
                    raise
                continue
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(result)

    async def flush(self) -> None:
        """Wait for whatever is queued or being written (before closing the database)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)
