"""Streaks count scheduled days answered in a row; unscheduled days and declared pauses never break them."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.scoring import ScoringRules, streak_bonus
from bot.domain.streaks import Pause, streak

MON = date(2026, 11, 23)


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=offset) for offset in offsets]


WEEKDAYS = days(0, 1, 2, 3, 4, 7, 8, 9)  # Mon–Fri, then Mon–Wed of the next week


def test_consecutive_answered_team_days_make_the_streak() -> None:
    assert streak(days(0, 1, 2), days(0, 1, 2)) == 3
    assert streak(days(0, 1, 2), days(1, 2)) == 2
    assert streak(days(0, 1, 2), days(0, 2)) == 1
    assert streak(days(0, 1, 2), []) == 0


def test_a_weekend_without_posts_does_not_break_the_streak() -> None:
    assert streak(WEEKDAYS, WEEKDAYS) == 8
    assert streak_bonus(ScoringRules(), streak(WEEKDAYS, WEEKDAYS)) == 50, "capped"


def test_a_missed_team_day_breaks_it() -> None:
    answered = [day for day in WEEKDAYS if day != MON + timedelta(days=4)]
    assert streak(WEEKDAYS, answered) == 3


def test_a_pause_keeps_the_streak_across_the_days_away() -> None:
    away = Pause(MON + timedelta(days=2), MON + timedelta(days=7))
    answered = days(0, 1, 8, 9)
    assert streak(WEEKDAYS, answered, [away]) == 4
    assert streak(WEEKDAYS, answered) == 2, "without the pause the missed days break it"


def test_paused_days_do_not_count_as_streak_days() -> None:
    assert streak(days(0, 1, 2), days(0, 2), [Pause(MON + timedelta(days=1), MON + timedelta(days=1))]) == 2


def test_todays_open_post_does_not_break_the_streak_before_it_is_answered() -> None:
    today = MON + timedelta(days=9)
    assert streak(WEEKDAYS, WEEKDAYS[:-1], open_day=today) == 7
    assert streak(WEEKDAYS, WEEKDAYS[:-1]) == 0
