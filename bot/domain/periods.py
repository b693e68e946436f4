"""Leaderboard periods (ISO week, calendar month, all time) as UTC windows over the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.schedule import local_date, wall_clock_instant


class Period(StrEnum):
    """The periods a board can cover."""

    WEEK = "week"
    MONTH = "month"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open UTC interval [start, end); None means unbounded on that side."""

    label: str
    start: datetime | None
    end: datetime | None

    def contains(self, instant: datetime) -> bool:
        """Whether `instant` falls inside the window."""
        return (self.start is None or instant >= self.start) and (self.end is None or instant < self.end)


def _local_midnight(day: date, timezone: str) -> datetime:
    return wall_clock_instant(day, time(0, 0), timezone)


def period_window(period: Period, now: datetime, timezone: str) -> Window:
    """The window of `period` containing `now`, with boundaries at local midnight in the guild's zone."""
    today = local_date(now, timezone)
    if period is Period.WEEK:
        monday = today - timedelta(days=today.isoweekday() - 1)
        year, week, _ = monday.isocalendar()
        return Window(
            f"{year}-W{week:02d}",
            _local_midnight(monday, timezone),
            _local_midnight(monday + timedelta(days=7), timezone),
        )
    if period is Period.MONTH:
        first = today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Window(f"{first:%Y-%m}", _local_midnight(first, timezone), _local_midnight(following, timezone))
    return Window("all", None, None)
