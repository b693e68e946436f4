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
class GameRules:
    """Everything a server's scoring file sets: the points, who sees reflections, whether managers are ranked."""

    scoring: ScoringRules = field(default_factory=ScoringRules)
    visibility: Visibility = Visibility.AFTER_CLOSE
    exclude_managers: bool = False
