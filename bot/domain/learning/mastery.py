"""Mastery a person can trust: an item is mastered when the model predicts it will still be recalled a month
from now, from at least two right answers, the later one after a real gap (so a lucky first guess never
counts), and no confident-wrong answer since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.learning.memory import Memory, MemoryModel


class Level(StrEnum):
    """Where a person stands with one item, in words a person understands."""

    NEW = "new"  # met once, or last answered wrong
    LEARNING = "learning"  # right lately, not yet lasting
    MASTERED = "mastered"


@dataclass(frozen=True, slots=True)
class MasteryRule:
    """The thresholds behind "mastered" (documented in LEARNING.md, with the recall they bought)."""

    ahead_days: int = 30  # recall is predicted this far ahead
    min_recall: float = 0.85  # predicted recall there
    min_rights: int = 2  # right answers in a row
    min_gap_days: float = 7.0  # the latest right answer at least this long after the first one of the streak

    def level(self, model: MemoryModel, memory: Memory, at: datetime) -> Level:
        """The person's level on the item at `at`."""
        if memory.streak == 0:
            return Level.NEW
        streak = memory.history[-memory.streak :]
        spaced = (streak[-1].at - streak[0].at) >= timedelta(days=self.min_gap_days)
        lasting = model.recall(memory, at + timedelta(days=self.ahead_days)) >= self.min_recall
        confident_miss = any(attempt.confident_wrong for attempt in memory.history[-memory.streak - 1 :])
        if memory.streak >= self.min_rights and spaced and lasting and not confident_miss:
            return Level.MASTERED
        return Level.LEARNING
