"""Facts refuse what would make a figure depend on something other than the facts."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.insights.facts import AnswerFact, Presence
from tests.unit.insights.support import day, fact


def test_a_review_is_never_a_first_attempt() -> None:
    with pytest.raises(ValueError, match="never a first attempt"):
        fact(1, first=True, review=True)


def test_times_are_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        AnswerFact(1, 1, "q", 1, datetime(2026, 3, 2, 9), 0, True, True, False)


def test_steps_are_one_to_ten() -> None:
    assert fact(1, step=10).step == 10
    with pytest.raises(ValueError, match="step 11"):
        fact(1, step=11)
    with pytest.raises(ValueError, match="step 0"):
        fact(1, step=0)


def test_confident_wrong_is_wrong_and_sure() -> None:
    assert fact(1, correct=False, sure=True).confident_wrong
    assert not fact(1, correct=False, sure=None).confident_wrong
    assert not fact(1, correct=True, sure=True).confident_wrong


def test_available_dates_are_ascending() -> None:
    Presence(1, 1, (day(0), day(1)), frozenset({day(1)}))
    with pytest.raises(ValueError, match="ascending"):
        Presence(1, 1, (day(1), day(0)), frozenset())
    with pytest.raises(ValueError, match="ascending"):
        Presence(1, 1, (day(1), day(1)), frozenset())
