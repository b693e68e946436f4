"""What simulated people really remember: the forgetting models the learning benchmark treats as the truth.

A review policy is only as good as its guess of what people forget. If the simulated people forgot exactly as
FSRS predicts, FSRS-based policies would look better than they are, so the evidence comes from two models that
are not FSRS, each with a different shape, and an FSRS-shaped truth is reported beside them only as a check:

- **ACT-R** (`ActR`): the declarative-memory equation with the spacing effect of Pavlik & Anderson (2005).
  Every encounter leaves a trace; activation is m = β + ln Σ wⱼ·ageⱼ^(−dⱼ) and recall is σ((m − τ)/s). A trace's
  decay dⱼ = c·e^(m at that encounter) + a is faster when the item was still fresh, so massed practice fades
  sooner than spaced practice. A retrieval leaves a full trace (w = 1), a failure followed by the feedback a
  weaker one (w = 0.7). Prior knowledge is an old trace (90 days before the first post). Forgetting is a power
  law in time.
- **Exponential** (`Exponential`): Ebbinghaus' curve R = e^(−age/S) with stability growth after each success,
  larger when recall was harder (S ← S·(1 + G·(1 − R)), G scaled by ability), and a reset towards the first
  stability after a failure (S ← max(S₀, S/2)). Prior knowledge: a first encounter is recalled with probability
  σ(β − 1). Forgetting is exponential in time, with no long tail for any one item.
- **FSRS-shaped** (`FsrsShaped`): FSRS-6 with the default parameters, first stability scaled by e^β. Reported,
  not evidence.

β = ability(person) − difficulty(item). Time flows on every calendar day (weekends forget too); people answer
only on working days. A right answer is a retrieval or, failing that, a lucky guess (1 in 4): a lucky guess
teaches like a failure followed by the feedback, because nothing was retrieved. All three share one interface,
vectorised over (person, item) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.domain.learning import fsrs6
from bot.domain.learning.memory import DEFAULT_PARAMETERS

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

GUESS = 0.25  # four choices


def answer_right(recall: Array) -> Array:
    """The probability of a right answer: recalled, or not recalled and a lucky guess."""
    return recall + (1 - recall) * GUESS


def _sigmoid(x: Array) -> Array:
    return np.asarray(1 / (1 + np.exp(-x)), dtype=np.float64)


class Truth(Protocol):
    """A forgetting model over `learners × items`: what each person would recall of each item on a given day."""

    name: str

    def recall(self, day: int, rows: IntArray, cols: IntArray) -> Array:
        """Probability of recall (no guessing) of each (row, col) pair at `day`, met or not."""
        ...

    def study(self, day: int, rows: IntArray, cols: IntArray, retrieved: BoolArray) -> None:
        """An attempt on each pair at `day`, with the feedback after it; `retrieved` says which were recalled."""
        ...

    def gain(self, day: int, horizon: int) -> Array:
        """For every pair already met, the true recall a review at `day` would add `horizon` days later, in
        expectation over recalling it or not (what an oracle policy ranks by)."""
        ...


def recall_all(truth: Truth, day: int, shape: tuple[int, int]) -> Array:
    """Every pair's recall at `day` (for the measurements at weeks 12 and 16)."""
    rows, cols = np.indices(shape)
    return truth.recall(day, rows.ravel().astype(np.int64), cols.ravel().astype(np.int64)).reshape(shape)


