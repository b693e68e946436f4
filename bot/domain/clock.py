"""Time as the game sees it: always an aware UTC datetime, injectable so tests and demos control it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time in UTC."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant from the operating system."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to, for tests, the demo and simulated days."""

    def __init__(self, start: datetime) -> None:
        self._now = ensure_utc(start)

    def now(self) -> datetime:
        """The instant the clock was last set to."""
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump to `instant` (forwards or backwards, as a restarted machine might)."""
        self._now = ensure_utc(instant)

    def advance(self, **delta: float) -> datetime:
        """Move forward by a timedelta given as keyword arguments (minutes=5, hours=1...)."""
        self._now = self._now + timedelta(**delta)
        return self._now


def ensure_utc(instant: datetime) -> datetime:
    """Reject naive datetimes, which would silently mean 'local time of whatever machine runs this'."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: times must be timezone-aware")
    return instant.astimezone(UTC)
