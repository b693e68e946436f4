"""When a team's daily challenge is due: local dates, post instants and DST, as pure functions.

The rule: a team is due on local date D when D is one of the guild's weekdays, the local clock on D has
reached the post time, and nothing was posted for D yet. Only today's local date is ever considered, so a
post missed during downtime is caught up the same day and never on the next one. On a spring-forward day
a post time inside the gap happens at the first instant after the gap; on a fall-back day the first of
the two repeated instants counts, and the post of D already exists at the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.clock import ensure_utc

ISO_WEEKDAYS = frozenset(range(1, 8))
WORKING_WEEK = frozenset(range(1, 6))
DEFAULT_ANSWER_WINDOW = timedelta(hours=8)
MIN_ANSWER_WINDOW = timedelta(minutes=5)
MAX_ANSWER_WINDOW = timedelta(hours=24)


class UnknownTimezone(ValueError):
    """The name is not an IANA timezone known to this system."""


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`; raises UnknownTimezone with the name if it does not exist."""
    if not name or name != name.strip() or ".." in name or name.startswith("/"):
        raise UnknownTimezone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise UnknownTimezone(name) from exc


@dataclass(frozen=True, slots=True)
class Schedule:
    """A guild's posting schedule: a local wall-clock time on some ISO weekdays (1 = Monday)."""

    timezone: str
    post_time: time
    weekdays: frozenset[int] = WORKING_WEEK
    answer_window: timedelta = DEFAULT_ANSWER_WINDOW

    def __post_init__(self) -> None:
        zone(self.timezone)
        if not self.weekdays or not self.weekdays <= ISO_WEEKDAYS:
            raise ValueError(f"weekdays must be a non-empty subset of 1..7, got {sorted(self.weekdays)}")
        if not MIN_ANSWER_WINDOW <= self.answer_window <= MAX_ANSWER_WINDOW:
            raise ValueError(f"answer window must be between 5 minutes and 24 hours, got {self.answer_window}")
        if self.post_time.tzinfo is not None:
            raise ValueError("post_time is a local wall-clock time and must be naive")

    @property
    def tz(self) -> ZoneInfo:
        """The schedule's zone object."""
        return zone(self.timezone)


def local_date(now: datetime, timezone: str) -> date:
    """The calendar date the guild's people see on their wall clocks at `now`."""
    return ensure_utc(now).astimezone(zone(timezone)).date()


def wall_clock_instant(day: date, wall: time, timezone: str) -> datetime:
    """The first UTC instant at which the local clock on `day` shows `wall` or later.

    This is the one definition of 'that local time on that day' used everywhere, so a time that DST skips
    maps to the end of the gap and a time DST repeats maps to its first occurrence.
    """
    tz = zone(timezone)
    naive = datetime.combine(day, wall.replace(tzinfo=None))
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # `naive` falls in a gap: search the first instant whose wall time is at or after it.
    low = min(first, naive.replace(tzinfo=tz, fold=1).astimezone(UTC))
    high = max(first, naive.replace(tzinfo=tz, fold=1).astimezone(UTC))
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def post_instant(schedule: Schedule, day: date) -> datetime:
    """When the post of local date `day` becomes due (UTC)."""
    return wall_clock_instant(day, schedule.post_time, schedule.timezone)


def is_scheduled_day(schedule: Schedule, day: date) -> bool:
    """Whether the guild plays on local date `day`."""
    return day.isoweekday() in schedule.weekdays


def due_date(schedule: Schedule, now: datetime) -> date | None:
    """Today's local date if its post is due at `now`, else None. Never an earlier date."""
    today = local_date(now, schedule.timezone)
    if is_scheduled_day(schedule, today) and ensure_utc(now) >= post_instant(schedule, today):
        return today
    return None


def next_post_instant(schedule: Schedule, now: datetime) -> datetime:
    """The first post instant strictly after `now`, for sleeping until it and for showing it."""
    now = ensure_utc(now)
    today = local_date(now, schedule.timezone)
    for offset in range(0, 9):
        day = today + timedelta(days=offset)
        if is_scheduled_day(schedule, day):
            instant = post_instant(schedule, day)
            if instant > now:
                return instant
    raise AssertionError("a non-empty weekday set always yields a post within 8 days")


def answer_deadline(posted_at: datetime, schedule: Schedule) -> datetime:
    """When answers stop counting: the full window from the moment the post really went out."""
    return ensure_utc(posted_at) + schedule.answer_window
