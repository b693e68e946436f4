"""What "mastered" takes: two right answers in a row, a week apart, and a month of predicted recall."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.learning.mastery import Level, MasteryRule
from bot.domain.learning.memory import Attempt, Memory, MemoryModel

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _memory(*answers: tuple[int, bool] | tuple[int, bool, bool]) -> Memory:
    attempts = [Attempt(DAY0 + timedelta(days=a[0]), correct=a[1], sure=a[2] if len(a) > 2 else None) for a in answers]
    memory = MemoryModel().replay("q", attempts)
    assert memory is not None
    return memory


def test_two_right_ten_days_apart_is_mastered() -> None:
    # S after Good = 2.3065; 10 days later R = (1 + 0.98037·10/2.3065)^-0.1542 = 0.774357
    # S' = 2.3065·(1 + 50.2486·(e^(0.225643·0.796) - 1)) = 25.1093; R 30 days after = (1 + 0.98037·30/25.1093)^-0.1542
    #    = 0.887315: mastered with a bar of 0.85, not with the default 0.90
    model = MemoryModel()
    memory = _memory((0, True), (10, True))
    assert memory is not None
    assert abs(memory.stability - 25.1093) < 1e-3
    assert abs(model.recall(memory, DAY0 + timedelta(days=40)) - 0.887315) < 1e-5
    assert MasteryRule(min_recall=0.85).level(model, memory, DAY0 + timedelta(days=10)) is Level.MASTERED
    assert MasteryRule().level(model, memory, DAY0 + timedelta(days=10)) is Level.LEARNING
    # a third right answer a month later lasts: S'' > 100 days, recall a month ahead well above 0.9
    lasting = _memory((0, True), (10, True), (40, True))
    assert MasteryRule().level(model, lasting, DAY0 + timedelta(days=40)) is Level.MASTERED


def test_a_lucky_first_guess_alone_never_masters() -> None:
    model = MemoryModel()
    rule = MasteryRule()
    assert rule.level(model, _memory((0, True, True)), DAY0) is Level.LEARNING
    assert rule.level(model, _memory((0, True), (5, True)), DAY0 + timedelta(days=5)) is Level.LEARNING
    assert rule.level(model, _memory((0, True), (10, False)), DAY0 + timedelta(days=10)) is Level.NEW


def test_a_confident_miss_before_the_streak_blocks_mastery() -> None:
    model = MemoryModel()
    rule = MasteryRule(min_recall=0.5)
    calm = _memory((0, False, False), (10, True), (30, True), (60, True))
    sure = _memory((0, False, True), (10, True), (30, True), (60, True))
    assert rule.level(model, calm, DAY0 + timedelta(days=60)) is Level.MASTERED
    assert rule.level(model, sure, DAY0 + timedelta(days=60)) is Level.LEARNING


def test_levels_of_many_items_at_once_are_each_items_level() -> None:
    model = MemoryModel()
    rule = MasteryRule(min_recall=0.5)
    calm = _memory((0, False, False), (10, True), (30, True), (60, True))
    sure = _memory((0, False, True), (10, True), (30, True), (60, True))
    missed = _memory((0, True), (10, False))
    assert rule.levels(model, [calm, sure, missed], DAY0 + timedelta(days=60)) == [
        Level.MASTERED,
        Level.LEARNING,
        Level.NEW,
    ]
    assert rule.levels(model, [], DAY0) == []
