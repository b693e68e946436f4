"""A server's game settings that are not points: who sees reflections, whether managers play on the boards.

They travel with the points in one file (the scoring file, `momentos.scoring/1`), so `GameRules` holds all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.scoring import ScoringRules


class Visibility(StrEnum):
    """Who sees a team's reflections, and when."""

    AFTER_CLOSE = "after_close"
    IMMEDIATE = "immediate"
    MANAGERS_ONLY = "managers_only"


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """How reviews work on a server: how many a person may get a day, and the memory model's bounds."""

    per_day: int = 2  # reviews a person may get per local day (0: no reviews)
    desired_retention: float = 0.9  # recall below this makes an item "due" in /me
    max_interval_days: int = 365  # the memory model never plans further ahead than this


@dataclass(frozen=True, slots=True)
class GameRules:
    """Everything a server's scoring file sets: the points, who sees reflections, whether managers are ranked."""

    scoring: ScoringRules = field(default_factory=ScoringRules)
    visibility: Visibility = Visibility.AFTER_CLOSE
    exclude_managers: bool = False
    reviews: ReviewSettings = field(default_factory=ReviewSettings)
