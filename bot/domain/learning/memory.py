"""A memory per person and item, after FSRS-6: every answer updates it, and it is always rebuilt from the history
of answers, so nothing lives only in a cache.

Grades: a wrong answer is Again, a right one Good, a right one the person was sure of ("¿Seguro?" → yes) Easy.
A wrong answer the person was sure of is still Again, and is counted apart as *confident wrong*, the most
dangerous state for a service worker.

Lucky guesses (1 in 4 with four choices): a right answer is graded Good whether or not it was a guess, because
nothing tells the two apart; FSRS's first stability after Good is short (about two days with the defaults), so an
item first answered right still comes back soon, and a first right answer never counts toward mastery on its own
(`mastery.py` wants two right answers in a row, a week apart). Fitting the parameters to a server's own answers
(`fit.py`) absorbs the guessing rate into the curve: predicted recall is then the probability of a *right answer*,
guesses included, which is what the reviews observe and what calibration measures. LEARNING.md reports what a
guess-aware alternative measured.

The formulas are FSRS-6 as py-fsrs 6.3.2 computes them for a card always in the Review state (no learning or
relearning steps: Momentos runs on days, not minutes; no fuzz: a replay must give the same result), written on
arrays in `fsrs6.py` so the learning benchmark runs this code for 200 people at once; a test checks them against
the `fsrs` package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum
from itertools import pairwise

import fsrs
import numpy as np

from bot.domain.learning import fsrs6

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(value) for value in fsrs.Scheduler().parameters)


class Grade(IntEnum):
    """FSRS's four grades (Momentos uses Again, Good and Easy)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer of a person to an item: on the team's daily post, or in a private review."""

    at: datetime  # UTC
    correct: bool
    sure: bool | None = None  # the "¿Seguro?" tap after answering: yes, no, or not answered
    review: bool = False

    @property
    def grade(self) -> Grade:
        """Again when wrong; Easy when right and sure; Good otherwise."""
        if not self.correct:
            return Grade.AGAIN
        return Grade.EASY if self.sure else Grade.GOOD

    @property
    def confident_wrong(self) -> bool:
        """Wrong, and sure of it."""
        return not self.correct and self.sure is True


@dataclass(frozen=True, slots=True)
class Memory:
    """What the model believes a person remembers of one item, and the history that led there."""

    item_id: str
    stability: float  # days until predicted recall falls to 90%
    difficulty: float  # 1..10
    first: datetime  # when the person first met the item
    last: datetime  # the latest attempt
    attempts: int = 1
    lapses: int = 0  # wrong answers after the first attempt
    streak: int = 0  # right answers in a row, up to `last`
    confident_wrong: int = 0
    history: tuple[Attempt, ...] = field(default=(), repr=False)


def elapsed_days(since: datetime, at: datetime) -> int:
    """Whole days from `since` to `at`, as FSRS counts them (a review 30 hours after the post is 1 day later)."""
    return max(0, (at - since).days)


@dataclass(frozen=True, slots=True)
class MemoryModel:
    """FSRS-6 with a server's parameters (the defaults until a fit from its own ledger replaces them)."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    maximum_interval: int = 365

    def __post_init__(self) -> None:
        # The package's own bounds: a fitted set outside them is a bug, better refused here than scheduled.
        fsrs.Scheduler(parameters=self.parameters, learning_steps=(), relearning_steps=(), enable_fuzzing=False)

    def update(self, memory: Memory | None, item_id: str, attempt: Attempt) -> Memory:
        """The memory after one more attempt (attempts must come in time order)."""
        grade = int(attempt.grade)
        if memory is None:
            return Memory(
                item_id=item_id,
                stability=float(fsrs6.initial_stability(self.parameters, grade)),
                difficulty=float(fsrs6.initial_difficulty(self.parameters, grade)),
                first=attempt.at,
                last=attempt.at,
                streak=1 if attempt.correct else 0,
                confident_wrong=int(attempt.confident_wrong),
                history=(attempt,),
            )
        stability, difficulty = fsrs6.review(
            self.parameters, memory.stability, memory.difficulty, elapsed_days(memory.last, attempt.at), grade
        )
        return replace(
            memory,
            stability=float(stability),
            difficulty=float(difficulty),
            last=attempt.at,
            attempts=memory.attempts + 1,
            lapses=memory.lapses + (0 if attempt.correct else 1),
            streak=memory.streak + 1 if attempt.correct else 0,
            confident_wrong=memory.confident_wrong + int(attempt.confident_wrong),
            history=(*memory.history, attempt),
        )

    def replay(self, item_id: str, attempts: Iterable[Attempt]) -> Memory | None:
        """The memory rebuilt from every attempt (sorted by time); None when there is none."""
        memory: Memory | None = None
        for attempt in sorted(attempts, key=lambda one: one.at):
            memory = self.update(memory, item_id, attempt)
        return memory

    def recall(self, memory: Memory, at: datetime) -> float:
        """Predicted probability that the person would answer the item right at `at` (whole days, like FSRS)."""
        return self.recall_after(memory.stability, elapsed_days(memory.last, at))

    def recall_after(self, stability: float, days: float) -> float:
        """Retrievability after `days` with `stability` (FSRS-6's power forgetting curve)."""
        return float(fsrs6.retrievability(self.parameters, days, stability))

    def after(self, memory: Memory, at: datetime, correct: bool) -> Memory:
        """What the memory would be after one more attempt at `at` (for policies weighing a review)."""
        return self.update(memory, memory.item_id, Attempt(at=at, correct=correct))

    def interval(self, memory: Memory, desired_retention: float) -> int:
        """Whole days from the last attempt until predicted recall falls to `desired_retention` (FSRS's due date)."""
        return int(fsrs6.interval_days(self.parameters, memory.stability, desired_retention, self.maximum_interval))


