"""A server's own FSRS-6 parameters, fitted to its ledger, and the predictions any parameters make on it.

Why our own fit: FSRS's optimizer (`fsrs[optimizer]`) needs PyTorch, which the bot must not depend on. This fit
needs only numpy: it minimises the log loss of the predicted recall before every review (the first answer to an
item has no prediction), plus a small pull towards the default parameters so that a parameter the data cannot
see stays where FSRS's authors put it. It moves the 16 parameters a daily cadence exercises (the same-day
parameters w17–w19, Hard's w1 and w15 stay at their defaults unless Hard grades occur), by Adam steps on a
forward-difference gradient on the logarithm of each parameter relative to its default (so that a stability of
0.2 days and one of 8 days move in proportion), kept inside the package's own bounds. With fewer than
`MIN_REVIEWS` reviews it returns the defaults, as FSRS's optimizer does (512): a handful of people is noise, not
a server's memory.

Histories are padded arrays, one row per (person, item): `elapsed[n, t]` whole days since the previous attempt
(0 for the first) and `grades[n, t]` (1–4), `lengths[n]` attempts in the row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import fsrs
import numpy as np
import numpy.typing as npt

from bot.domain.learning import fsrs6
from bot.domain.learning.memory import DEFAULT_PARAMETERS, Attempt, elapsed_days

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MIN_REVIEWS = 512
LOWER = np.asarray(fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, dtype=np.float64)
UPPER = np.asarray(fsrs.scheduler.UPPER_BOUNDS_PARAMETERS, dtype=np.float64)
DAILY = (0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 20)  # what a daily cadence with Again/Good/Easy moves
HARD = (1, 15)


@dataclass(frozen=True, slots=True)
class Histories:
    """Attempts of many (person, item) pairs, padded to the longest."""

    elapsed: Array  # n × t, whole days since the previous attempt
    grades: IntArray  # n × t, 1..4 (0 where padded)
    lengths: IntArray  # n

    @property
    def reviews(self) -> int:
        """Attempts that have a prediction: every one but the first of each pair, on a later day."""
        return int(self._scored().sum())

    def _scored(self) -> npt.NDArray[np.bool_]:
        t = np.arange(self.grades.shape[1])
        return np.asarray((t[None, :] >= 1) & (t[None, :] < self.lengths[:, None]) & (self.elapsed >= 1), np.bool_)

    def scored(self) -> npt.NDArray[np.bool_]:
        """Which cells are reviews with a prediction (srs-benchmark leaves out first answers and same-day ones)."""
        return self._scored()

    def reviewed(self) -> Histories:
        """Only the pairs with at least one scored review (the others add nothing to a fit)."""
        keep = self._scored().any(axis=1)
        return Histories(self.elapsed[keep], self.grades[keep], self.lengths[keep])

    @staticmethod
    def from_lists(rows: Sequence[Sequence[tuple[float, int]]]) -> Histories:
        """From one list per pair of (whole days since the previous attempt, grade)."""
        width = max((len(row) for row in rows), default=1)
        elapsed = np.zeros((len(rows), width))
        grades = np.zeros((len(rows), width), dtype=np.int64)
        for n, row in enumerate(rows):
            for t, (days, grade) in enumerate(row):
                elapsed[n, t] = days
                grades[n, t] = grade
        lengths = np.asarray([len(row) for row in rows], dtype=np.int64)
        return Histories(elapsed, grades, lengths)


@dataclass(frozen=True, slots=True)
class Replay:
    """What parameters predicted before each attempt, and the memory after the last one."""

    predicted: Array  # n × t, recall predicted before the attempt (nan where none)
    stability: Array  # n, after the last attempt
    difficulty: Array  # n


def histories_of(groups: Iterable[Sequence[Attempt]]) -> Histories:
    """Histories from each (person, item)'s attempts, in time order; whole days between attempts."""
    rows: list[list[tuple[float, int]]] = []
    for found in groups:
        ordered = sorted(found, key=lambda attempt: attempt.at)
        if not ordered:
            continue
        row = [(0.0, int(ordered[0].grade))]
        row += [(float(elapsed_days(a.at, b.at)), int(b.grade)) for a, b in pairwise(ordered)]
        rows.append(row)
    return Histories.from_lists(rows)


