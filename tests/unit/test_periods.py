"""Leaderboard periods: ISO weeks and calendar months with boundaries at the guild's local midnight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.periods import Period, Window, period_window

MADRID = "Europe/Madrid"
MEXICO = "America/Mexico_City"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_week_starts_at_monday_local_midnight_in_the_guild_zone() -> None:
    window = period_window(Period.WEEK, utc(2026, 11, 25, 12, 0), MADRID)  # a Wednesday
    assert window.label == "2026-W48"
    assert window.start == utc(2026, 11, 22, 23, 0)  # Monday 23 Nov 00:00 CET
    assert window.end == utc(2026, 11, 29, 23, 0)  # Monday 30 Nov 00:00 CET


def test_sunday_night_utc_can_already_be_next_week_locally() -> None:
    # 23:30 UTC on Sunday 22 Nov is 00:30 on Monday 23 Nov in Madrid: week 48, not 47.
    assert period_window(Period.WEEK, utc(2026, 11, 22, 23, 30), MADRID).label == "2026-W48"
    # ... while in Mexico City it is still Sunday afternoon of week 47.
    assert period_window(Period.WEEK, utc(2026, 11, 22, 23, 30), MEXICO).label == "2026-W47"
    assert period_window(Period.WEEK, utc(2026, 11, 22, 23, 30), MEXICO).start == utc(2026, 11, 16, 6, 0)


def test_week_label_is_zero_padded() -> None:
    assert period_window(Period.WEEK, utc(2026, 3, 4, 12), MADRID).label == "2026-W10"
    assert period_window(Period.WEEK, utc(2026, 1, 7, 12), MADRID).label == "2026-W02"


@pytest.mark.parametrize(
    "now", [utc(2026, 12, 31, 12), utc(2027, 1, 1, 12), utc(2027, 1, 3, 12)], ids=["dec-31", "jan-1", "jan-3"]
)
def test_week_spanning_a_year_boundary_is_2026_w53(now: datetime) -> None:
    window = period_window(Period.WEEK, now, MADRID)
    assert window.label == "2026-W53"
    assert window.start == utc(2026, 12, 27, 23, 0)  # Monday 28 Dec local midnight
    assert window.end == utc(2027, 1, 3, 23, 0)  # Monday 4 Jan local midnight


def test_first_iso_week_can_start_in_the_previous_year() -> None:
    window = period_window(Period.WEEK, utc(2025, 1, 1, 12), MADRID)
    assert window.label == "2025-W01"
    assert window.start == utc(2024, 12, 29, 23, 0)  # Monday 30 Dec 2024


def test_week_with_spring_forward_is_one_hour_short() -> None:
    window = period_window(Period.WEEK, utc(2026, 3, 25, 12), MADRID)
    assert window.label == "2026-W13"
    assert window.start == utc(2026, 3, 22, 23, 0)  # CET
    assert window.end == utc(2026, 3, 29, 22, 0)  # CEST
    assert window.end is not None and window.start is not None
    assert window.end - window.start == timedelta(days=7, hours=-1)


def test_month_window_uses_local_midnights() -> None:
    window = period_window(Period.MONTH, utc(2026, 11, 15, 12), MADRID)
    assert window.label == "2026-11"
    assert window.start == utc(2026, 10, 31, 23, 0)
    assert window.end == utc(2026, 11, 30, 23, 0)


def test_month_window_in_december_ends_at_new_year() -> None:
    window = period_window(Period.MONTH, utc(2026, 12, 31, 12), MEXICO)
    assert window.label == "2026-12"
    assert window.start == utc(2026, 12, 1, 6, 0)
    assert window.end == utc(2027, 1, 1, 6, 0)


def test_month_window_of_february_in_a_leap_year() -> None:
    window = period_window(Period.MONTH, utc(2028, 2, 29, 12), "UTC")
    assert (window.label, window.start, window.end) == ("2028-02", utc(2028, 2, 1), utc(2028, 3, 1))


def test_first_hour_of_a_month_locally_belongs_to_that_month() -> None:
    # 23:30 UTC on 31 Oct is 00:30 on 1 Nov in Madrid.
    assert period_window(Period.MONTH, utc(2026, 10, 31, 23, 30), MADRID).label == "2026-11"


def test_all_time_is_unbounded() -> None:
    window = period_window(Period.ALL, utc(2026, 11, 25), MADRID)
    assert window == Window("all", None, None)
    assert window.contains(utc(1970, 1, 1))
    assert window.contains(utc(2999, 1, 1))


def test_window_contains_is_half_open() -> None:
    window = period_window(Period.WEEK, utc(2026, 11, 25, 12), MADRID)
    assert window.start is not None and window.end is not None
    assert window.contains(window.start)
    assert not window.contains(window.start - timedelta(microseconds=1))
    assert window.contains(window.end - timedelta(microseconds=1))
    assert not window.contains(window.end)


def test_window_open_on_one_side() -> None:
    since = Window("since", utc(2026, 1, 1), None)
    until = Window("until", None, utc(2026, 1, 1))
    assert since.contains(utc(2030, 1, 1))
    assert not since.contains(utc(2025, 12, 31, 23, 59))
    assert until.contains(utc(2025, 12, 31, 23, 59))
    assert not until.contains(utc(2026, 1, 1))