def memories(model: MemoryModel, attempts_by_item: Mapping[str, Sequence[Attempt]]) -> list[Memory]:
    """Every item's memory for one person, rebuilt from their attempts: the k-th attempts of all items in one array
    step (the same formulas as `MemoryModel.update`), so a person with a year of answers costs a handful of numpy
    calls instead of one per answer — /me and every review answer replay the whole person."""
    histories = [(item_id, sorted(found, key=lambda one: one.at)) for item_id, found in attempts_by_item.items()]
    histories = [(item_id, ordered) for item_id, ordered in histories if ordered]
    if not histories:
        return []
    width = max(len(ordered) for _, ordered in histories)
    grades = np.full((len(histories), width), int(Grade.GOOD), dtype=np.int64)
    elapsed = np.zeros((len(histories), width), dtype=np.float64)
    for row, (_, ordered) in enumerate(histories):
        grades[row, : len(ordered)] = [int(attempt.grade) for attempt in ordered]
        elapsed[row, 1 : len(ordered)] = [elapsed_days(a.at, b.at) for a, b in pairwise(ordered)]
    lengths = np.array([len(ordered) for _, ordered in histories])
    stability = fsrs6.initial_stability(model.parameters, grades[:, 0])
    difficulty = fsrs6.initial_difficulty(model.parameters, grades[:, 0])
    for step in range(1, width):
        active = step < lengths
        new_s, new_d = fsrs6.review(model.parameters, stability, difficulty, elapsed[:, step], grades[:, step])
        stability = np.where(active, new_s, stability)
        difficulty = np.where(active, new_d, difficulty)
    return [
        _memory(item_id, ordered, s, d)
        for (item_id, ordered), s, d in zip(histories, stability.tolist(), difficulty.tolist(), strict=True)
    ]


def _memory(item_id: str, ordered: Sequence[Attempt], stability: float, difficulty: float) -> Memory:
    """The memory's counts from its history (time order), around the replayed stability and difficulty."""
    streak = 0
    for attempt in reversed(ordered):
        if not attempt.correct:
            break
        streak += 1
    return Memory(
        item_id=item_id,
        stability=stability,
        difficulty=difficulty,
        first=ordered[0].at,
        last=ordered[-1].at,
        attempts=len(ordered),
        lapses=sum(not attempt.correct for attempt in ordered[1:]),
        streak=streak,
        confident_wrong=sum(attempt.confident_wrong for attempt in ordered),
        history=tuple(ordered),
    )
