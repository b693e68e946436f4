"""Participation streaks: consecutive scheduled days on which a member answered.

Only days on which the member's team had a post count, so weekends and holidays without a post never
break a streak; days inside a pause the member declared (e.g. their own holidays) are skipped too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Pause:
    """Days (inclusive) on which a member is away without losing their streak."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        """Whether `day` falls inside the pause."""
        return self.start <= day <= self.end


def streak(
    team_days: Sequence[date], answered: Iterable[date], pauses: Iterable[Pause] = (), *, open_day: date | None = None
) -> int:
    """The streak ending at the latest team day: answered days in a row, paused days skipped.

    `open_day` is a team day whose post can still be answered: not answering it yet does not break anything.
    """
    answered_days = set(answered)
    pause_list = list(pauses)
    length = 0
    for day in sorted(team_days, reverse=True):
        if day in answered_days:
            length += 1
        elif day == open_day or any(pause.covers(day) for pause in pause_list):
            continue
        else:
            break
    return length
