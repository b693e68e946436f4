"""Momentos' review policy: a gain computed by hand, the cap, the gap, and the bound on what /me lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.learning.memory import Attempt, Memory, MemoryModel
from bot.domain.learning.policy import ReviewPolicy

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _memory(item: str, stability: float, difficulty: float, last: datetime) -> Memory:
    return Memory(item_id=item, stability=stability, difficulty=difficulty, first=last, last=last, streak=1)


def test_gain_computed_on_paper() -> None:
    # S = 10, D = 5, reviewed 10 days after the last answer, so R now = R(S) = 0.9 exactly; horizon 10 days.
    # untouched: R(20 days) = (1 + 0.98037·2)^-0.1542 = 0.845885
    # right: S' = 10·(1 + 6.502582·6·10^-0.1666·(e^0.0796 - 1)) = 32.02673 -> R(10 days) = 0.959653
    # wrong: S' = min(1.4835·5^-0.0614·(11^0.2629 - 1)·e^0.16483, 10/e^(0.5425·0.0912)) = 1.392058 -> R = 0.725098
    # gain = 0.9·0.959653 + 0.1·0.725098 - 0.845885 = 0.090313
    policy = ReviewPolicy(horizon_days=10)
    memory = _memory("q", 10.0, 5.0, DAY0)
    gain = policy.gain(MemoryModel(), memory, DAY0 + timedelta(days=10))
    assert gain == pytest.approx(0.090313, abs=1e-5)  # six hand-rounded digits per step


def test_pick_best_gains_first_within_the_cap_and_the_gap() -> None:
    model = MemoryModel()
    at = DAY0 + timedelta(days=30)
    memories = [
        _memory("fresh", 2.0, 5.0, at - timedelta(days=2)),  # inside the 3-day gap: never picked
        _memory("weak", 2.0, 5.0, at - timedelta(days=10)),
        _memory("solid", 300.0, 2.0, at - timedelta(days=10)),  # a review adds almost nothing
        _memory("middling", 8.0, 5.0, at - timedelta(days=10)),
    ]
    policy = ReviewPolicy()
    gains = {m.item_id: policy.gain(model, m, at) for m in memories}
    assert gains["solid"] < policy.min_gain
    picked = policy.pick(model, memories, at)
    assert len(picked) <= policy.cap
    assert "fresh" not in picked and "solid" not in picked
    assert picked == sorted(picked, key=lambda item: -gains[item])
    assert policy.pick(model, memories, at, cap=0) == []
    assert policy.pick(model, [], at) == []


def test_due_is_bounded_to_a_week_of_reviews() -> None:
    model = MemoryModel()
    at = DAY0 + timedelta(days=60)
    memories = [_memory(f"q{n:02d}", 2.0 + n / 10, 5.0, at - timedelta(days=20)) for n in range(40)]
    policy = ReviewPolicy()
    assert len(policy.helped(model, memories, at)) == 40
    assert len(policy.due(model, memories, at)) == policy.cap * policy.due_days == 10


def test_a_wrong_answer_comes_back_within_the_cap() -> None:
    """Monday's miss is offered again on Thursday (after the 3-day gap), and not before."""
    model = MemoryModel()
    miss = model.update(None, "q1", Attempt(DAY0, correct=False))
    right = model.update(None, "q2", Attempt(DAY0, correct=True, sure=True))
    policy = ReviewPolicy()
    assert policy.pick(model, [miss, right], DAY0 + timedelta(days=2)) == []
    assert policy.pick(model, [miss, right], DAY0 + timedelta(days=3))[0] == "q1"


def test_only_items_due_at_the_desired_retention_are_candidates() -> None:
    # FSRS defines stability as the days until recall falls to 90%: with S = 10 days and desired retention 0.9 the
    # interval is round(10) = 10 days, so the item is a candidate from day 10 on (and after the 3-day gap).
    model = MemoryModel()
    memory = _memory("q", 10.0, 5.0, DAY0)
    policy = ReviewPolicy(min_gain=0.0)
    assert policy.pick(model, [memory], DAY0 + timedelta(days=9)) == []
    assert policy.pick(model, [memory], DAY0 + timedelta(days=10)) == ["q"]
    assert ReviewPolicy(min_gain=0.0, desired_retention=None).pick(model, [memory], DAY0 + timedelta(days=9)) == ["q"]


def test_the_longest_interval_makes_any_item_due() -> None:
    # S = 1000 days would mean an interval of 1000 days at 0.9; the server's longest interval (30) caps it.
    model = MemoryModel()
    memory = _memory("solid", 1000.0, 2.0, DAY0)
    capped = ReviewPolicy(min_gain=0.0, maximum_interval=30)
    assert capped.pick(model, [memory], DAY0 + timedelta(days=29)) == []
    assert capped.pick(model, [memory], DAY0 + timedelta(days=30)) == ["solid"]
    assert ReviewPolicy(min_gain=0.0).pick(model, [memory], DAY0 + timedelta(days=30)) == []
