"""The learning simulator: a server of simulated people who meet one new item each working day through their
team's daily post, answer the reviews a policy offers, and forget as a forgetting model (`truth.py`) says.

Paired draws: everything random is drawn once per seed, before any policy runs — each person's ability and
participation, each item's difficulty, whether a person was there on each working day, and for the n-th
attempt of each person on each item the uniform number that decides recall, lucky guess and the "sure" tap.
So two policies differ only by what they chose, never by luck: the n-th attempt at an item is decided by the
same number under every policy, and a policy that reviews more simply reaches further down the list.

Time is counted in whole days from the Monday of week 1. Posts and reviews happen on working days (Monday to
Friday); forgetting goes on every day. The post comes first each day, then the person's reviews (never of the
item met today: the policy wants a day's gap). After 12 working weeks nobody practises for 4 more weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.bench.learning.truth import Truth, answer_right, make_truth, recall_all
from bot.domain.learning.fit import Histories

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MAX_ATTEMPTS = 64  # per person and item; far above what a policy reviews one item in 12 weeks


@dataclass(frozen=True, slots=True)
class Cohort:
    """One simulated server (documented in LEARNING.md)."""

    learners: int = 200
    weeks: int = 12  # working weeks with a daily post
    rest_weeks: int = 4  # then weeks without any practice
    ability_sd: float = 0.6  # person ability, on the logit scale of first recall
    difficulty_sd: float = 0.6  # item difficulty, same scale
    participation: tuple[float, float] = (0.75, 1.0)  # each person's chance of answering on a working day
    sure_users: float = 0.5  # share of people who tap "¿Seguro?"
    sure_when_recalled: float = 0.7  # they say "sure" on this share of right answers they recalled
    sure_when_guessed: float = 0.1  # and of lucky guesses
    sure_when_wrong: float = 0.15  # and of wrong answers (confident wrong)

    @property
    def items(self) -> int:
        """One item per working day."""
        return self.weeks * 5

    @property
    def end(self) -> int:
        """The day of the week-12 measurement: the Monday after the last working week."""
        return self.weeks * 7

    @property
    def later(self) -> int:
        """The day of the week-16 measurement."""
        return (self.weeks + self.rest_weeks) * 7


@dataclass(frozen=True, slots=True)
class Draws:
    """Everything random about one seed, drawn before any policy runs."""

    beta: Array  # learners × items: ability − difficulty
    present: BoolArray  # learners × working days
    chance: Array  # learners × items × attempts: recall if below recall, lucky guess if below P(right)
    sure: Array  # learners × items × attempts: the "sure" tap
    uses_sure: BoolArray  # learners


def draw(cohort: Cohort, seed: int) -> Draws:
    """The paired draws of one seed."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(0.0, cohort.ability_sd, cohort.learners)
    difficulty = rng.normal(0.0, cohort.difficulty_sd, cohort.items)
    rate = rng.uniform(*cohort.participation, cohort.learners)
    present = rng.random((cohort.learners, cohort.items)) < rate[:, None]
    shape = (cohort.learners, cohort.items, MAX_ATTEMPTS)
    return Draws(
        beta=ability[:, None] - difficulty[None, :],
        present=present,
        chance=rng.random(shape),
        sure=rng.random(shape),
        uses_sure=rng.random(cohort.learners) < cohort.sure_users,
    )


@dataclass
class Ledger:
    """Every attempt of a run, by (person, item, attempt number): the simulated counterpart of the bot's ledger."""

    day: IntArray  # learners × items × attempts (-1 where none)
    grade: IntArray
    correct: BoolArray
    sure: BoolArray
    truth: Array  # the true probability of a right answer just before the attempt
    count: IntArray  # learners × items

    @staticmethod
    def empty(learners: int, items: int) -> Ledger:
        """No attempt yet."""
        shape = (learners, items, MAX_ATTEMPTS)
        return Ledger(
            day=np.full(shape, -1, dtype=np.int64),
            grade=np.zeros(shape, dtype=np.int64),
            correct=np.zeros(shape, dtype=np.bool_),
            sure=np.zeros(shape, dtype=np.bool_),
            truth=np.full(shape, np.nan),
            count=np.zeros((learners, items), dtype=np.int64),
        )

    @property
    def met(self) -> BoolArray:
        """Which items each person has answered at least once."""
        return np.asarray(self.count > 0, dtype=np.bool_)

    def last_day(self) -> IntArray:
        """The day of each pair's latest attempt (-1 if none)."""
        index = np.maximum(self.count - 1, 0)[..., None]
        return np.where(self.count > 0, np.take_along_axis(self.day, index, axis=2)[..., 0], -1)

    def histories(self) -> tuple[Histories, IntArray, IntArray]:
        """The met pairs as FSRS histories, with the person and item of each row."""
        rows, cols = np.nonzero(self.met)
        days = self.day[rows, cols].astype(np.float64)
        elapsed = np.zeros_like(days)
        elapsed[:, 1:] = np.where(days[:, 1:] >= 0, days[:, 1:] - days[:, :-1], 0.0)
        width = max(int(self.count.max(initial=1)), 1)
        histories = Histories(
            elapsed=np.ascontiguousarray(elapsed[:, :width]),
            grades=np.ascontiguousarray(self.grade[rows, cols][:, :width]),
            lengths=self.count[rows, cols].astype(np.int64),
        )
        return histories, rows.astype(np.int64), cols.astype(np.int64)


