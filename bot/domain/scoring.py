"""How many points things are worth. Pure: the caller stores the awards in the ledger.

Defaults follow the game design: a correct answer is worth 100 and a wrong one 0 (never negative); a
correct answer earns up to +40 for speed, fading linearly over the first two hours, so a thoughtful
correct answer always beats a fast wrong one and no bonus outweighs a correct answer; showing up on
consecutive scheduled days earns +10 per day from the second, capped at +50; a reflection long enough
earns +30 once, each teammate's kudos +5 (10 counted at most), a manager's highlight +50.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.domain.model import Item


class EventKind(StrEnum):
    """Kinds of point events in the ledger."""

    ANSWER = "answer"
    SPEED = "speed"
    STREAK = "streak"
    REFLECTION = "reflection"
    KUDOS = "kudos"
    HIGHLIGHT = "highlight"
    REVIEW = "review"  # a right answer in a private review: its own kind and key, capped per day


class RulesError(ValueError):
    """A scoring configuration that would break the game's promises."""


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Every number of the game, configurable per server."""

    correct: int = 100
    wrong: int = 0
    speed_bonus: int = 40
    speed_minutes: int = 120
    streak_per_day: int = 10
    streak_cap: int = 50
    reflection: int = 30
    reflection_min_length: int = 80
    kudos: int = 5
    kudos_per_reflection: int = 10
    kudos_per_day: int = 5
    highlight: int = 50
    review: int = 20  # a right answer in a private review (a wrong one scores 0)

    def __post_init__(self) -> None:
        numbers = {name: getattr(self, name) for name in self.__dataclass_fields__}
        negative = [name for name, value in numbers.items() if value < 0]
        if negative:
            raise RulesError(f"points are never negative: {', '.join(negative)}")
        if self.wrong >= self.correct:
            raise RulesError("a wrong answer must be worth less than a correct one")
        if self.speed_bonus >= self.correct - self.wrong:
            raise RulesError("the speed bonus must be smaller than the gap between a correct and a wrong answer")
        if self.speed_bonus and not self.speed_minutes:
            raise RulesError("a speed bonus needs the minutes over which it fades")


@dataclass(frozen=True, slots=True)
class Award:
    """Points of one kind."""

    kind: EventKind
    points: int


@dataclass(frozen=True, slots=True)
class AnswerScore:
    """The verdict on one click and everything it earns."""

    correct: bool
    awards: tuple[Award, ...]

    @property
    def points(self) -> int:
        """Everything the click earned."""
        return sum(award.points for award in self.awards)

    def of(self, kind: EventKind) -> int:
        """Points of one kind (0 if none)."""
        return sum(award.points for award in self.awards if award.kind is kind)


class InvalidChoice(ValueError):
    """The choice index does not exist on the item (a forged or stale button)."""


def speed_bonus(rules: ScoringRules, elapsed: timedelta) -> int:
    """The bonus for a correct answer given `elapsed` since the post: full at once, zero after the fade."""
    if rules.speed_bonus == 0:
        return 0
    if elapsed <= timedelta(0):
        return rules.speed_bonus
    fade = timedelta(minutes=rules.speed_minutes)
    if elapsed >= fade:
        return 0
    return int(rules.speed_bonus * (1 - elapsed / fade))


def streak_bonus(rules: ScoringRules, streak: int) -> int:
    """+per-day for every day of the streak from the second one, capped."""
    return min(rules.streak_cap, rules.streak_per_day * max(0, streak - 1))


def score_answer(
    item: Item,
    choice_index: int,
    rules: ScoringRules = ScoringRules(),
    *,
    elapsed: timedelta | None = None,
    streak: int = 1,
) -> AnswerScore:
    """Score picking `choice_index` on `item`, `elapsed` after the post, on day `streak` of a streak."""
    if not 0 <= choice_index < len(item.choices):
        raise InvalidChoice(f"item {item.id} has no choice {choice_index}")
    correct = item.choices[choice_index].correct
    awards = [Award(EventKind.ANSWER, rules.correct if correct else rules.wrong)]
    if correct and elapsed is not None and (bonus := speed_bonus(rules, elapsed)):
        awards.append(Award(EventKind.SPEED, bonus))
    if bonus := streak_bonus(rules, streak):
        awards.append(Award(EventKind.STREAK, bonus))
    return AnswerScore(correct=correct, awards=tuple(awards))
