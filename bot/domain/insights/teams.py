"""Each team's figures per step, and the step a team is weakest at.

For every team and step (one of the 10) with any attempt or any post in the period:

- **Participation**: the step's posts the team's people answered ÷ the step's posts they could have answered.
  A post counts for a person only on a day they were seen with the team's role and were not paused, and only
  days with a post count at all (both already settled in `Presence`); a post belongs to a step through the
  item posted that day (every team of a server plays the same item on a day).
- **First try**: correct first attempts ÷ first attempts, a person's first attempt at an item being the only
  one made before they saw the answer: what the team knew, not what it remembered after being told.
- **Current proficiency**: every attempt in the period, daily answers and private reviews alike, weighted by
  age (half-life 14 days, see `stats`) at the end of the period: what the team knows now.
- **Attempts**: every attempt in the period; the thresholds below read this number.

Each figure comes with its 95% Wilson interval. **Weakest step**: among the team's steps with at least
10 attempts in the period, the one with the lowest current proficiency (ties: the lower step number). With no
step at 10 attempts there is no weakest step but an explicit "not enough data" (`NotEnough`, with the attempts
on the best-covered step). **Trend**: the weakest step's current proficiency minus that step's current
proficiency over the previous period, given only when both periods have at least 10 attempts on the step;
otherwise none, not a guess from a handful of answers.

Attempts later than the period's end are left out everywhere, so no figure reads the future.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.insights.facts import AnswerFact, Presence
from bot.domain.insights.stats import Share, recent_share, share

MIN_STEP_ANSWERS = 10  # attempts of a team on a step in a period before it may be called weakest or given a trend


@dataclass(frozen=True, slots=True)
class StepFigures:
    """A team's figures on one step over a period."""

    team_id: int
    step: int
    participation: Share  # daily answers to the step's posts ÷ posts available to the team's people
    first_try: Share  # correct first attempts ÷ first attempts
    current: Share  # recent_share over every attempt (answers and reviews) in the period, at the period's end
    attempts: int  # every attempt in the period (the n the thresholds read)


@dataclass(frozen=True, slots=True)
class Weakest:
    """The step a team most needs coaching on, with how it moved since the previous period."""

    team_id: int
    step: int
    figures: StepFigures
    trend: float | None  # current.value minus the previous period's; None when either period has too few attempts
    previous_attempts: int


@dataclass(frozen=True, slots=True)
class NotEnough:
    """Too little data to name a weakest step: `have` attempts on the best-covered step, `need` the threshold."""

    team_id: int
    have: int
    need: int


def step_figures(
    facts: Sequence[AnswerFact], presence: Sequence[Presence], step_days: Mapping[date, int], end: datetime
) -> list[StepFigures]:
    """Figures per (team, step) that has any fact or any available post, sorted by team then step.

    `step_days` maps each post date to its item's step; an available date missing from it had no post to count.
    """
    attempts: defaultdict[tuple[int, int], list[AnswerFact]] = defaultdict(list)
    for fact in facts:
        if fact.at <= end:
            attempts[fact.team_id, fact.step].append(fact)
    posts: defaultdict[tuple[int, int], int] = defaultdict(int)
    answered: defaultdict[tuple[int, int], int] = defaultdict(int)
    for person in presence:
        for day in person.available:
            step = step_days.get(day)
            if step is None:
                continue
            posts[person.team_id, step] += 1
            answered[person.team_id, step] += day in person.answered
    figures = []
    for key in sorted(attempts.keys() | posts.keys()):
        team_id, step = key
        tried = attempts.get(key, [])
        firsts = [fact for fact in tried if fact.first]
        figures.append(
            StepFigures(
                team_id=team_id,
                step=step,
                participation=share(answered.get(key, 0), posts.get(key, 0)),
                first_try=share(sum(fact.correct for fact in firsts), len(firsts)),
                current=recent_share(tried, end),
                attempts=len(tried),
            )
        )
    return figures


def weakest_step(current: Sequence[StepFigures], previous: Sequence[StepFigures], team_id: int) -> Weakest | NotEnough:
    """The team's step with the lowest current proficiency among those with enough attempts, or NotEnough."""
    mine = [figures for figures in current if figures.team_id == team_id]
    covered = [
        (figures.current.value, figures.step, figures)
        for figures in mine
        if figures.attempts >= MIN_STEP_ANSWERS and figures.current.value is not None
    ]
    if not covered:
        return NotEnough(team_id=team_id, have=max((f.attempts for f in mine), default=0), need=MIN_STEP_ANSWERS)
    value, step, weakest = min(covered, key=lambda candidate: (candidate[0], candidate[1]))
    before = next((f for f in previous if f.team_id == team_id and f.step == step), None)
    previous_attempts = before.attempts if before is not None else 0
    trend = None
    if before is not None and previous_attempts >= MIN_STEP_ANSWERS and before.current.value is not None:
        trend = value - before.current.value
    return Weakest(team_id=team_id, step=step, figures=weakest, trend=trend, previous_attempts=previous_attempts)
