"""Who may need a conversation: three plain rules over a period, each with the numbers behind it.

- **Absent**: the person missed the last 3 posts they could answer, in a row (posts on days they were paused,
  not seen with the team's role, or with no post at all never count; see `Presence`). The caller leaves out a
  post whose answer window is still open. The detail is how many posts in a row they missed, counting back from
  the latest one.
- **Behind**: the person's current proficiency (every attempt, answers and reviews, weighted by age with a
  14-day half-life, at the period's end; see `stats`) is at least 0.25 under their team's, computed the same
  way over every attempt of the team's people (the person included), with at least 8 attempts of their own in
  the period, so a bad morning is never a flag.
- **Confident but wrong**: at least 3 wrong answers in the period that the person said they were sure of: a
  misconception, worth talking through, rather than a guess.

The list is sorted by team, person (user id) and rule, never by any figure: it is a list of conversations to
have, not a ranking of the worst. Attempts later than the period's end are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.insights.facts import AnswerFact, Presence
from bot.domain.insights.stats import recent_share

ABSENT_POSTS = 3  # missed the last 3 available posts in a row
BEHIND_BY = 0.25  # current proficiency this far under the team's ...
BEHIND_MIN_ATTEMPTS = 8  # ... with at least this many own attempts in the period
CONFIDENT_WRONG = 3  # wrong answers given as "sure" in the period

EPSILON = 1e-9  # a gap of exactly BEHIND_BY must not miss the flag through floating-point rounding


class Rule(StrEnum):
    """Why a person is on the list."""

    ABSENT = "absent"
    BEHIND = "behind"
    CONFIDENT_WRONG = "confident_wrong"


RULE_ORDER = {rule: index for index, rule in enumerate(Rule)}


@dataclass(frozen=True, slots=True)
class Flag:
    """One conversation a manager may want to have, with the numbers that raised it."""

    user_id: int
    team_id: int
    rule: Rule
    detail: dict[str, float]  # e.g. {"missed": 3}, {"own": 0.40, "team": 0.75, "attempts": 9}, {"count": 4}


def missed_in_a_row(available: Sequence[date], answered: frozenset[date]) -> int:
    """Posts missed in a row, counting back from the latest available one."""
    run = 0
    for day in reversed(available):
        if day in answered:
            break
        run += 1
    return run


def _absent(presence: Sequence[Presence]) -> list[Flag]:
    available: defaultdict[tuple[int, int], set[date]] = defaultdict(set)
    answered: defaultdict[tuple[int, int], set[date]] = defaultdict(set)
    for person in presence:
        available[person.team_id, person.user_id].update(person.available)
        answered[person.team_id, person.user_id].update(person.answered)
    flags = []
    for (team_id, user_id), days in available.items():
        run = missed_in_a_row(sorted(days), frozenset(answered[team_id, user_id]))
        if run >= ABSENT_POSTS:
            flags.append(Flag(user_id=user_id, team_id=team_id, rule=Rule.ABSENT, detail={"missed": float(run)}))
    return flags


def _behind(facts: Sequence[AnswerFact], end: datetime) -> list[Flag]:
    teams: defaultdict[int, list[AnswerFact]] = defaultdict(list)
    people: defaultdict[tuple[int, int], list[AnswerFact]] = defaultdict(list)
    for fact in facts:
        teams[fact.team_id].append(fact)
        people[fact.team_id, fact.user_id].append(fact)
    team_value = {team_id: recent_share(team_facts, end).value for team_id, team_facts in teams.items()}
    flags = []
    for (team_id, user_id), own_facts in people.items():
        if len(own_facts) < BEHIND_MIN_ATTEMPTS:
            continue
        own = recent_share(own_facts, end).value
        team = team_value[team_id]
        if own is None or team is None or team - own < BEHIND_BY - EPSILON:
            continue
        detail = {"own": own, "team": team, "attempts": float(len(own_facts))}
        flags.append(Flag(user_id=user_id, team_id=team_id, rule=Rule.BEHIND, detail=detail))
    return flags


def _confident_wrong(facts: Sequence[AnswerFact]) -> list[Flag]:
    counts: defaultdict[tuple[int, int], int] = defaultdict(int)
    for fact in facts:
        counts[fact.team_id, fact.user_id] += fact.confident_wrong
    return [
        Flag(user_id=user_id, team_id=team_id, rule=Rule.CONFIDENT_WRONG, detail={"count": float(count)})
        for (team_id, user_id), count in counts.items()
        if count >= CONFIDENT_WRONG
    ]


def flags(facts: Sequence[AnswerFact], presence: Sequence[Presence], end: datetime) -> list[Flag]:
    """Every rule that fires for every person, sorted by team, user id and rule (never by performance)."""
    known = [fact for fact in facts if fact.at <= end]
    found = _absent(presence) + _behind(known, end) + _confident_wrong(known)
    return sorted(found, key=lambda flag: (flag.team_id, flag.user_id, RULE_ORDER[flag.rule]))
