"""Proportions with honest error bars, and proficiency that favours recent attempts.

- **Wilson interval** (95%, z = 1.96): for s successes out of n, with p = s/n,
  centre = (p + z²/2n) / (1 + z²/n) and half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
  Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is wide when n is small (8 of 10 right: 0.49 to 0.94),
  so a manager sees how little 10 answers prove. With n = 0 the interval is the whole [0, 1] and the value is
  None: no data is said as such, never as 0%.
- **Current proficiency** (`recent_share`): the share of attempts right, each attempt weighted
  0.5^(age in days / 14), so an attempt two weeks old counts half as much as one made at the moment of the
  figure, four weeks old a quarter. People learn, so last month's mistakes should fade. Attempts later than that
  moment are not known yet and are left out. The interval uses Kish's effective number of attempts,
  (Σw)² / Σw², with the successes scaled to it: weighting makes the figure rest on fewer attempts than were
  made, and the interval says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress

from bot.domain.insights.facts import AnswerFact

Z95 = 1.96
HALF_LIFE_DAYS = 14.0
SECONDS_PER_DAY = 86_400.0


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for `successes` of `n` (n may be an effective, fractional count)."""
    if n < 0 or successes < 0 or successes > n * (1 + 1e-12):
        raise ValueError(f"{successes} successes of {n} is not a proportion")
    if n == 0:
        return (0.0, 1.0)
    p = min(successes / n, 1.0)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Share:
    """A proportion with its n and its 95% Wilson interval; value None when n == 0."""

    successes: float
    n: float
    value: float | None
    low: float
    high: float


def share(successes: float, n: float) -> Share:
    """`successes` of `n` with its interval, so a figure is never shown without how much it rests on."""
    low, high = wilson(successes, n)
    return Share(successes=successes, n=n, value=successes / n if n else None, low=low, high=high)


def weight(fact: AnswerFact, at: datetime, half_life_days: float = HALF_LIFE_DAYS) -> float:
    """How much an attempt still counts at `at`: halves every `half_life_days`."""
    age_days = (at - fact.at).total_seconds() / SECONDS_PER_DAY
    return float(0.5 ** (age_days / half_life_days))


def recent_share(facts: Sequence[AnswerFact], at: datetime, half_life_days: float = HALF_LIFE_DAYS) -> Share:
    """Current proficiency: correct share with each attempt weighted 0.5 ** (age_days / half_life); successes and
    n are the weighted sums, and the interval uses Kish's effective n = (Σw)² / Σw² (successes scaled to it)."""
    if half_life_days <= 0:
        raise ValueError("a half-life must be positive")
    # `weight` inlined: /insights weighs every attempt of a big server several times (team, step, person)
    scale = half_life_days * SECONDS_PER_DAY
    kept = [fact for fact in facts if fact.at <= at]
    weights = [0.5 ** ((at - fact.at).total_seconds() / scale) for fact in kept]
    total = math.fsum(weights)
    if total == 0:
        return share(0.0, 0.0)
    right = math.fsum(compress(weights, [fact.correct for fact in kept]))
    effective = total * total / math.fsum(w * w for w in weights)
    low, high = wilson(right / total * effective, effective)
    return Share(successes=right, n=total, value=right / total, low=low, high=high)
