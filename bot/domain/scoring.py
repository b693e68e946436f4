"""How many points an answer is worth. Pure: the caller stores the result in the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.model import Item


class EventKind(StrEnum):
    """Kinds of point events in the ledger."""

    ANSWER = "answer"


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Point values; per-server configuration arrives with the game rules."""

    correct: int = 100
    wrong: int = 0

    def __post_init__(self) -> None:
        if self.correct < 0 or self.wrong < 0:
            raise ValueError("points are never negative")


@dataclass(frozen=True, slots=True)
class AnswerScore:
    """The verdict on one click."""

    correct: bool
    points: int
    kind: EventKind = EventKind.ANSWER


class InvalidChoice(ValueError):
    """The choice index does not exist on the item (a forged or stale button)."""


def score_answer(item: Item, choice_index: int, rules: ScoringRules = ScoringRules()) -> AnswerScore:
    """Score picking `choice_index` on `item`."""
    if not 0 <= choice_index < len(item.choices):
        raise InvalidChoice(f"item {item.id} has no choice {choice_index}")
    correct = item.choices[choice_index].correct
    return AnswerScore(correct=correct, points=rules.correct if correct else rules.wrong)
