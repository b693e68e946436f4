"""The facts every insight is computed from: attempts at items, and the posts each person could have answered.

They are plain records the caller builds from storage; nothing here reads a clock, so the same facts always give
the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

STEPS = range(1, 11)


@dataclass(frozen=True, slots=True)
class AnswerFact:
    """One attempt of a person at an item on a server: a daily answer or a private review."""

    user_id: int
    team_id: int
    item_id: str
    step: int  # 1..10
    at: datetime  # UTC, aware
    choice_index: int
    correct: bool
    first: bool  # the person's first attempt at this item on the server (reviews are never first)
    review: bool  # a private review rather than a daily answer
    sure: bool | None = None  # the "¿Seguro?" tap: True sure, False not sure, None not answered

    def __post_init__(self) -> None:
        if not STEPS.start <= self.step < STEPS.stop:  # a cheap test: /insights builds ~10⁵ facts
            raise ValueError(f"step {self.step} is not one of the 10 steps")
        if self.at.tzinfo is None:
            raise ValueError("an attempt's time must be aware (UTC), or ages would depend on the host's zone")
        if self.choice_index < 0:
            raise ValueError(f"choice index {self.choice_index} is negative")
        if self.first and self.review:
            raise ValueError("a review is never a first attempt: the person met the item before")

    @property
    def confident_wrong(self) -> bool:
        """A wrong answer the person said they were sure of: a misconception, not a guess."""
        return not self.correct and self.sure is True


@dataclass(frozen=True, slots=True)
class Presence:
    """One person's posts in a period: the team posts they could answer (days they were seen with the team role
    and not paused, days with a post only), in date order, and which of those they answered.

    A date in `answered` that is not in `available` is never counted: only posts the person could answer are.
    """

    user_id: int
    team_id: int
    available: tuple[date, ...]  # local dates of the team's posts the person could answer, ascending
    answered: frozenset[date]  # of those, the ones they answered

    def __post_init__(self) -> None:
        if any(later <= earlier for earlier, later in zip(self.available, self.available[1:], strict=False)):
            raise ValueError("available dates must be strictly ascending (one post a day)")
