"""FSRS-6 as Momentos runs it: golden numbers computed by hand from the published formulas, and the array
formulas checked against the `fsrs` package itself on random histories."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from bot.domain.learning.memory import Attempt, Grade, MemoryModel, elapsed_days, memories

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_grades_and_confident_wrong() -> None:
    assert Attempt(MONDAY, correct=False).grade is Grade.AGAIN
    assert Attempt(MONDAY, correct=True).grade is Grade.GOOD
    assert Attempt(MONDAY, correct=True, sure=False).grade is Grade.GOOD
    assert Attempt(MONDAY, correct=True, sure=True).grade is Grade.EASY
    assert Attempt(MONDAY, correct=False, sure=True).confident_wrong
    assert not Attempt(MONDAY, correct=False, sure=False).confident_wrong
    assert not Attempt(MONDAY, correct=True, sure=True).confident_wrong


def test_first_good_answer_with_default_parameters() -> None:
    # S0 = w2 = 2.3065; D0 = w4 - e^(w5·(3-1)) + 1 = 6.4133 - e^1.6668 + 1 = 6.4133 - 5.2952 + 1 = 2.1181
    memory = MemoryModel().update(None, "q1", Attempt(MONDAY, correct=True))
    assert memory.stability == pytest.approx(2.3065)
    assert memory.difficulty == pytest.approx(2.1181, abs=1e-4)
    assert (memory.attempts, memory.lapses, memory.streak) == (1, 0, 1)


def test_second_good_answer_three_days_later() -> None:
    # factor = 0.9^(-1/0.1542) - 1 = 0.98037; R = (1 + 0.98037·3/2.3065)^-0.1542 = 0.88095
    # S' = S·(1 + e^w8·(11-D)·S^-w9·(e^((1-R)·w10) - 1)) = 2.3065·(1 + 6.50258·8.8819·0.870025·0.099399) = 13.8267
    # D' = w7·D0(Easy) + (1-w7)·D = 0.001·(-4.77163) + 0.999·2.1181 = 2.11121
    model = MemoryModel()
    first = model.update(None, "q1", Attempt(MONDAY, correct=True))
    assert model.recall(first, MONDAY + timedelta(days=3)) == pytest.approx(0.88095, abs=1e-5)
    second = model.update(first, "q1", Attempt(MONDAY + timedelta(days=3), correct=True))
    assert second.stability == pytest.approx(13.8267, rel=1e-4)
    assert second.difficulty == pytest.approx(2.11121, abs=1e-5)
    assert (second.attempts, second.streak) == (2, 2)


def test_a_miss_is_a_lapse_and_breaks_the_streak() -> None:
    model = MemoryModel()
    memory = model.replay(
        "q1",
        [
            Attempt(MONDAY + timedelta(days=8), correct=False, sure=True),
            Attempt(MONDAY, correct=True),
            Attempt(MONDAY + timedelta(days=15), correct=True),
        ],
    )
    assert memory is not None
    assert (memory.attempts, memory.lapses, memory.streak, memory.confident_wrong) == (3, 1, 1, 1)
    assert memory.first == MONDAY and memory.last == MONDAY + timedelta(days=15)
    assert model.replay("q1", []) is None


def test_elapsed_time_counts_whole_days_like_the_package() -> None:
    assert elapsed_days(MONDAY, MONDAY + timedelta(hours=30)) == 1
    assert elapsed_days(MONDAY, MONDAY + timedelta(hours=23)) == 0
    assert elapsed_days(MONDAY + timedelta(days=1), MONDAY) == 0


def test_parameters_outside_the_package_bounds_are_refused() -> None:
    bad = list(MemoryModel().parameters)
    bad[20] = 2.0
    with pytest.raises(ValueError, match="out of bounds"):
        MemoryModel(parameters=tuple(bad))


def test_same_as_the_fsrs_package_on_random_histories() -> None:
    rng = random.Random(20)
    model = MemoryModel()
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), maximum_interval=365, enable_fuzzing=False)
    for _ in range(150):
        at = MONDAY
        card = fsrs.Card(card_id=1)
        memory = None
        for _ in range(rng.randint(1, 7)):
            at += timedelta(hours=rng.choice([3, 20, 30, 50, 24 * 7, 24 * 30, 24 * 90]))
            attempt = Attempt(at, correct=rng.random() < 0.7, sure=rng.choice([None, True, False]))
            card, _ = scheduler.review_card(card, fsrs.Rating(int(attempt.grade)), at)
            memory = model.update(memory, "q", attempt)
            assert memory.stability == pytest.approx(card.stability, rel=1e-9)
            assert memory.difficulty == pytest.approx(card.difficulty, rel=1e-9)
        assert memory is not None
        later = at + timedelta(days=rng.randint(0, 60), hours=5)
        assert model.recall(memory, later) == pytest.approx(scheduler.get_card_retrievability(card, later), rel=1e-9)
        assert model.interval(memory, 0.9) == scheduler._next_interval(stability=memory.stability)


def test_a_whole_person_replayed_at_once_is_each_item_replayed_alone() -> None:
    rng = random.Random(21)
    model = MemoryModel()
    histories: dict[str, list[Attempt]] = {}
    for number in range(60):
        at = MONDAY + timedelta(days=rng.randint(0, 30))
        found = []
        for _ in range(rng.randint(1, 9)):
            at += timedelta(hours=rng.choice([3, 20, 30, 50, 24 * 7, 24 * 30]))
            found.append(Attempt(at, correct=rng.random() < 0.7, sure=rng.choice([None, True, False])))
        rng.shuffle(found)  # order does not matter: both sort by time
        histories[f"q{number}"] = found
    together = memories(model, {**histories, "unmet": []})
    assert [memory.item_id for memory in together] == list(histories), "every met item, in order; none unmet"
    for memory in together:
        alone = model.replay(memory.item_id, histories[memory.item_id])
        assert alone is not None
        assert memory.stability == pytest.approx(alone.stability, rel=1e-12)
        assert memory.difficulty == pytest.approx(alone.difficulty, rel=1e-12)
        assert (memory.first, memory.last, memory.attempts, memory.lapses, memory.streak, memory.confident_wrong) == (
            alone.first,
            alone.last,
            alone.attempts,
            alone.lapses,
            alone.streak,
            alone.confident_wrong,
        )
        assert memory.history == alone.history
