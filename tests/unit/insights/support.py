"""Builders for insight facts: a fixed week in March 2026, every attempt at 09:00 UTC so ages are whole days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.insights.facts import AnswerFact, Presence

MONDAY = date(2026, 3, 2)
END = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)  # Friday 09:00 UTC, the end of every period here


def day(offset: int) -> date:
    """The local date `offset` days after MONDAY."""
    return MONDAY + timedelta(days=offset)


def fact(
    user_id: int,
    *,
    team_id: int = 1,
    item_id: str = "q1",
    step: int = 1,
    age_days: float = 0.0,
    choice_index: int = 0,
    correct: bool = True,
    first: bool = True,
    review: bool = False,
    sure: bool | None = None,
) -> AnswerFact:
    """An attempt `age_days` before END."""
    return AnswerFact(
        user_id=user_id,
        team_id=team_id,
        item_id=item_id,
        step=step,
        at=END - timedelta(days=age_days),
        choice_index=choice_index,
        correct=correct,
        first=first,
        review=review,
        sure=sure,
    )


def attempts(
    user_id: int, right: int, wrong: int, *, team_id: int = 1, step: int = 1, age_days: float = 0.0
) -> list[AnswerFact]:
    """`right` right then `wrong` wrong first attempts at distinct items (q0, q1, …), `age_days` before END."""
    return [
        fact(user_id, team_id=team_id, item_id=f"q{index}", step=step, age_days=age_days, correct=index < right)
        for index in range(right + wrong)
    ]


def presence(user_id: int, available: list[int], answered: list[int], *, team_id: int = 1) -> Presence:
    """A Presence from day offsets."""
    return Presence(
        user_id=user_id,
        team_id=team_id,
        available=tuple(day(offset) for offset in available),
        answered=frozenset(day(offset) for offset in answered),
    )
