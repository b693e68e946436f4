"""Snowflake ids with real timestamps, as Discord makes them (discord.py derives created_at from them)."""

from __future__ import annotations

import itertools
import threading
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """Monotonic, unique snowflakes: milliseconds since the Discord epoch, worker bits and a counter."""

    def __init__(self, worker: int = 1, *, fixed_start: float | None = None) -> None:
        """`fixed_start` (Unix seconds) makes the ids reproducible: time then advances 1 ms per id from there."""
        self._worker = worker & 0x3FF
        self._counter = itertools.count()
        self._last = 0
        self._lock = threading.Lock()
        self._fixed_ms = None if fixed_start is None else int(fixed_start * 1000) - DISCORD_EPOCH_MS

    def next(self) -> int:
        """A new id, strictly greater than every id made before by this generator."""
        with self._lock:
            if self._fixed_ms is not None:
                self._fixed_ms += 1
                self._last = self._fixed_ms
                return (self._fixed_ms << 22) | (self._worker << 12)
            millis = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, self._last)
            sequence = next(self._counter) & 0xFFF
            if sequence == 0xFFF:
                millis += 1
            self._last = millis
            return (millis << 22) | (self._worker << 12) | sequence


def timestamp_of(snowflake: int) -> float:
    """Unix time (seconds) encoded in a snowflake."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000
