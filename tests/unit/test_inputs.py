"""What managers type: post times, weekdays, answer windows, and how weekdays are shown back."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.domain.inputs import InputError, format_weekdays, parse_time, parse_weekdays, parse_window

ES_NAMES = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
EN_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_HINT = "is not a day; use lun, mar, mie, jue, vie, sab, dom (or mon…sun, or 1–7)"

# --- parse_time -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00", time(9, 0)),
        ("09:30", time(9, 30)),
        ("17h", time(17, 0)),
        ("9", time(9, 0)),
        ("0", time(0, 0)),
        ("9.30", time(9, 30)),
        (" 23:59 ", time(23, 59)),
        ("00:00", time(0, 0)),
        ("17H", time(17, 0)),
    ],
)
def test_parse_time_accepts_common_forms(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["nine", "", "9:5", "-1", "9am", "9:00:00", "123", "9 30"])
def test_parse_time_refuses_what_is_not_a_time(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_time(text)
    assert str(caught.value) == f"'{text}' is not a time; use 24-hour HH:MM, e.g. 09:00 or 17:30"


@pytest.mark.parametrize("text", ["24:00", "9:60", "25", "99:99"])
def test_parse_time_refuses_times_outside_the_day(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_time(text)
    assert str(caught.value) == f"'{text}' is not a time of day; hours go 0–23 and minutes 0–59"


# --- parse_weekdays -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lun-vie", {1, 2, 3, 4, 5}),
        ("LUN-VIE", {1, 2, 3, 4, 5}),
        ("lunes-viernes", {1, 2, 3, 4, 5}),
        ("mon,wed,fri", {1, 3, 5}),
        ("1-5", {1, 2, 3, 4, 5}),
        ("6,7", {6, 7}),
        ("todos", {1, 2, 3, 4, 5, 6, 7}),
        ("Todos", {1, 2, 3, 4, 5, 6, 7}),
        ("all", {1, 2, 3, 4, 5, 6, 7}),
        ("laborables", {1, 2, 3, 4, 5}),
        ("weekdays", {1, 2, 3, 4, 5}),
        ("miércoles", {3}),
        ("miercoles", {3}),
        ("Miércoles", {3}),
        ("mié", {3}),
        ("mie", {3}),
        ("sábado", {6}),
        ("sabado", {6}),
        ("sáb,dom", {6, 7}),
        ("sab-dom", {6, 7}),
        ("jueves viernes", {4, 5}),
        ("l m x j v", {1, 2, 3, 4, 5}),
        ("lun, mié, vie", {1, 3, 5}),
        ("lun-mié,vie", {1, 2, 3, 5}),
        ("lun,lun,lunes", {1}),
        ("thursday", {4}),
        ("jue-jue", {4}),
    ],
)
def test_parse_weekdays(text: str, expected: set[int]) -> None:
    assert parse_weekdays(text) == frozenset(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vie-lun", "'vie-lun' goes backwards; write ranges Monday first, e.g. lun-vie"),
        ("xyz", f"'xyz' {DAY_HINT}"),
        ("8", f"'8' {DAY_HINT}"),
        ("0", f"'0' {DAY_HINT}"),
        ("lun-", f"'' {DAY_HINT}"),
        ("lun,martez", f"'martez' {DAY_HINT}"),
        ("", "give at least one day, e.g. lun-vie"),
        (" , ,", "give at least one day, e.g. lun-vie"),
    ],
)
def test_parse_weekdays_refuses_with_a_message_that_says_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_weekdays(text)
    assert str(caught.value) == message


def test_weekdays_shown_by_the_bot_can_be_typed_back() -> None:
    shown = format_weekdays(frozenset({1, 2, 3, 4, 5}), ES_NAMES)
    assert shown == "lun–vie"
    assert parse_weekdays(shown) == frozenset({1, 2, 3, 4, 5})


# --- parse_window ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8h", timedelta(hours=8)),
        ("8", timedelta(hours=8)),
        ("90m", timedelta(minutes=90)),
        ("1h30", timedelta(hours=1, minutes=30)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        (" 2 h ", timedelta(hours=2)),
        ("5m", timedelta(minutes=5)),
        ("0h5", timedelta(minutes=5)),
        ("24h", timedelta(hours=24)),
        ("1440m", timedelta(hours=24)),
    ],
)
def test_parse_window(text: str, expected: timedelta) -> None:
    assert parse_window(text) == expected


@pytest.mark.parametrize("text", ["4m", "0", "24h1", "1441m", "25", "99h"])
def test_parse_window_refuses_windows_outside_5_minutes_to_24_hours(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_window(text)
    assert str(caught.value) == "the answer window must be between 5 minutes and 24 hours"


@pytest.mark.parametrize("text", ["", "h", "m", "abc", "1.5h", "-8h", "8 hours"])
def test_parse_window_refuses_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_window(text)
    assert str(caught.value) == f"'{text}' is not a duration; use e.g. 8h, 90m or 1h30"


# --- format_weekdays -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ({1, 2, 3, 4, 5}, "lun–vie"),
        ({1, 2, 3, 4, 5, 6, 7}, "lun–dom"),
        ({1, 3, 5}, "lun, mié, vie"),
        ({6, 7}, "sáb, dom"),
        ({1, 2, 3, 5, 6, 7}, "lun–mié, vie–dom"),
        ({1, 2, 4}, "lun, mar, jue"),
        ({7}, "dom"),
    ],
)
def test_format_weekdays_collapses_runs_of_three_or_more(days: set[int], expected: str) -> None:
    assert format_weekdays(frozenset(days), ES_NAMES) == expected


def test_format_weekdays_in_english() -> None:
    assert format_weekdays(frozenset({1, 2, 3, 4, 5}), EN_NAMES) == "Mon–Fri"
