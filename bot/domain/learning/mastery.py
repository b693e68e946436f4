"""Mastery a person can trust: an item is mastered when the model predicts it will still be recalled a month
from now, from at least two right answers in a row, the later one after a real gap (so a lucky first guess
never counts), and the latest miss, if any, was not a confident one.

The decision is written on arrays (`mastered`) so the learning benchmark labels every simulated person's items
with this very rule and measures what the label is worth: the true recall, at week 12, of items labelled
mastered (LEARNING.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from bot.domain.learning import fsrs6
from bot.domain.learning.memory import Memory, MemoryModel, elapsed_days

BoolArray = npt.NDArray[np.bool_]


class Level(StrEnum):
    """Where a person stands with one item, in words a person understands."""

    NEW = "new"  # met once, or last answered wrong
    LEARNING = "learning"  # right lately, not yet lasting
    MASTERED = "mastered"


@dataclass(frozen=True, slots=True)
class MasteryRule:
    """The thresholds behind "mastered" (documented in LEARNING.md, with the recall they bought)."""

    ahead_days: int = 30  # recall is predicted this far ahead
    min_recall: float = 0.90  # predicted recall there (0.85 measured 0.79 on the worst ACT-R seed)
    min_rights: int = 2  # right answers in a row
    min_gap_days: float = 7.0  # the latest right answer at least this long after the first one of the streak

    def mastered(
        self,
        parameters: Sequence[float],
        stability: npt.ArrayLike,
        since_last: npt.ArrayLike,
        streak: npt.ArrayLike,
        streak_days: npt.ArrayLike,
        confident_miss: npt.ArrayLike,
    ) -> BoolArray:
        """The rule on arrays: `since_last` whole days since the last answer, `streak_days` from the first right
        answer of the streak to the last one, `confident_miss` whether the miss before the streak was confident."""
        ahead = np.asarray(since_last, dtype=np.float64) + self.ahead_days
        lasting = fsrs6.retrievability(parameters, ahead, stability) >= self.min_recall
        rights = np.asarray(streak) >= self.min_rights
        spaced = np.asarray(streak_days, dtype=np.float64) >= self.min_gap_days
        return np.asarray(lasting & rights & spaced & ~np.asarray(confident_miss, dtype=np.bool_), dtype=np.bool_)

    def levels(self, model: MemoryModel, memories: Sequence[Memory], at: datetime) -> list[Level]:
        """Every memory's level at `at`, in one array pass (what /me shows for a person's whole history)."""
        if not memories:
            return []
        mastered = self.mastered(
            model.parameters,
            [memory.stability for memory in memories],
            [elapsed_days(memory.last, at) for memory in memories],
            [memory.streak for memory in memories],
            [_streak_days(memory) for memory in memories],
            [_confident_miss(memory) for memory in memories],
        ).tolist()
        return [
            Level.NEW if memory.streak == 0 else Level.MASTERED if lasting else Level.LEARNING
            for memory, lasting in zip(memories, mastered, strict=True)
        ]

    def level(self, model: MemoryModel, memory: Memory, at: datetime) -> Level:
        """The person's level on the item at `at`."""
        return self.levels(model, [memory], at)[0]


def _streak_days(memory: Memory) -> float:
    """Days from the first right answer of the current streak to the last one."""
    streak = memory.history[-memory.streak :] if memory.streak else ()
    return (streak[-1].at - streak[0].at).total_seconds() / 86400 if streak else 0.0


def _confident_miss(memory: Memory) -> bool:
    """Whether the miss just before the current streak (if any) was a confident one."""
    return any(attempt.confident_wrong for attempt in memory.history[-memory.streak - 1 :])
