"""When a team's post is due: local dates, post instants, weekdays and every kind of DST transition.

All instants are explicit; nothing here reads the real clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedule import (
    ISO_WEEKDAYS,
    Schedule,
    UnknownTimezone,
    answer_deadline,
    due_date,
    is_scheduled_day,
    local_date,
    next_post_instant,
    post_instant,
    wall_clock_instant,
    zone,
)

MADRID = "Europe/Madrid"
MEXICO = "America/Mexico_City"
EVERY_DAY = ISO_WEEKDAYS


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def every_day(timezone: str, post_time: time) -> Schedule:
    return Schedule(timezone, post_time, EVERY_DAY)


def has_gap(day: date, wall: time, timezone: str) -> bool:
    """Whether `wall` on `day` does not exist on the zone's clocks (it is skipped by a transition)."""
    tz = ZoneInfo(timezone)
    naive = datetime.combine(day, wall)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive


def is_repeated(day: date, wall: time, timezone: str) -> bool:
    """Whether `wall` on `day` happens twice (fall back)."""
    tz = ZoneInfo(timezone)
    naive = datetime.combine(day, wall)
    return naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()


# --- zone ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Europe/Madrid", "America/Mexico_City", "UTC", "America/Santiago"])
def test_zone_knows_iana_names(name: str) -> None:
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Mars/Olympus_Mons",
        "europe/madrid-ish",
        "../etc/passwd",
        "Europe/../../etc/passwd",
        "/etc/passwd",
        "/usr/share/zoneinfo/Europe/Madrid",
        " Europe/Madrid",
        "Europe/Madrid ",
        "Europe/Madrid\x00",
        "..",
    ],
)
def test_zone_refuses_unknown_and_path_like_names(name: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        zone(name)
    assert str(caught.value) == name


def test_unknown_timezone_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError, match="Nowhere/Land"):
        zone("Nowhere/Land")


# --- Schedule validation ---------------------------------------------------------------------------------


def test_schedule_defaults_to_the_working_week_and_an_eight_hour_window() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    assert schedule.weekdays == frozenset({1, 2, 3, 4, 5})
    assert schedule.answer_window == timedelta(hours=8)
    assert schedule.tz.key == MADRID


def test_schedule_refuses_an_unknown_timezone() -> None:
    with pytest.raises(UnknownTimezone):
        Schedule("Atlantis/Capital", time(9, 0))


@pytest.mark.parametrize("weekdays", [frozenset(), frozenset({0}), frozenset({1, 8}), frozenset({-1})])
def test_schedule_refuses_weekdays_outside_1_to_7(weekdays: frozenset[int]) -> None:
    with pytest.raises(ValueError, match=r"weekdays must be a non-empty subset of 1\.\.7"):
        Schedule(MADRID, time(9, 0), weekdays)


@pytest.mark.parametrize(
    "window", [timedelta(minutes=4, seconds=59), timedelta(hours=24, seconds=1), timedelta(0), -timedelta(hours=1)]
)
def test_schedule_refuses_answer_windows_outside_5_minutes_to_24_hours(window: timedelta) -> None:
    with pytest.raises(ValueError, match="answer window must be between 5 minutes and 24 hours"):
        Schedule(MADRID, time(9, 0), EVERY_DAY, window)


@pytest.mark.parametrize("window", [timedelta(minutes=5), timedelta(hours=24)])
def test_schedule_accepts_the_window_bounds(window: timedelta) -> None:
    assert Schedule(MADRID, time(9, 0), EVERY_DAY, window).answer_window == window


def test_schedule_refuses_an_aware_post_time() -> None:
    with pytest.raises(ValueError, match="must be naive"):
        Schedule(MADRID, time(9, 0, tzinfo=UTC))


# --- local_date and wall_clock_instant on ordinary days -----------------------------------------------------


def test_local_date_is_the_date_on_the_guild_wall_clock() -> None:
    # 23:30 UTC on Nov 23 is already Nov 24 in Madrid (UTC+1) and still Nov 23 in Mexico City (UTC-6).
    instant = utc(2026, 11, 23, 23, 30)
    assert local_date(instant, MADRID) == date(2026, 11, 24)
    assert local_date(instant, MEXICO) == date(2026, 11, 23)
    assert local_date(instant, "UTC") == date(2026, 11, 23)


def test_local_date_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        local_date(datetime(2026, 11, 23, 12, 0), MADRID)


def test_wall_clock_instant_on_an_ordinary_day() -> None:
    assert wall_clock_instant(date(2026, 11, 23), time(9, 0), MADRID) == utc(2026, 11, 23, 8, 0)
    assert wall_clock_instant(date(2026, 7, 1), time(9, 0), MADRID) == utc(2026, 7, 1, 7, 0)
    assert wall_clock_instant(date(2026, 11, 23), time(9, 0), MEXICO) == utc(2026, 11, 23, 15, 0)


