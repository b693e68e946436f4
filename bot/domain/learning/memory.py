"""A memory per person and item, after FSRS-6 (the `fsrs` package): every answer updates it, and it is always
rebuilt from the history of answers, so nothing lives only in a cache.

Grades: a wrong answer is Again, a right one Good, a right one the person was sure of ("¿Seguro?" → yes)
Easy. A wrong answer the person was sure of is still Again, and is counted apart as *confident wrong*, the
most dangerous state for a service worker. A right answer can be a lucky guess (1 in 4 with four choices):
the first right answer on an item is graded Good like any other (FSRS's first stability is short, so the item
comes back soon), but it never counts toward mastery on its own (see `mastery.py`).

py-fsrs pitfalls handled here: every `Card` gets a `card_id` (without one, `Card()` sleeps 1 ms to make a
unique id), learning and relearning steps are empty (Momentos runs on days, not minutes), and fuzzing is off
(it uses the global `random`, which would make replays differ).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum

import fsrs

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.Scheduler().parameters)


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
    stability: float  # days until recall falls to 90%
    difficulty: float  # 1..10
    first: datetime  # when the person first met the item
    last: datetime  # the latest attempt
    attempts: int = 1
    lapses: int = 0  # wrong answers after the first attempt
    streak: int = 0  # right answers in a row, up to `last`
    confident_wrong: int = 0
    history: tuple[Attempt, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class MemoryModel:
    """FSRS-6 with a server's parameters (the defaults until a fit from its own ledger replaces them)."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    maximum_interval: int = 365

    def _scheduler(self) -> fsrs.Scheduler:
        return fsrs.Scheduler(
            parameters=self.parameters,
            learning_steps=(),
            relearning_steps=(),
            maximum_interval=self.maximum_interval,
            enable_fuzzing=False,
        )

    def update(self, memory: Memory | None, item_id: str, attempt: Attempt) -> Memory:
        """The memory after one more attempt (attempts must come in time order)."""
        scheduler = self._scheduler()
        card = (
            fsrs.Card(card_id=1)
            if memory is None
            else fsrs.Card(
                card_id=1,
                state=fsrs.State.Review,
                stability=memory.stability,
                difficulty=memory.difficulty,
                due=memory.last,
                last_review=memory.last,
            )
        )
        reviewed, _ = scheduler.review_card(card, fsrs.Rating(int(attempt.grade)), attempt.at)
        assert reviewed.stability is not None
        assert reviewed.difficulty is not None
        if memory is None:
            return Memory(
                item_id=item_id,
                stability=float(reviewed.stability),
                difficulty=float(reviewed.difficulty),
                first=attempt.at,
                last=attempt.at,
                streak=1 if attempt.correct else 0,
                confident_wrong=int(attempt.confident_wrong),
                history=(attempt,),
            )
        return replace(
            memory,
            stability=float(reviewed.stability),
            difficulty=float(reviewed.difficulty),
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
        """Predicted probability that the person would answer the item right at `at` (FSRS's retrievability)."""
        return self.recall_after(memory.stability, max(0.0, (at - memory.last).total_seconds() / 86400))

    def recall_after(self, stability: float, days: float) -> float:
        """Retrievability after `days` with `stability` (FSRS-6's power forgetting curve)."""
        decay = -self.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        return float((1 + factor * days / stability) ** decay)

    def after(self, memory: Memory, at: datetime, correct: bool) -> Memory:
        """What the memory would be after one more attempt at `at` (for policies weighing a review)."""
        return self.update(memory, memory.item_id, Attempt(at=at, correct=correct))


def memories(model: MemoryModel, attempts_by_item: dict[str, Sequence[Attempt]]) -> list[Memory]:
    """Every item's memory for one person, rebuilt from their attempts."""
    found = [model.replay(item_id, attempts) for item_id, attempts in attempts_by_item.items()]
    return [memory for memory in found if memory is not None]
