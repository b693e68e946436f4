"""Leaderboards and personal stats for a period, computed from the ledger in the guild's timezone.

Teams are ranked by average points per member (the roster being everyone seen with the team's role in the
period), with the participation rate and the sum beside it; people by points. When the server excludes
managers, their points and presence count for nobody's board.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.leaderboard import Ranked, Standing, by_average, find, place, rank
from bot.domain.periods import Period, Window, parse_week, period_window
from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig
from bot.domain.streaks import streak
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage
from bot.storage.boards import Fact, TeamTotals

STEPS = range(1, 11)


@dataclass(frozen=True, slots=True)
class TeamBoard:
    """Teams ranked over a window, with their names."""

    window: Window
    rows: list[Ranked]
    names: dict[int, str]


@dataclass(frozen=True, slots=True)
class PeopleBoard:
    """Members ranked over a window."""

    window: Window
    rows: list[Ranked]


@dataclass(frozen=True, slots=True)
class StepLine:
    """One step on the steps board: who leads it and where the caller's team stands."""

    step: int
    leader: Ranked | None
    mine: Ranked | None


@dataclass(frozen=True, slots=True)
class StepsBoard:
    """The 10 steps over a window."""

    window: Window
    lines: list[StepLine]
    names: dict[int, str]
    team_id: int | None


@dataclass(frozen=True, slots=True)
class PersonalStats:
    """One member's standing over a window; `row` is None before their first point or answer."""

    window: Window
    row: Ranked | None
    ranked_people: int
    neighbours: list[Ranked] = field(default_factory=list)
    per_step: dict[int, Standing] = field(default_factory=dict)
    streak: int = 0
    reflections: int = 0
    kudos: int = 0


def resolve_window(guild: GuildConfig, period: Period, now: datetime, week: str | None = None) -> Window:
    """The window a board covers: an explicit ISO week wins over the period (PeriodError if malformed)."""
    if week:
        return parse_week(week, guild.timezone)
    return period_window(period, now, guild.timezone)


def team_standings(
    facts: Iterable[Fact], roster: dict[int, set[int]], team_ids: Iterable[int], excluded: set[int]
) -> list[Standing]:
    """Per-team totals: points and answers of members not excluded, answering members, and the seen roster."""
    points: dict[int, int] = defaultdict(int)
    answers: dict[int, int] = defaultdict(int)
    correct: dict[int, int] = defaultdict(int)
    answering: dict[int, set[int]] = defaultdict(set)
    for fact in facts:
        if fact.user_id in excluded:
            continue
        points[fact.team_id] += fact.points
        answers[fact.team_id] += fact.answers
        correct[fact.team_id] += fact.correct
        if fact.answers:
            answering[fact.team_id].add(fact.user_id)
    return [
        Standing(
            team_id,
            points[team_id],
            answers[team_id],
            correct[team_id],
            members=len(answering[team_id]),
            seen=len((roster.get(team_id, set()) | answering[team_id]) - excluded),
        )
        for team_id in team_ids
    ]


def team_standings_of(totals: TeamTotals, team_ids: Iterable[int], step: int | None = None) -> list[Standing]:
    """`team_standings` from totals the database added up per team (for one step, or over all of them).

    The roster is everyone seen with the team's role, and at least those who answered: the seen count plus
    the members who answered without being seen.
    """
    facts = {fact.team_id: fact for fact in totals.facts if fact.step == step}
    standings = []
    for team_id in team_ids:
        fact = facts.get(team_id)
        seen = totals.seen.get(team_id, 0)
        if fact is None:
            standings.append(Standing(team_id, 0, 0, 0, members=0, seen=seen))
        else:
            standings.append(
                Standing(
                    team_id,
                    fact.points,
                    fact.answers,
                    fact.correct,
                    members=fact.members,
                    seen=seen + fact.unseen,
                )
            )
    return standings


