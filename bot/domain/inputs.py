"""Parsing what managers type (post times, weekdays) into schedule values, with messages that say what is expected."""

from __future__ import annotations

import re
from datetime import time, timedelta

_DAY_NAMES: dict[str, int] = {}
for number, names in enumerate(
    (
        ("lun", "lunes", "mon", "monday", "l"),
        ("mar", "martes", "tue", "tues", "tuesday", "m"),
        ("mie", "mié", "miercoles", "miércoles", "wed", "wednesday", "x"),
        ("jue", "jueves", "thu", "thur", "thurs", "thursday", "j"),
        ("vie", "viernes", "fri", "friday", "v"),
        ("sab", "sáb", "sabado", "sábado", "sat", "saturday", "s"),
        ("dom", "domingo", "sun", "sunday", "d"),
    ),
    start=1,
):
    for name in names:
        _DAY_NAMES[name] = number
_ALL_DAYS = {"todos", "todas", "all", "every", "everyday", "diario", "daily"}
_WORKDAYS = {"laborables", "weekdays", "workdays"}


class InputError(ValueError):
    """Input a person typed that cannot be understood; the message explains the expected form.

    `code` and `values` let the Discord layer say the same thing in the reader's language.
    """

    def __init__(self, code: str, message: str, **values: str | int) -> None:
        super().__init__(message)
        self.code = code
        self.values = values


def parse_time(text: str) -> time:
    """'9:00', '09:30', '17h', '9' → a wall-clock time (24-hour)."""
    cleaned = text.strip().lower().replace(".", ":").removesuffix("h")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", cleaned)
    if not match:
        raise InputError("time.format", f"'{text}' is not a time; use 24-hour HH:MM, e.g. 09:00 or 17:30", text=text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise InputError("time.range", f"'{text}' is not a time of day; hours go 0–23 and minutes 0–59", text=text)
    return time(hour, minute)


def _day(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit() and 1 <= int(token) <= 7:
        return int(token)
    if token in _DAY_NAMES:
        return _DAY_NAMES[token]
    raise InputError(
        "day.unknown", f"'{token}' is not a day; use lun, mar, mie, jue, vie, sab, dom (or mon…sun, or 1–7)", text=token
    )


def parse_weekdays(text: str) -> frozenset[int]:
    """'lun-vie', 'mon,wed,fri', '1-5', 'todos' → ISO weekdays (1 = Monday)."""
    cleaned = text.strip().lower()
    for dash in ("–", "—", "‑", "−"):  # phones and the bot's own display use typographic dashes
        cleaned = cleaned.replace(dash, "-")
    if cleaned in _ALL_DAYS:
        return frozenset(range(1, 8))
    if cleaned in _WORKDAYS:
        return frozenset(range(1, 6))
    days: set[int] = set()
    for part in re.split(r"[,\s]+", cleaned):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            start, end = _day(first), _day(last)
            if start > end:
                raise InputError(
                    "day.backwards", f"'{part}' goes backwards; write ranges Monday first, e.g. lun-vie", text=part
                )
            days.update(range(start, end + 1))
        else:
            days.add(_day(part))
    if not days:
        raise InputError("day.empty", "give at least one day, e.g. lun-vie")
    return frozenset(days)


def parse_window(text: str) -> timedelta:
    """'8h', '90m', '1h30', '8' (hours) → an answer window between 5 minutes and 24 hours."""
    cleaned = text.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d{1,2})h)?(?:(\d{1,4})m?)?", cleaned)
    if not cleaned or not match:
        raise InputError("window.format", f"'{text}' is not a duration; use e.g. 8h, 90m or 1h30", text=text)
    hours, rest = match.group(1), match.group(2)
    if hours is None and rest is not None and not cleaned.endswith("m"):
        window = timedelta(hours=int(rest))
    else:
        window = timedelta(hours=int(hours or 0), minutes=int(rest or 0))
    if not timedelta(minutes=5) <= window <= timedelta(hours=24):
        raise InputError("window.range", "the answer window must be between 5 minutes and 24 hours")
    return window


def format_weekdays(days: frozenset[int], names: tuple[str, ...]) -> str:
    """ISO weekdays as short names (`names` lists Monday..Sunday), ranges collapsed: 'lun–vie'."""
    ordered = sorted(days)
    groups: list[list[int]] = []
    for day in ordered:
        if groups and day == groups[-1][-1] + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    parts = []
    for group in groups:
        if len(group) >= 3:
            parts.append(f"{names[group[0] - 1]}–{names[group[-1] - 1]}")
        else:
            parts.extend(names[day - 1] for day in group)
    return ", ".join(parts)