def test_post_instant_uses_the_schedule_time_and_zone() -> None:
    schedule = Schedule(MEXICO, time(17, 30))
    assert post_instant(schedule, date(2026, 11, 24)) == utc(2026, 11, 24, 23, 30)


def test_answer_deadline_is_the_full_window_after_the_real_post() -> None:
    schedule = Schedule(MADRID, time(9, 0), EVERY_DAY, timedelta(hours=2))
    assert answer_deadline(utc(2026, 11, 23, 8, 7), schedule) == utc(2026, 11, 23, 10, 7)


# --- Europe/Madrid DST ---------------------------------------------------------------------------------------


def test_madrid_spring_forward_really_skips_0230() -> None:
    assert has_gap(date(2026, 3, 29), time(2, 30), MADRID)


def test_madrid_spring_forward_post_in_the_gap_is_due_at_0300_local_never_skipped() -> None:
    schedule = every_day(MADRID, time(2, 30))
    day = date(2026, 3, 29)
    instant = post_instant(schedule, day)
    assert instant == utc(2026, 3, 29, 1, 0)
    assert instant.astimezone(ZoneInfo(MADRID)).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 0)
    assert due_date(schedule, instant - timedelta(seconds=1)) is None
    assert due_date(schedule, instant) == day
    # Later that day it is still due (catch-up), and it is the same date.
    assert due_date(schedule, utc(2026, 3, 29, 20, 0)) == day


def test_madrid_fall_back_really_repeats_0230() -> None:
    assert is_repeated(date(2026, 10, 25), time(2, 30), MADRID)


def test_madrid_fall_back_post_is_due_at_the_first_0230() -> None:
    schedule = every_day(MADRID, time(2, 30))
    day = date(2026, 10, 25)
    first = utc(2026, 10, 25, 0, 30)  # 02:30 CEST (UTC+2)
    second = utc(2026, 10, 25, 1, 30)  # 02:30 CET (UTC+1)
    assert post_instant(schedule, day) == first
    assert due_date(schedule, first - timedelta(seconds=1)) is None
    assert due_date(schedule, first) == day
    # At the second 02:30 the date is the same one: the service layer then finds the post already made.
    assert due_date(schedule, second) == day


# --- America/Mexico_City historical DST (abolished after 2022) ----------------------------------------------


def test_mexico_city_2022_spring_forward_post_in_the_gap_is_due_at_0300() -> None:
    day = date(2022, 4, 3)
    assert has_gap(day, time(2, 30), MEXICO)
    schedule = every_day(MEXICO, time(2, 30))
    instant = post_instant(schedule, day)
    assert instant == utc(2022, 4, 3, 8, 0)  # 03:00 CDT (UTC-5)
    assert instant.astimezone(ZoneInfo(MEXICO)).replace(tzinfo=None) == datetime(2022, 4, 3, 3, 0)
    assert due_date(schedule, instant - timedelta(seconds=1)) is None
    assert due_date(schedule, instant) == day


def test_mexico_city_2022_fall_back_post_is_due_at_the_first_0130() -> None:
    day = date(2022, 10, 30)
    assert is_repeated(day, time(1, 30), MEXICO)
    schedule = every_day(MEXICO, time(1, 30))
    first = utc(2022, 10, 30, 6, 30)  # 01:30 CDT (UTC-5)
    second = utc(2022, 10, 30, 7, 30)  # 01:30 CST (UTC-6)
    assert post_instant(schedule, day) == first
    assert due_date(schedule, first - timedelta(seconds=1)) is None
    assert due_date(schedule, first) == day
    assert due_date(schedule, second) == day


def test_mexico_city_has_no_dst_from_2023() -> None:
    # The first Sunday of April 2023 would have been the spring-forward day; 02:30 exists and is UTC-6.
    day = date(2023, 4, 2)
    assert not has_gap(day, time(2, 30), MEXICO)
    assert post_instant(every_day(MEXICO, time(2, 30)), day) == utc(2023, 4, 2, 8, 30)
    assert post_instant(every_day(MEXICO, time(9, 0)), date(2026, 7, 1)) == utc(2026, 7, 1, 15, 0)