@dataclass
class ActR:
    """ACT-R's activation with Pavlik & Anderson's spacing effect; time in days."""

    beta: Array  # learners × items
    tau: float = -0.3  # recall threshold
    s: float = 0.5  # noise of the threshold
    a: float = 0.2  # the least decay of a trace
    c: float = 0.25  # how much a fresh item's trace decays faster
    fail_weight: float = 0.7
    prior_shift: float = -1.0  # a first encounter is recalled with probability σ(β + prior_shift)
    prior_age: float = 90.0  # and then it was known from an encounter this long before the first post
    max_traces: int = 40
    name: str = "ACT-R power law"
    times: Array = field(init=False)
    decays: Array = field(init=False)
    weights: Array = field(init=False)
    count: IntArray = field(init=False)

    def __post_init__(self) -> None:
        shape = (*self.beta.shape, self.max_traces)
        self.times = np.zeros(shape)
        self.decays = np.full(shape, self.a)
        self.weights = np.zeros(shape)
        self.count = np.zeros(self.beta.shape, dtype=np.int64)

    def _strength(self, day: int, rows: IntArray, cols: IntArray) -> Array:
        age = np.maximum(day - self.times[rows, cols], 0.25)
        return np.asarray((self.weights[rows, cols] * age ** -self.decays[rows, cols]).sum(axis=-1), dtype=np.float64)

    def recall(self, day: int, rows: IntArray, cols: IntArray) -> Array:
        strength = self._strength(day, rows, cols)
        beta = self.beta[rows, cols]
        with np.errstate(divide="ignore"):
            fresh = _sigmoid((beta + np.log(strength) - self.tau) / self.s)
        return np.asarray(np.where(self.count[rows, cols] > 0, fresh, _sigmoid(beta + self.prior_shift)), np.float64)

    def study(self, day: int, rows: IntArray, cols: IntArray, retrieved: BoolArray) -> None:
        new = self.count[rows, cols] == 0
        known = new & retrieved
        if known.any():  # known before the first post: an old trace, as if met `prior_age` days earlier
            kr, kc = rows[known], cols[known]
            self.times[kr, kc, 0] = day - self.prior_age
            self.weights[kr, kc, 0] = 1.0
            self.count[kr, kc] = 1
        strength = self._strength(day, rows, cols)
        slot = self.count[rows, cols]
        if int(slot.max(initial=0)) >= self.max_traces:
            raise ValueError("too many traces: raise max_traces")
        self.times[rows, cols, slot] = day
        self.decays[rows, cols, slot] = self.c * strength + self.a  # c·e^m with m = ln(strength), β left out
        self.weights[rows, cols, slot] = np.where(retrieved, 1.0, self.fail_weight)
        self.count[rows, cols] = slot + 1

    def gain(self, day: int, horizon: int) -> Array:
        age_now = np.maximum(day - self.times, 0.25)
        now = (self.weights * age_now**-self.decays).sum(axis=-1)
        later = (self.weights * (age_now + horizon) ** -self.decays).sum(axis=-1)
        fresh = float(horizon) ** -(self.c * now + self.a)
        with np.errstate(divide="ignore"):
            p_now = _sigmoid((self.beta + np.log(now) - self.tau) / self.s)

            def at(strength: Array) -> Array:
                return _sigmoid((self.beta + np.log(strength) - self.tau) / self.s)

            expected = p_now * at(later + fresh) + (1 - p_now) * at(later + self.fail_weight * fresh)
            return np.asarray(np.where(self.count > 0, expected - at(later), 0.0), dtype=np.float64)


@dataclass
class Exponential:
    """Ebbinghaus' exponential curve with stability that grows after each success (more when it was hard)."""

    beta: Array
    first_stability: float = 8.0  # days, for β = 0
    growth: float = 3.0  # G
    prior_shift: float = -1.0  # a first encounter is recalled with probability σ(β + prior_shift)
    name: str = "Exponential (Ebbinghaus)"
    stability: Array = field(init=False)
    start: Array = field(init=False)
    last: Array = field(init=False)
    met: BoolArray = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.first_stability * np.exp(self.beta)
        self.stability = self.start.copy()
        self.last = np.zeros(self.beta.shape)
        self.met = np.zeros(self.beta.shape, dtype=np.bool_)

    def recall(self, day: int, rows: IntArray, cols: IntArray) -> Array:
        fresh = np.exp(-np.maximum(day - self.last[rows, cols], 0.0) / self.stability[rows, cols])
        prior = _sigmoid(self.beta[rows, cols] + self.prior_shift)
        return np.asarray(np.where(self.met[rows, cols], fresh, prior), dtype=np.float64)

    def study(self, day: int, rows: IntArray, cols: IntArray, retrieved: BoolArray) -> None:
        r = self.recall(day, rows, cols)
        s = np.where(self.met[rows, cols], self.stability[rows, cols], self.start[rows, cols])
        grown = s * (1 + self.growth * np.exp(0.5 * self.beta[rows, cols]) * (1 - r))
        reset = np.maximum(self.start[rows, cols], s / 2)
        self.stability[rows, cols] = np.where(retrieved, grown, reset)
        self.last[rows, cols] = day
        self.met[rows, cols] = True

    def gain(self, day: int, horizon: int) -> Array:
        age = np.maximum(day - self.last, 0.0)
        r = np.exp(-age / self.stability)
        grown = self.stability * (1 + self.growth * np.exp(0.5 * self.beta) * (1 - r))
        reset = np.maximum(self.start, self.stability / 2)
        expected = r * np.exp(-horizon / grown) + (1 - r) * np.exp(-horizon / reset)
        untouched = np.exp(-(age + horizon) / self.stability)
        return np.asarray(np.where(self.met, expected - untouched, 0.0), dtype=np.float64)


