"""What a run is worth: recall of every item met at weeks 12 and 16, reviews spent, backlog, mastery labels and
the true recall behind them, and the calibration of predicted recall on the run's reviews."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.bench.learning.sim import Ledger, Run
from bot.domain.learning.calibration import Figures, Reviews, constant, figures
from bot.domain.learning.fit import replay
from bot.domain.learning.mastery import MasteryRule

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One policy on one seed under one forgetting model."""

    policy: str
    model: str
    seed: int
    reviews_per_day: float
    recall_end: float  # mean true recall of every item met, at week 12
    recall_later: float  # at week 16
    mastered: float  # items labelled mastered per person at week 12
    mastered_recall: float  # their mean true recall at week 12 (nan if none)
    mastered_recall_later: float
    backlog: float  # due items per person at week 12 (mean)
    backlog_max: int  # the most any person had
    helped: float  # items per person a review would help (Momentos: gain ≥ min gain; others: = backlog)


@dataclass(frozen=True, slots=True)
class Streaks:
    """Per (person, item): what the mastery rule reads, at the end of the 12 weeks."""

    streak: IntArray
    span: Array  # days from the first right answer of the streak to the last answer
    confident_miss: BoolArray
    since_last: Array


def streaks(ledger: Ledger, day: int) -> Streaks:
    """Trailing right answers of every pair, their span and whether the miss before them was a confident one."""
    count = ledger.count
    attempts = np.arange(ledger.day.shape[2])[None, None, :]
    made = attempts < count[..., None]
    wrong = made & ~ledger.correct
    last_wrong = np.where(wrong, attempts, -1).max(axis=2)
    streak = np.where(count > 0, count - 1 - last_wrong, 0)
    first_right = np.clip(last_wrong + 1, 0, ledger.day.shape[2] - 1)
    last = np.clip(count - 1, 0, ledger.day.shape[2] - 1)
    day_first = np.take_along_axis(ledger.day, first_right[..., None], axis=2)[..., 0]
    day_last = np.take_along_axis(ledger.day, last[..., None], axis=2)[..., 0]
    at_miss = np.clip(last_wrong, 0, None)[..., None]
    miss_sure = np.take_along_axis(ledger.sure, at_miss, axis=2)[..., 0]
    return Streaks(
        streak=streak.astype(np.int64),
        span=np.where(streak > 0, day_last - day_first, 0).astype(np.float64),
        confident_miss=np.asarray((last_wrong >= 0) & miss_sure, dtype=np.bool_),
        since_last=np.where(count > 0, day - day_last, 0).astype(np.float64),
    )


def mastery(run: Run, rule: MasteryRule, parameters: tuple[float, ...]) -> BoolArray:
    """Which pairs the rule labels mastered at week 12, with the server's parameters."""
    ledger = run.ledger
    histories, rows, cols = ledger.histories()
    stability = np.ones(ledger.count.shape)
    stability[rows, cols] = replay(parameters, histories).stability
    found = streaks(ledger, run.cohort.end)
    labelled = rule.mastered(parameters, stability, found.since_last, found.streak, found.span, found.confident_miss)
    return np.asarray(labelled & ledger.met, dtype=np.bool_)


def outcome(run: Run, rule: MasteryRule, parameters: tuple[float, ...]) -> Outcome:
    """The figures of one run (mastery labelled with `rule` and the server's `parameters`)."""
    met = run.ledger.met
    labelled = mastery(run, rule, parameters)
    some = bool(labelled.any())
    return Outcome(
        policy=run.policy,
        model=run.model,
        seed=run.seed,
        reviews_per_day=run.reviews_per_day,
        recall_end=float(run.recall_end[met].mean()),
        recall_later=float(run.recall_later[met].mean()),
        mastered=float(labelled.sum() / run.cohort.learners),
        mastered_recall=float(run.recall_end[labelled].mean()) if some else float("nan"),
        mastered_recall_later=float(run.recall_later[labelled].mean()) if some else float("nan"),
        backlog=float(run.backlog.mean()),
        backlog_max=int(run.backlog.max(initial=0)),
        helped=float(run.helped.mean()),
    )


@dataclass(frozen=True, slots=True)
class Calibration:
    """Predicted recall against the answers of one run's reviews."""

    reviews: int
    learners: int
    fitted: Figures
    defaults: Figures
    perfect: Figures  # the simulator's true probability of a right answer
    constant: Figures


def calibration(run: Run, fitted: tuple[float, ...], defaults: tuple[float, ...]) -> Calibration:
    """srs-benchmark's figures on every review of `run`, pooled over its people."""
    histories, rows, cols = run.ledger.histories()
    reviews = Reviews.of(histories)
    truth = run.ledger.truth[rows[reviews.row], cols[reviews.row], reviews.column]

    def predicted(parameters: tuple[float, ...]) -> Array:
        return np.asarray(replay(parameters, histories).predicted[reviews.row, reviews.column], dtype=np.float64)

    return Calibration(
        reviews=reviews.count,
        learners=run.cohort.learners,
        fitted=figures(reviews, predicted(fitted)),
        defaults=figures(reviews, predicted(defaults)),
        perfect=figures(reviews, truth),
        constant=constant(reviews),
    )