class Policy(Protocol):
    """What the simulator asks of a review policy."""

    @property
    def name(self) -> str:
        """As in the tables."""
        ...

    def start(self, learners: int, items: int) -> None:
        """A new run: forget everything."""
        ...

    def observe(self, day: int, rows: IntArray, cols: IntArray, grade: IntArray) -> None:
        """Attempts just made (posts and reviews), in time order."""
        ...

    def pick(self, day: int, ledger: Ledger, present: BoolArray, cap: int) -> tuple[IntArray, IntArray]:
        """The reviews to offer on `day` to the people `present`: at most `cap` per person."""
        ...

    def backlog(self, day: int, ledger: Ledger) -> IntArray:
        """Per person, how many items the policy considers due at `day` (without the cap)."""
        ...


def top_per_row(score: Array, cap: int, rows_allowed: BoolArray) -> tuple[IntArray, IntArray]:
    """The `cap` best-scoring finite cells of each allowed row (ties: lower column first)."""
    if cap <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(-score, axis=1, kind="stable")[:, :cap]
    best = np.take_along_axis(score, order, axis=1)
    keep = np.isfinite(best) & rows_allowed[:, None]
    rows = np.nonzero(keep)[0].astype(np.int64)
    return rows, order[keep].astype(np.int64)


@dataclass
class Run:
    """What one policy did to one seed's server under one forgetting model."""

    policy: str
    model: str
    seed: int
    cohort: Cohort
    ledger: Ledger
    reviews: int
    recall_end: Array  # learners × items: true recall at week 12
    recall_later: Array  # at week 16
    backlog: IntArray  # per person, at week 12: the policy's due list
    helped: IntArray  # per person, at week 12: items the policy would review if it had no cap
    daily_reviews: list[int] = field(default_factory=list)

    @property
    def reviews_per_day(self) -> float:
        """Reviews per person per working day."""
        return self.reviews / (self.cohort.learners * self.cohort.items)


def _attempt(
    day: int,
    rows: IntArray,
    cols: IntArray,
    truth: Truth,
    draws: Draws,
    cohort: Cohort,
    ledger: Ledger,
    policy: Policy,
) -> None:
    if rows.size == 0:
        return
    n = ledger.count[rows, cols]
    if int(n.max()) >= MAX_ATTEMPTS:
        raise RuntimeError("an item was attempted more often than MAX_ATTEMPTS")
    recall = truth.recall(day, rows, cols)
    chance = draws.chance[rows, cols, n]
    retrieved = chance < recall
    p_right = answer_right(recall)
    correct = chance < p_right
    tap = draws.sure[rows, cols, n]
    users = draws.uses_sure[rows]
    sure = users & (
        (retrieved & (tap < cohort.sure_when_recalled))
        | (~retrieved & correct & (tap < cohort.sure_when_guessed))
        | (~correct & (tap < cohort.sure_when_wrong))
    )
    grade = np.where(correct, np.where(sure, 4, 3), 1).astype(np.int64)
    ledger.day[rows, cols, n] = day
    ledger.grade[rows, cols, n] = grade
    ledger.correct[rows, cols, n] = correct
    ledger.sure[rows, cols, n] = sure
    ledger.truth[rows, cols, n] = p_right
    ledger.count[rows, cols] = n + 1
    truth.study(day, rows, cols, retrieved)
    policy.observe(day, rows, cols, grade)


def _helped(policy: Policy, day: int, ledger: Ledger) -> IntArray:
    helped = getattr(policy, "helped", None)
    return policy.backlog(day, ledger) if helped is None else np.asarray(helped(day), dtype=np.int64)


def simulate(policy: Policy, model: str, cohort: Cohort, seed: int, draws: Draws, cap: int = 2) -> Run:
    """Run one policy over one seed's server under one forgetting model."""
    truth = make_truth(model, draws.beta)
    ledger = Ledger.empty(cohort.learners, cohort.items)
    policy.start(cohort.learners, cohort.items)
    bind = getattr(policy, "bind", None)
    if bind is not None:  # the oracle reads the truth itself
        bind(truth)
    reviews = 0
    daily: list[int] = []
    working = 0
    for day in range(cohort.end):
        if day % 7 >= 5:
            continue
        present = draws.present[:, working]
        people = np.nonzero(present)[0].astype(np.int64)
        _attempt(day, people, np.full(people.size, working, dtype=np.int64), truth, draws, cohort, ledger, policy)
        rows, cols = policy.pick(day, ledger, present, cap)
        _attempt(day, rows, cols, truth, draws, cohort, ledger, policy)
        reviews += int(rows.size)
        daily.append(int(rows.size))
        working += 1
    shape = (cohort.learners, cohort.items)
    return Run(
        policy=policy.name,
        model=model,
        seed=seed,
        cohort=cohort,
        ledger=ledger,
        reviews=reviews,
        recall_end=recall_all(truth, cohort.end, shape),
        recall_later=recall_all(truth, cohort.later, shape),
        backlog=policy.backlog(cohort.end, ledger),
        helped=_helped(policy, cohort.end, ledger),
        daily_reviews=daily,
    )
