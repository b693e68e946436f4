"""Leaderboard periods (ISO week, calendar month, all time) as UTC windows over the ledger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.schedule import local_date, wall_clock_instant


class Period(StrEnum):
    """The periods a board can cover."""

    WEEK = "week"
    LAST_WEEK = "last-week"
    MONTH = "month"
    ALL = "all"


class PeriodError(ValueError):
    """A week label that does not name an ISO week."""


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


def week_of(day: date, timezone: str) -> Window:
    """The ISO week (Monday to Monday, local midnights) that contains local date `day`."""
    monday = day - timedelta(days=day.isoweekday() - 1)
    year, week, _ = monday.isocalendar()
    return Window(
        f"{year}-W{week:02d}",
        _local_midnight(monday, timezone),
        _local_midnight(monday + timedelta(days=7), timezone),
    )


def parse_week(label: str, timezone: str) -> Window:
    """'2026-W47' → that ISO week in the guild's zone; PeriodError for anything else."""
    match = re.fullmatch(r"\s*(\d{4})-?[Ww](\d{1,2})\s*", label)
    if not match:
        raise PeriodError(f"'{label}' is not an ISO week; write it like 2026-W47")
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise PeriodError(f"'{label}' is not a week of that year") from None
    return week_of(monday, timezone)


def period_window(period: Period, now: datetime, timezone: str) -> Window:
    """The window of `period` containing `now`, with boundaries at local midnight in the guild's zone."""
    today = local_date(now, timezone)
    if period is Period.WEEK:
        return week_of(today, timezone)
    if period is Period.LAST_WEEK:
        return week_of(today - timedelta(days=7), timezone)
    if period is Period.MONTH:
        first = today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Window(f"{first:%Y-%m}", _local_midnight(first, timezone), _local_midnight(following, timezone))
    return Window("all", None, None)