def people_standings(facts: Iterable[Fact], excluded: set[int], team_id: int | None = None) -> list[Standing]:
    """Per-member totals across teams (or within one team)."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for fact in facts:
        if fact.user_id in excluded or (team_id is not None and fact.team_id != team_id):
            continue
        entry = totals[fact.user_id]
        entry[0] += fact.points
        entry[1] += fact.answers
        entry[2] += fact.correct
    return [Standing(user_id, points, answers, correct) for user_id, (points, answers, correct) in totals.items()]


@storage_errors_as_unavailable
class BoardService:
    """Builds boards for a guild in its timezone."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def _excluded(self, guild: GuildConfig) -> set[int]:
        return await self._storage.members.managers(guild.guild_id) if guild.exclude_managers else set()

    async def _names(self, guild: GuildConfig, totals: TeamTotals) -> dict[int, str]:
        """Active teams, and removed ones that played in the window: a past week's board still shows them."""
        names = {team.team_id: team.name for team in await self._storage.teams.active(guild.guild_id)}
        played = {fact.team_id for fact in totals.facts if fact.points or fact.answers} - names.keys()
        return names | await self._storage.teams.names(sorted(played))

    async def teams(self, guild: GuildConfig, window: Window, step: int | None = None) -> TeamBoard:
        """Active teams (and removed ones that played then) by average points per member; ties share a rank."""
        totals = await self._storage.boards.team_totals(guild.guild_id, window, await self._excluded(guild), step=step)
        names = await self._names(guild, totals)
        standings = team_standings_of(totals, names, step)
        return TeamBoard(window, rank(standings, tiebreak=lambda s: names[s.key].casefold(), score=by_average), names)

    async def people(
        self, guild: GuildConfig, window: Window, step: int | None = None, team_id: int | None = None
    ) -> PeopleBoard:
        """Members by points; equal points share a rank, then by member id."""
        return PeopleBoard(window, rank(await self._people(guild, window, step, team_id)))

    async def _people(
        self, guild: GuildConfig, window: Window, step: int | None = None, team_id: int | None = None
    ) -> list[Standing]:
        """Per-member totals across teams (or within one team), excluded members left out."""
        excluded = await self._excluded(guild)
        standings = await self._storage.boards.members(guild.guild_id, window, step=step, team_id=team_id)
        return [standing for standing in standings if standing.key not in excluded]

    async def steps(self, guild: GuildConfig, window: Window, team_id: int | None) -> StepsBoard:
        """For each of the 10 steps: the leading team (by average) and the position of `team_id`."""
        totals = await self._storage.boards.team_totals(
            guild.guild_id, window, await self._excluded(guild), by_step=True
        )
        names = await self._names(guild, totals)
        lines = []
        for step in STEPS:
            ranked = rank(
                team_standings_of(totals, names, step),
                tiebreak=lambda s: names[s.key].casefold(),
                score=by_average,
            )
            played = [row for row in ranked if row.standing.answers or row.standing.points]
            leader = played[0] if played else None
            lines.append(StepLine(step, leader, find(ranked, team_id) if team_id is not None else None))
        return StepsBoard(window, lines, names, team_id)

    async def person(
        self, guild: GuildConfig, user_id: int, window: Window, now: datetime, team_id: int | None = None
    ) -> PersonalStats:
        """The member's row, the two above and below, per-step progress, streak, reflections and kudos."""
        return (await self.personal(guild, user_id, [window], now, team_id))[0]

    async def personal(
        self, guild: GuildConfig, user_id: int, windows: Iterable[Window], now: datetime, team_id: int | None = None
    ) -> list[PersonalStats]:
        """`person` for several windows (what /me shows); the streak, the same in each, is computed once."""
        current = await self.current_streak(guild, user_id, team_id, now) if team_id is not None else 0
        found = []
        for window in windows:
            # The member's place on the people board, without ranking all of it: /me shows one row and four more.
            row, neighbours, ranked = place(await self._people(guild, window), user_id)
            mine = await self._storage.boards.facts(guild.guild_id, window, by_step=True, user_id=user_id)
            per_step: dict[int, Standing] = {}
            for step in STEPS:
                in_step = [fact for fact in mine if fact.step == step]
                per_step[step] = Standing(
                    step,
                    sum(f.points for f in in_step),
                    sum(f.answers for f in in_step),
                    sum(f.correct for f in in_step),
                )
            written, kudos = await self._storage.boards.reflections_of(guild.guild_id, user_id, window)
            found.append(PersonalStats(window, row, ranked, neighbours, per_step, current, written, kudos))
        return found

    async def current_streak(self, guild: GuildConfig, user_id: int, team_id: int, now: datetime) -> int:
        """The member's streak in a team today; today's still-open post does not break it yet."""
        today = local_date(now, guild.timezone)
        team_days = await self._storage.posts.team_days(team_id, today)
        answered = await self._storage.ledger.answered_days(team_id, user_id)
        pauses = await self._storage.members.pauses(guild.guild_id, user_id)
        return streak(team_days, answered, pauses, open_day=today)
