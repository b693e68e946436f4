"""FSRS-6's formulas on arrays, so that one person's memory and a simulated server of 200 people run the same code.

The `fsrs` package (py-fsrs 6.3.2) is the reference: these are its formulas for a card that is always in the
Review state (Momentos runs on days, with no learning or relearning steps), including its quirks — elapsed time
is counted in whole days, a review on the same day uses the short-term formula, stability never falls below
0.001, difficulty stays in 1..10 — and `tests/unit/learning/test_fsrs6.py` checks them against the package on
random histories. They are written once, with numpy, because the review policy weighs every item of a person
at once and the learning benchmark weighs every item of every simulated person at once: the benchmark then
measures the very code the bot runs, not a re-implementation of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

STABILITY_MIN = 0.001
DIFFICULTY_MIN = 1.0
DIFFICULTY_MAX = 10.0


def _w(parameters: Sequence[float]) -> Array:
    return np.asarray(parameters, dtype=np.float64)


def decay_and_factor(parameters: Sequence[float]) -> tuple[float, float]:
    """FSRS-6's forgetting curve R(t) = (1 + factor·t/S)^(-decay): decay is a parameter, factor makes R(S) = 0.9."""
    decay = float(parameters[20])
    return decay, 0.9 ** (-1 / decay) - 1


def retrievability(parameters: Sequence[float], elapsed_days: npt.ArrayLike, stability: npt.ArrayLike) -> Array:
    """Predicted recall after `elapsed_days` (whole days, as the package counts them) with `stability`."""
    decay, factor = decay_and_factor(parameters)
    elapsed = np.maximum(np.asarray(elapsed_days, dtype=np.float64), 0.0)
    return np.asarray((1 + factor * elapsed / np.asarray(stability, dtype=np.float64)) ** -decay, dtype=np.float64)


def initial_stability(parameters: Sequence[float], grade: npt.ArrayLike) -> Array:
    """The stability after a first answer: one parameter per grade (w0..w3)."""
    w = _w(parameters)
    return np.maximum(w[np.asarray(grade, dtype=np.int64) - 1], STABILITY_MIN)


def _raw_initial_difficulty(w: Array, grade: Array) -> Array:
    return np.asarray(w[4] - np.exp(w[5] * (grade - 1)) + 1, dtype=np.float64)


def initial_difficulty(parameters: Sequence[float], grade: npt.ArrayLike) -> Array:
    """The difficulty after a first answer (w4, w5), within 1..10."""
    w = _w(parameters)
    raw = _raw_initial_difficulty(w, np.asarray(grade, dtype=np.float64))
    return np.clip(raw, DIFFICULTY_MIN, DIFFICULTY_MAX)


def next_difficulty(parameters: Sequence[float], difficulty: npt.ArrayLike, grade: npt.ArrayLike) -> Array:
    """Difficulty after an answer: a linear step damped near 10 (w6), pulled back towards an Easy start (w7)."""
    w = _w(parameters)
    d = np.asarray(difficulty, dtype=np.float64)
    g = np.asarray(grade, dtype=np.float64)
    target = _raw_initial_difficulty(w, np.asarray(4.0))
    moved = d + (10.0 - d) * (-(w[6] * (g - 3))) / 9.0
    return np.asarray(np.clip(w[7] * target + (1 - w[7]) * moved, DIFFICULTY_MIN, DIFFICULTY_MAX), dtype=np.float64)


def _recall_stability(w: Array, d: Array, s: Array, r: Array, g: Array) -> Array:
    hard = np.where(g == 2, w[15], 1.0)
    easy = np.where(g == 4, w[16], 1.0)
    growth = np.exp(w[8]) * (11 - d) * s ** -w[9] * (np.exp((1 - r) * w[10]) - 1) * hard * easy
    return np.asarray(s * (1 + growth), dtype=np.float64)


def _forget_stability(w: Array, d: Array, s: Array, r: Array) -> Array:
    long_term = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * np.exp((1 - r) * w[14])
    short_term = s / np.exp(w[17] * w[18])
    return np.asarray(np.minimum(long_term, short_term), dtype=np.float64)


def _short_term_stability(w: Array, s: Array, g: Array) -> Array:
    increase = np.exp(w[17] * (g - 3 + w[18])) * s ** -w[19]
    increase = np.where(g >= 2, np.maximum(increase, 1.0), increase)
    return np.asarray(np.maximum(s * increase, STABILITY_MIN), dtype=np.float64)


def review(
    parameters: Sequence[float],
    stability: npt.ArrayLike,
    difficulty: npt.ArrayLike,
    elapsed_days: npt.ArrayLike,
    grade: npt.ArrayLike,
) -> tuple[Array, Array]:
    """Stability and difficulty after one more answer with `grade`, `elapsed_days` (whole days) after the last."""
    w = _w(parameters)
    s = np.asarray(stability, dtype=np.float64)
    d = np.asarray(difficulty, dtype=np.float64)
    t = np.asarray(elapsed_days, dtype=np.float64)
    g = np.asarray(grade, dtype=np.float64)
    r = retrievability(parameters, t, s)
    with np.errstate(over="ignore", invalid="ignore"):
        long_term = np.where(g == 1, _forget_stability(w, d, s, r), _recall_stability(w, d, s, r, g))
    long_term = np.maximum(long_term, STABILITY_MIN)
    new_s = np.where(t < 1, _short_term_stability(w, s, g), long_term)
    return np.asarray(new_s, dtype=np.float64), next_difficulty(parameters, d, g)


def interval_days(
    parameters: Sequence[float], stability: npt.ArrayLike, desired_retention: float, maximum_interval: int
) -> IntArray:
    """The package's next interval: whole days until recall falls to `desired_retention`, 1..maximum_interval."""
    decay, factor = decay_and_factor(parameters)
    raw = np.asarray(stability, dtype=np.float64) / factor * (desired_retention ** (-1 / decay) - 1)
    return np.asarray(np.clip(np.round(raw), 1, maximum_interval), dtype=np.int64)