def replay(parameters: Sequence[float], histories: Histories) -> Replay:
    """Run FSRS-6 over every pair at once (the same formulas as `MemoryModel.update`)."""
    grades = histories.grades
    n, width = grades.shape
    predicted = np.full((n, width), np.nan)
    if n == 0:
        return Replay(predicted, np.zeros(0), np.zeros(0))
    first = np.maximum(grades[:, 0], 1)
    s = fsrs6.initial_stability(parameters, first)
    d = fsrs6.initial_difficulty(parameters, first)
    for t in range(1, width):
        active = t < histories.lengths
        if not active.any():
            break
        elapsed = histories.elapsed[:, t]
        predicted[:, t] = np.where(active, fsrs6.retrievability(parameters, elapsed, s), np.nan)
        new_s, new_d = fsrs6.review(parameters, s, d, elapsed, np.maximum(grades[:, t], 1))
        s = np.where(active, new_s, s)
        d = np.where(active, new_d, d)
    return Replay(predicted, s, d)


def log_loss(parameters: Sequence[float], histories: Histories) -> float:
    """Mean log loss of the predictions on every scored review (right = grade above Again)."""
    scored = histories.scored()
    if not scored.any():
        return float("nan")
    p = np.clip(replay(parameters, histories).predicted[scored], 1e-6, 1 - 1e-6)
    y = histories.grades[scored] > 1
    return float(-np.mean(np.where(y, np.log(p), np.log(1 - p))))


@dataclass(frozen=True, slots=True)
class Fit:
    """Parameters for a server, and where they came from (LEARNING.md and the report say which are in use)."""

    parameters: tuple[float, ...]
    source: str  # "defaults" or "fitted"
    reviews: int
    loss_before: float
    loss_after: float


def fit_parameters(
    histories: Histories,
    *,
    start: Sequence[float] = DEFAULT_PARAMETERS,
    iterations: int = 100,
    learning_rate: float = 0.15,
    pull: float = 0.001,
    progress: Callable[[int, int], None] | None = None,
) -> Fit:
    """Parameters that predict `histories` best (see the module's docstring); defaults under `MIN_REVIEWS`."""
    reviews = histories.reviews
    base = tuple(float(value) for value in start)
    before = log_loss(base, histories)
    if reviews < MIN_REVIEWS:
        return Fit(base, "defaults", reviews, before, before)
    histories = histories.reviewed()  # a pair answered once has nothing to predict
    free = list(DAILY) + (list(HARD) if bool((histories.grades == 2).any()) else [])
    anchor = np.maximum(np.asarray(base, dtype=np.float64), 1e-3)

    def parameters_at(z: Array) -> tuple[float, ...]:
        return tuple(np.clip(anchor * np.exp(z), LOWER, UPPER).tolist())

    def objective(z: Array) -> float:
        return log_loss(parameters_at(z), histories) + pull * float(np.sum(z[free] ** 2))

    z = np.zeros(anchor.size)
    moment, second = np.zeros_like(z), np.zeros_like(z)
    best, best_z = objective(z), z.copy()
    for iteration in range(1, iterations + 1):
        here = objective(z)
        if here < best:
            best, best_z = here, z.copy()
        gradient = np.zeros_like(z)
        for index in free:
            nudged = z.copy()
            nudged[index] += 1e-4
            gradient[index] = (objective(nudged) - here) / 1e-4
        moment = 0.9 * moment + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        z = z - learning_rate * (moment / (1 - 0.9**iteration)) / (np.sqrt(second / (1 - 0.999**iteration)) + 1e-8)
        z = np.log(np.asarray(parameters_at(z)) / anchor)  # stay inside the package's bounds
        if progress is not None:
            progress(iteration, iterations)
    if objective(z) < best:
        best_z = z
    fitted = parameters_at(best_z)
    return Fit(fitted, "fitted", reviews, before, log_loss(fitted, histories))