# --- a transition at local midnight ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timezone", "day", "expected"),
    [
        # Chile: 2026-09-06 00:00 -04 → 01:00 -03; the first instant of the day is 01:00 local = 04:00 UTC.
        ("America/Santiago", date(2026, 9, 6), utc(2026, 9, 6, 4, 0)),
        # Cuba: 2026-03-08 00:00 CST → 01:00 CDT; 01:00 local = 05:00 UTC.
        ("America/Havana", date(2026, 3, 8), utc(2026, 3, 8, 5, 0)),
    ],
)
def test_midnight_gap_post_at_0030_is_due_when_the_day_starts(timezone: str, day: date, expected: datetime) -> None:
    assert has_gap(day, time(0, 0), timezone)
    assert has_gap(day, time(0, 30), timezone)
    schedule = every_day(timezone, time(0, 30))
    instant = post_instant(schedule, day)
    assert instant == expected
    assert local_date(instant, timezone) == day
    assert instant.astimezone(ZoneInfo(timezone)).time() == time(1, 0)
    # The instant before belongs to the previous local date, whose post was due long ago, not to `day`.
    before = instant - timedelta(seconds=1)
    assert local_date(before, timezone) == day - timedelta(days=1)
    assert due_date(schedule, before) == day - timedelta(days=1)
    assert due_date(schedule, instant) == day


def test_midnight_gap_day_starts_at_the_end_of_the_gap() -> None:
    # Local midnight does not exist; the day's first instant is 01:00 local.
    assert wall_clock_instant(date(2026, 9, 6), time(0, 0), "America/Santiago") == utc(2026, 9, 6, 4, 0)


# --- weekdays and due_date ----------------------------------------------------------------------------------


def test_weekend_is_not_due_on_a_working_week_schedule() -> None:
    schedule = Schedule(MADRID, time(9, 0))  # Monday to Friday
    saturday, sunday, monday = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
    assert saturday.isoweekday() == 6
    assert not is_scheduled_day(schedule, saturday)
    assert not is_scheduled_day(schedule, sunday)
    assert is_scheduled_day(schedule, monday)
    assert due_date(schedule, utc(2026, 11, 28, 12, 0)) is None
    assert due_date(schedule, utc(2026, 11, 29, 22, 0)) is None
    assert due_date(schedule, utc(2026, 11, 30, 8, 0)) == monday


def test_due_date_before_and_at_the_post_time() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    monday = date(2026, 11, 23)
    assert due_date(schedule, utc(2026, 11, 23, 7, 59, 59)) is None
    assert due_date(schedule, utc(2026, 11, 23, 8, 0)) == monday
    assert due_date(schedule, utc(2026, 11, 23, 22, 59)) == monday  # 23:59 local: still today


def test_due_date_never_returns_an_earlier_date() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    # Tuesday 00:05 local: Monday's post time has passed but Monday is over, and Tuesday's is not due yet.
    assert due_date(schedule, utc(2026, 11, 23, 23, 5)) is None
    # Saturday morning after a Friday: nothing, never Friday.
    assert due_date(schedule, utc(2026, 11, 28, 10, 0)) is None


def test_due_date_uses_the_guild_zone_not_utc() -> None:
    schedule = Schedule(MEXICO, time(9, 0))
    # 2026-11-24 02:00 UTC is still Monday 20:00 in Mexico City: Monday's post is due, not Tuesday's.
    assert due_date(schedule, utc(2026, 11, 24, 2, 0)) == date(2026, 11, 23)


# --- next_post_instant -----------------------------------------------------------------------------------


def test_next_post_instant_later_today() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    assert next_post_instant(schedule, utc(2026, 11, 23, 6, 0)) == utc(2026, 11, 23, 8, 0)


def test_next_post_instant_is_strictly_after_now() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    now = utc(2026, 11, 23, 8, 0)  # exactly Monday's post instant
    assert next_post_instant(schedule, now) == utc(2026, 11, 24, 8, 0)


def test_next_post_instant_skips_days_off() -> None:
    schedule = Schedule(MADRID, time(9, 0))
    # Friday after the post: next is Monday.
    assert next_post_instant(schedule, utc(2026, 11, 27, 9, 0)) == utc(2026, 11, 30, 8, 0)
    # A schedule on Wednesdays only, asked on Wednesday after the post: a week later.
    wednesdays = Schedule(MADRID, time(9, 0), frozenset({3}))
    assert next_post_instant(wednesdays, utc(2026, 11, 25, 12, 0)) == utc(2026, 12, 2, 8, 0)


def test_next_post_instant_across_spring_forward() -> None:
    schedule = every_day(MADRID, time(2, 30))
    # Saturday after the post: Sunday's 02:30 does not exist, so the next post is at 03:00 CEST.
    assert next_post_instant(schedule, utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 0)


def test_next_post_instant_after_the_first_of_two_repeated_times_is_the_next_day() -> None:
    schedule = every_day(MADRID, time(2, 30))
    # Between the two 02:30s of the fall-back day: that day's post was at the first; the next is Monday's.
    assert next_post_instant(schedule, utc(2026, 10, 25, 1, 0)) == utc(2026, 10, 26, 1, 30)
