"""The review policies compared side by side, each driven by the simulator (`sim.Policy`).

- **Rotation only**: today's Momentos, no reviews at all.
- **Kerfoot** (spaced education, Kerfoot et al.): an item comes back 3 weeks after a miss and 6 weeks after a
  right answer, and retires after two right answers in a row (the daily post counts as the first). Checked every
  working day; when more are due than the cap allows, the longest-waiting go first and the rest wait.
- **FSRS threshold** (py-fsrs's scheduler, default parameters, desired retention r): an item is due when its
  predicted recall has fallen to r (the package's interval); earliest due first within the cap.
- **Momentos** (`bot.domain.learning.policy.ReviewPolicy`, the bot's own code): the items whose review adds the
  most expected recall at the horizon, if the gain is worth a slot.

Every policy keeps its own FSRS memory of each pair where it needs one, updated by the same formulas as the bot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bot.bench.learning.sim import Ledger, top_per_row
from bot.bench.learning.truth import Truth
from bot.domain.learning import fsrs6
from bot.domain.learning.memory import DEFAULT_PARAMETERS
from bot.domain.learning.policy import ReviewPolicy

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NEVER = 1 << 30
KERFOOT_AFTER_MISS = 21
KERFOOT_AFTER_RIGHT = 42
KERFOOT_RETIRE_AFTER = 2


def kerfoot_schedule(answers: Sequence[tuple[int, bool]]) -> int | None:
    """The Kerfoot rule for one item: the day it comes back after these (day, right) answers, None once retired."""
    in_a_row = 0
    due: int | None = None
    for day, right in answers:
        in_a_row = in_a_row + 1 if right else 0
        if in_a_row >= KERFOOT_RETIRE_AFTER:
            return None
        due = day + (KERFOOT_AFTER_RIGHT if right else KERFOOT_AFTER_MISS)
    return due


@dataclass
class Rotation:
    """No reviews: each item comes back only when the library has rotated (after the 12 weeks simulated)."""

    name: str = "Rotation only (today)"

    def start(self, learners: int, items: int) -> None:
        """Nothing to keep."""

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """Nothing to learn."""

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """Never a review."""
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """Nothing is ever due."""
        return np.zeros(ledger.count.shape[0], dtype=np.int64)


@dataclass
class Kerfoot:
    """3 weeks after a miss, 6 after a right answer, retired after two right in a row; at a daily cadence."""

    name: str = "Kerfoot (3/6 weeks, retire after 2 right)"
    due: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    in_a_row: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    def start(self, learners: int, items: int) -> None:
        """No item scheduled."""
        self.due = np.full((learners, items), NEVER, dtype=np.int64)
        self.in_a_row = np.zeros((learners, items), dtype=np.int64)

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """Reschedule or retire each item just answered."""
        right = grade > 1
        streak = np.where(right, self.in_a_row[rows, cols] + 1, 0)
        self.in_a_row[rows, cols] = streak
        due = day + np.where(right, KERFOOT_AFTER_RIGHT, KERFOOT_AFTER_MISS)
        self.due[rows, cols] = np.where(streak >= KERFOOT_RETIRE_AFTER, NEVER, due)

    def _waiting(self, day: int) -> BoolArray:
        return np.asarray(self.due <= day, dtype=np.bool_)

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """The longest-waiting due items, at most `cap` per person."""
        score = np.where(self._waiting(day), -self.due.astype(np.float64), -np.inf)
        return top_per_row(score, cap, present)

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """Due and not yet reviewed."""
        return np.asarray(self._waiting(day).sum(axis=1), dtype=np.int64)


@dataclass
class FsrsMemory:
    """One FSRS memory per (person, item), updated with `parameters` after every attempt."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    stability: Array = field(default_factory=lambda: np.zeros((0, 0)))
    difficulty: Array = field(default_factory=lambda: np.zeros((0, 0)))
    last: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    met: BoolArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.bool_))

    def reset(self, learners: int, items: int) -> None:
        """Nobody has met anything."""
        self.stability = np.ones((learners, items))
        self.difficulty = np.full((learners, items), 5.0)
        self.last = np.zeros((learners, items), dtype=np.int64)
        self.met = np.zeros((learners, items), dtype=np.bool_)

    def update(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """The memories after these attempts."""
        met = self.met[rows, cols]
        s, d = fsrs6.review(
            self.parameters, self.stability[rows, cols], self.difficulty[rows, cols], day - self.last[rows, cols], grade
        )
        self.stability[rows, cols] = np.where(met, s, fsrs6.initial_stability(self.parameters, grade))
        self.difficulty[rows, cols] = np.where(met, d, fsrs6.initial_difficulty(self.parameters, grade))
        self.last[rows, cols] = day
        self.met[rows, cols] = True


@dataclass
class FsrsThreshold:
    """py-fsrs's scheduler: due when predicted recall falls to the desired retention; earliest due first."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    maximum_interval: int = 365
    memory: FsrsMemory = field(default_factory=FsrsMemory)

    @property
    def name(self) -> str:
        """As in the tables."""
        return f"FSRS threshold r={self.desired_retention:.1f}"

    def start(self, learners: int, items: int) -> None:
        """Fresh memories."""
        self.memory = FsrsMemory(self.parameters)
        self.memory.reset(learners, items)

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """Update the memories."""
        self.memory.update(day, rows, cols, grade)

    def _due(self) -> IntArray:
        interval = fsrs6.interval_days(
            self.parameters, self.memory.stability, self.desired_retention, self.maximum_interval
        )
        return np.where(self.memory.met, self.memory.last + interval, NEVER)

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """Earliest due first."""
        due = self._due()
        score = np.where((due <= day) & (self.memory.last < day), -due.astype(np.float64), -np.inf)
        return top_per_row(score, cap, present)

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """Due and not yet reviewed."""
        return np.asarray((self._due() <= day).sum(axis=1), dtype=np.int64)


@dataclass
class Momentos:
    """The bot's review policy, on every simulated person at once."""

    policy: ReviewPolicy = field(default_factory=ReviewPolicy)
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    label: str = "Momentos"
    memory: FsrsMemory = field(default_factory=FsrsMemory)

    @property
    def name(self) -> str:
        """As in the tables."""
        return self.label

    def start(self, learners: int, items: int) -> None:
        """Fresh memories."""
        self.memory = FsrsMemory(self.parameters)
        self.memory.reset(learners, items)

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """Update the memories."""
        self.memory.update(day, rows, cols, grade)

    def _gains(self, day: int) -> Array:
        m = self.memory
        gains = self.policy.review_gains(self.parameters, m.stability, m.difficulty, day - m.last)
        ripe = m.met & (day - m.last >= self.policy.min_gap_days) & (gains >= self.policy.min_gain)
        ripe &= self.policy.due_mask(self.parameters, m.stability, day - m.last)
        return np.asarray(np.where(ripe, gains, -np.inf), dtype=np.float64)

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """The biggest gains first, at most the smaller of the policy's cap and the run's."""
        return top_per_row(self._gains(day), min(cap, self.policy.cap), present)

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """What `ReviewPolicy.due` would list (at most cap × due_days)."""
        return np.minimum(self.helped(day), self.policy.cap * self.policy.due_days)

    def helped(self, day: int) -> IntArray:
        """What `ReviewPolicy.helped` would list: every item a review would help by at least min_gain."""
        return np.asarray(np.isfinite(self._gains(day)).sum(axis=1), dtype=np.int64)


@dataclass
class Oracle:
    """Not a policy anyone can run: it ranks by the *true* gain (it reads the simulated people's memory), so it
    shows how much any ranking could get from a given number of reviews under the same cap and gap."""

    horizon_days: int = 14
    min_gain: float = 0.03
    min_gap_days: int = 7
    cap: int = 2
    truth: Truth | None = None

    @property
    def name(self) -> str:
        """As in the tables."""
        return f"Oracle, cap {self.cap} (true gain, not runnable)"

    def bind(self, truth: Truth) -> None:
        """The run's truth."""
        self.truth = truth

    def start(self, learners: int, items: int) -> None:
        """Nothing of its own."""

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """It reads the truth instead."""

    def _gains(self, day: int, ledger: Ledger) -> Array:
        assert self.truth is not None
        gains = self.truth.gain(day, self.horizon_days)
        ripe = ledger.met & (day - ledger.last_day() >= self.min_gap_days) & (gains >= self.min_gain)
        return np.asarray(np.where(ripe, gains, -np.inf), dtype=np.float64)

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """The biggest true gains first."""
        return top_per_row(self._gains(day, ledger), min(cap, self.cap), present)

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """Pairs whose true gain passes the bar."""
        return np.asarray(np.isfinite(self._gains(day, ledger)).sum(axis=1), dtype=np.int64)
