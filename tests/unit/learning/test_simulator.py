"""The learning simulator's invariants: caps, only met items, paired draws, the bot's own policy code, and the
Kerfoot rule as written. Small cohorts: every test runs in well under a second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.bench.learning.policies import FsrsThreshold, Kerfoot, Momentos, Oracle, Rotation, kerfoot_schedule
from bot.bench.learning.sim import Cohort, draw, simulate
from bot.bench.learning.truth import MODELS, make_truth, recall_all
from bot.domain.learning.memory import Attempt, MemoryModel
from bot.domain.learning.policy import ReviewPolicy

SMALL = Cohort(learners=30, weeks=4, rest_weeks=2)


def test_kerfoot_rule_by_hand() -> None:
    assert kerfoot_schedule([(0, True)]) == 42  # six weeks after a right answer
    assert kerfoot_schedule([(0, False)]) == 21  # three weeks after a miss
    assert kerfoot_schedule([(0, False), (21, True)]) == 63
    assert kerfoot_schedule([(0, False), (21, True), (63, True)]) is None  # two right in a row: retired
    assert kerfoot_schedule([(0, True), (42, False), (63, True)]) == 105


@pytest.mark.parametrize("model", MODELS)
def test_truths_forget_and_reviews_help(model: str) -> None:
    beta = np.zeros((1, 2))
    truth = make_truth(model, beta)
    rows, cols = np.array([0, 0]), np.array([0, 1])
    truth.study(0, rows, cols, np.array([False, False]))
    fresh = truth.recall(1, rows, cols)
    assert np.all(truth.recall(30, rows, cols) < fresh)  # forgetting, weekends included
    gain = truth.gain(14, 14)
    assert np.all(gain > 0)
    truth.study(14, rows[:1], cols[:1], np.array([True]))
    after = recall_all(truth, 28, (1, 2))
    assert after[0, 0] > after[0, 1]  # the reviewed item is remembered better


def _run(policy: object, model: str = "actr", seed: int = 3, cap: int = 2) -> object:
    return simulate(policy, model, SMALL, seed, draw(SMALL, seed), cap=cap)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "policy", [Kerfoot(), FsrsThreshold(0.9), Momentos(ReviewPolicy()), Oracle()], ids=lambda p: p.name
)
def test_caps_only_met_items_never_today(policy: object) -> None:
    run = _run(policy)
    ledger = run.ledger  # type: ignore[attr-defined]
    days = ledger.day
    for person in range(SMALL.learners):
        made = days[person][days[person] >= 0]
        counts = np.bincount(made)
        # one post and at most 2 reviews a day
        assert counts.max() <= 3
        for item in range(SMALL.items):
            answered = days[person, item][days[person, item] >= 0]
            if answered.size:
                first_working_day = item // 5 * 7 + item % 5
                assert answered[0] == first_working_day  # met through the post first, never reviewed before
                assert np.all(np.diff(answered) >= 1)  # never twice the same day
    assert all(0 <= day % 7 < 5 for day in np.unique(days[days >= 0]))  # working days only
    assert run.reviews <= 2 * SMALL.learners * SMALL.items  # type: ignore[attr-defined]


def test_paired_draws_and_seeds() -> None:
    rotation, kerfoot = _run(Rotation()), _run(Kerfoot())
    first = rotation.ledger.grade[:, :, 0]  # type: ignore[attr-defined]
    assert np.array_equal(first, kerfoot.ledger.grade[:, :, 0])  # type: ignore[attr-defined]
    assert rotation.reviews == 0  # type: ignore[attr-defined]
    again = _run(Kerfoot())
    assert np.array_equal(again.ledger.grade, kerfoot.ledger.grade)  # type: ignore[attr-defined]
    other = _run(Kerfoot(), seed=4)
    assert not np.array_equal(other.ledger.grade, kerfoot.ledger.grade)  # type: ignore[attr-defined]


def test_kerfoot_in_the_simulator_follows_the_rule() -> None:
    run = _run(Kerfoot(), model="exponential", seed=5)
    ledger = run.ledger  # type: ignore[attr-defined]
    for person in range(SMALL.learners):
        for item in range(SMALL.items):
            n = ledger.count[person, item]
            answers = [(int(ledger.day[person, item, k]), bool(ledger.correct[person, item, k])) for k in range(n)]
            for k in range(1, n):
                due = kerfoot_schedule(answers[:k])
                assert due is not None and answers[k][0] >= due  # never early, never after retirement


def test_the_benchmark_runs_the_bots_own_policy() -> None:
    """Momentos in the simulator picks what `ReviewPolicy.pick` picks for the same person on the same day."""
    policy = ReviewPolicy()
    contender = Momentos(policy)
    run = _run(contender, model="exponential", seed=7)
    ledger = run.ledger  # type: ignore[attr-defined]
    model = MemoryModel()
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    checked = 0
    for person in range(8):
        for day in (11, 16, 24):
            attempts: dict[str, list[Attempt]] = {}
            reviewed_today: list[str] = []
            for item in range(SMALL.items):
                for k in range(ledger.count[person, item]):
                    when = int(ledger.day[person, item, k])
                    if when < day or (when == day and k == 0):
                        at = start + timedelta(days=when)
                        sure = bool(ledger.sure[person, item, k])
                        correct = bool(ledger.correct[person, item, k])
                        attempts.setdefault(f"{item:03d}", []).append(Attempt(at, correct, sure=sure or None))
                    elif when == day:
                        reviewed_today.append(f"{item:03d}")
            memories = [m for m in (model.replay(i, a) for i, a in attempts.items()) if m is not None]
            present = day // 7 * 5 + day % 7
            if not ledger.count[person, present] or day % 7 >= 5:
                continue
            picked = policy.pick(model, memories, start + timedelta(days=day))
            assert sorted(picked) == sorted(reviewed_today)
            checked += 1
    assert checked >= 10


def test_momentos_due_list_stays_bounded() -> None:
    run = _run(Momentos(ReviewPolicy()), model="actr")
    assert run.backlog.max() <= ReviewPolicy().cap * ReviewPolicy().due_days  # type: ignore[attr-defined]
    assert run.helped.max() >= run.backlog.max()  # type: ignore[attr-defined]
