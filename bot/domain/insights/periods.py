"""The periods /insights covers — this week, month or quarter, or all time — and the period before each.

Boundaries are local midnights in the server's zone, like the boards'. A trend compares a period with the one
just before it (last week, last month, last quarter); "all time" has none.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.periods import Window, week_of
from bot.domain.schedule import local_date, wall_clock_instant


class InsightPeriod(StrEnum):
    """What /insights may cover."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    ALL = "all"


def _midnight(day: date, timezone: str) -> datetime:
    return wall_clock_instant(day, time(0, 0), timezone)


def _months(first: date, count: int, timezone: str, label: str) -> Window:
    """`count` calendar months from `first` (the first of a month)."""
    month = first.month - 1 + count
    following = date(first.year + month // 12, month % 12 + 1, 1)
    return Window(label, _midnight(first, timezone), _midnight(following, timezone))


def insight_windows(period: InsightPeriod, now: datetime, timezone: str) -> tuple[Window, Window | None]:
    """The period containing `now` and the one before it (None for all time)."""
    today = local_date(now, timezone)
    if period is InsightPeriod.WEEK:
        return week_of(today, timezone), week_of(today - timedelta(days=7), timezone)
    if period is InsightPeriod.MONTH:
        first = today.replace(day=1)
        before = (first - timedelta(days=1)).replace(day=1)
        return _months(first, 1, timezone, f"{first:%Y-%m}"), _months(before, 1, timezone, f"{before:%Y-%m}")
    if period is InsightPeriod.QUARTER:
        quarter = (today.month - 1) // 3
        first = date(today.year, 3 * quarter + 1, 1)
        before = date(first.year - 1, 10, 1) if quarter == 0 else date(first.year, first.month - 3, 1)
        return (
            _months(first, 3, timezone, f"{first.year}-Q{quarter + 1}"),
            _months(before, 3, timezone, f"{before.year}-Q{(before.month - 1) // 3 + 1}"),
        )
    return Window("all", None, None), None