@dataclass
class FsrsShaped:
    """FSRS-6 itself (default parameters, first stability scaled by e^β): the truth that flatters FSRS."""

    beta: Array
    prior_shift: float = -1.0
    name: str = "FSRS-6 shaped (not evidence)"
    stability: Array = field(init=False)
    difficulty: Array = field(init=False)
    last: Array = field(init=False)
    met: BoolArray = field(init=False)

    def __post_init__(self) -> None:
        self.stability = np.ones(self.beta.shape)
        self.difficulty = np.full(self.beta.shape, 5.0)
        self.last = np.zeros(self.beta.shape)
        self.met = np.zeros(self.beta.shape, dtype=np.bool_)

    def recall(self, day: int, rows: IntArray, cols: IntArray) -> Array:
        fresh = fsrs6.retrievability(
            DEFAULT_PARAMETERS, np.floor(day - self.last[rows, cols]), self.stability[rows, cols]
        )
        prior = _sigmoid(self.beta[rows, cols] + self.prior_shift)
        return np.asarray(np.where(self.met[rows, cols], fresh, prior), dtype=np.float64)

    def study(self, day: int, rows: IntArray, cols: IntArray, retrieved: BoolArray) -> None:
        grade = np.where(retrieved, 3, 1)
        met = self.met[rows, cols]
        first_s = fsrs6.initial_stability(DEFAULT_PARAMETERS, grade) * np.exp(self.beta[rows, cols])
        first_d = fsrs6.initial_difficulty(DEFAULT_PARAMETERS, grade)
        s, d = fsrs6.review(
            DEFAULT_PARAMETERS,
            self.stability[rows, cols],
            self.difficulty[rows, cols],
            day - self.last[rows, cols],
            grade,
        )
        self.stability[rows, cols] = np.where(met, s, first_s)
        self.difficulty[rows, cols] = np.where(met, d, first_d)
        self.last[rows, cols] = day
        self.met[rows, cols] = True

    def gain(self, day: int, horizon: int) -> Array:
        w = DEFAULT_PARAMETERS
        age = np.floor(day - self.last)
        r = fsrs6.retrievability(w, age, self.stability)
        right, _ = fsrs6.review(w, self.stability, self.difficulty, age, np.full(age.shape, 3))
        wrong, _ = fsrs6.review(w, self.stability, self.difficulty, age, np.full(age.shape, 1))
        expected = r * fsrs6.retrievability(w, horizon, right) + (1 - r) * fsrs6.retrievability(w, horizon, wrong)
        untouched = fsrs6.retrievability(w, age + horizon, self.stability)
        return np.asarray(np.where(self.met, expected - untouched, 0.0), dtype=np.float64)


MODELS = ("actr", "exponential", "fsrs")


def make_truth(name: str, beta: Array) -> Truth:
    """One of `MODELS` over the people × items matrix of β = ability − difficulty."""
    if name == "actr":
        return ActR(beta)
    if name == "exponential":
        return Exponential(beta)
    if name == "fsrs":
        return FsrsShaped(beta)
    raise ValueError(f"unknown forgetting model: {name}")
