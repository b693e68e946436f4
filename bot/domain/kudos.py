"""Kudos between teammates: one per person per reflection, never to oneself, a few a day, a capped reward."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.scoring import ScoringRules


class KudosVerdict(StrEnum):
    """What happens to a kudos."""

    COUNTED = "counted"  # recorded and worth points to the author
    RECORDED = "recorded"  # recorded and shown, but the reflection already has its maximum of counted kudos
    OWN = "own"  # refused: nobody gives kudos to their own reflection
    AGAIN = "again"  # refused: one kudos per person per reflection
    DAILY_LIMIT = "daily_limit"  # refused: the giver used today's kudos


def judge_kudos(
    rules: ScoringRules,
    *,
    giver_id: int,
    author_id: int,
    already_given: bool,
    counted_on_reflection: int,
    given_today: int,
) -> KudosVerdict:
    """Decide one kudos from the facts the database knows."""
    if giver_id == author_id:
        return KudosVerdict.OWN
    if already_given:
        return KudosVerdict.AGAIN
    if given_today >= rules.kudos_per_day:
        return KudosVerdict.DAILY_LIMIT
    if counted_on_reflection >= rules.kudos_per_reflection:
        return KudosVerdict.RECORDED
    return KudosVerdict.COUNTED
