"""The weekly announcement: frozen results of the week so far, due once per guild and ISO week.

Results cover [Monday 00:00, announcement time) in the guild's zone and are stored as JSON when the
announcement is reserved, so what was announced never changes; recomputing them from the ledger for the
same cut-off gives the same JSON (the ledger is append-only and time-stamped).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.domain.leaderboard import by_average, rank
from bot.domain.periods import Window, week_of
from bot.domain.schedule import local_date
from bot.domain.shards import ShardScope
from bot.domain.state import Announcement, GuildConfig, Trigger
from bot.services.boards import STEPS, team_standings_of
from bot.services.errors import storage_errors_as_unavailable
from bot.services.weekly import WeeklyMessages, weekly_instant
from bot.storage import Storage

TOP_PEOPLE = 3


@dataclass(frozen=True)
class TeamLine:
    """A team's row in the announcement."""

    team_id: int
    name: str
    rank: int
    average: float
    participation: float
    points: int
    members: int
    roster: int


@dataclass(frozen=True)
class PersonLine:
    """One of the week's top people."""

    user_id: int
    rank: int
    points: int


@dataclass(frozen=True)
class StepLeader:
    """The team leading one of the 10 steps (None when nobody played it)."""

    step: int
    team_id: int | None
    name: str | None
    average: float


@dataclass(frozen=True)
class Improvement:
    """The team whose average grew most versus the same part of last week."""

    team_id: int
    name: str
    delta: float


@dataclass(frozen=True)
class WeekResults:
    """Everything the announcement shows, frozen."""

    week: str
    start: str
    cutoff: str
    teams: list[TeamLine]
    top_people: list[PersonLine]
    step_leaders: list[StepLeader]
    most_improved: Improvement | None
    step_points: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WeekResults:
        """Back from the stored form."""
        data: dict[str, Any] = json.loads(text)
        improved = data.get("most_improved")
        return cls(
            week=data["week"],
            start=data["start"],
            cutoff=data["cutoff"],
            teams=[TeamLine(**line) for line in data["teams"]],
            top_people=[PersonLine(**line) for line in data["top_people"]],
            step_leaders=[StepLeader(**line) for line in data["step_leaders"]],
            most_improved=Improvement(**improved) if improved else None,
            step_points=data.get("step_points", {}),
        )


@dataclass(frozen=True, slots=True)
class DueAnnouncement:
    """A guild whose week should be announced now."""

    guild: GuildConfig
    week: Window
    cutoff: datetime


def announcement_instant(guild: GuildConfig, week: Window) -> datetime:
    """When the guild announces a given week (its configured weekday and local time)."""
    return weekly_instant(week, guild.announce_weekday, guild.announce_time, guild.timezone)


@storage_errors_as_unavailable
class AnnouncementService(WeeklyMessages):
    """Computes, reserves and records weekly announcements."""

    def __init__(self, storage: Storage, scope: ShardScope | None = None) -> None:
        super().__init__(storage.announcements, scope)
        self._storage = storage

    async def results(self, guild: GuildConfig, week: Window, cutoff: datetime) -> WeekResults:
        """The week's results from the ledger, for events before `cutoff`."""
        assert week.start is not None
        assert week.end is not None
        window = Window(week.label, week.start, min(week.end, cutoff))
        excluded = await self._storage.members.managers(guild.guild_id) if guild.exclude_managers else set()
        totals = await self._storage.boards.team_totals(guild.guild_id, window, excluded)
        # Active teams, and a team removed during the week that played in it: its week counts like the boards'.
        names = {team.team_id: team.name for team in await self._storage.teams.active(guild.guild_id)}
        played = {fact.team_id for fact in totals.facts if fact.points or fact.answers} - names.keys()
        names |= await self._storage.teams.names(sorted(played))
        teams = rank(team_standings_of(totals, names), tiebreak=lambda s: names[s.key].casefold(), score=by_average)
        team_lines = [
            TeamLine(
                row.standing.key,
                names[row.standing.key],
                row.rank,
                round(row.standing.average, 1),
                round(row.standing.participation, 3),
                row.standing.points,
                row.standing.members,
                row.standing.roster,
            )
            for row in teams
        ]
        members = await self._storage.boards.members(guild.guild_id, window)
        people = rank([standing for standing in members if standing.key not in excluded])
        top = [
            PersonLine(row.standing.key, row.rank, row.standing.points) for row in people if row.standing.points > 0
        ][:TOP_PEOPLE]
        by_step = await self._storage.boards.team_totals(guild.guild_id, window, excluded, by_step=True)
        leaders = []
        step_points: dict[str, list[int]] = {name: [0] * len(STEPS) for name in names.values()}
        for fact in by_step.facts:
            if fact.team_id in names and fact.step is not None and fact.step in STEPS:
                step_points[names[fact.team_id]][fact.step - 1] += fact.points
        for step in STEPS:
            ranked = rank(
                team_standings_of(by_step, names, step),
                tiebreak=lambda s: names[s.key].casefold(),
                score=by_average,
            )
            best = next((row for row in ranked if row.standing.points > 0), None)
            leaders.append(
                StepLeader(step, best.standing.key, names[best.standing.key], round(best.standing.average, 1))
                if best
                else StepLeader(step, None, None, 0.0)
            )
        improved = await self._most_improved(guild, week, cutoff, team_lines, names, excluded)
        return WeekResults(
            week=week.label,
            start=week.start.isoformat(),
            cutoff=window.end.isoformat() if window.end else "",
            teams=team_lines,
            top_people=top,
            step_leaders=leaders,
            most_improved=improved,
            step_points=step_points,
        )

    async def _most_improved(
        self,
        guild: GuildConfig,
        week: Window,
        cutoff: datetime,
        lines: list[TeamLine],
        names: dict[int, str],
        excluded: set[int],
    ) -> Improvement | None:
        assert week.start is not None
        elapsed = min(cutoff, week.end or cutoff) - week.start
        last_start = week.start - timedelta(days=7)
        last = Window("previous", last_start, last_start + elapsed)
        totals = await self._storage.boards.team_totals(guild.guild_id, last, excluded)
        played = {s.key: s.average for s in team_standings_of(totals, names) if s.points or s.answers}
        # Only a team that also played last week can improve on it; a first week has no "most improved".
        deltas = [(round(line.average - played[line.team_id], 1), line) for line in lines if line.team_id in played]
        deltas = [(delta, line) for delta, line in deltas if delta > 0]
        if not deltas:
            return None
        delta, line = max(deltas, key=lambda pair: (pair[0], -pair[1].rank))
        return Improvement(line.team_id, line.name, delta)

    async def due(self, now: datetime) -> list[DueAnnouncement]:
        """Guilds whose latest announcement time has passed without an announcement for that week.

        Only the most recent week is ever caught up, and only if the guild posted something in it.
        """
        due = []
        for guild in await self._held(self._storage.guilds.scheduled()):
            today = local_date(now, guild.timezone)
            current = week_of(today, guild.timezone)
            instant = announcement_instant(guild, current)
            if instant > now:
                current = week_of(today - timedelta(days=7), guild.timezone)
                instant = announcement_instant(guild, current)
            if await self._storage.announcements.get(guild.guild_id, current.label) is not None:
                continue
            assert current.start is not None
            monday = local_date(current.start, guild.timezone)
            if not await self._storage.posts.any_between(guild.guild_id, monday, monday + timedelta(days=6)):
                continue
            due.append(DueAnnouncement(guild, current, instant))
        return due

    async def next_instant(self, now: datetime) -> datetime | None:
        """The next announcement time of any guild, for the scheduler's sleep."""
        instants = []
        for guild in await self._held(self._storage.guilds.scheduled()):
            current = week_of(local_date(now, guild.timezone), guild.timezone)
            instant = announcement_instant(guild, current)
            if instant <= now:
                current = week_of(local_date(now, guild.timezone) + timedelta(days=7), guild.timezone)
                instant = announcement_instant(guild, current)
            instants.append(instant)
        return min(instants, default=None)

    async def reserve(
        self,
        guild: GuildConfig,
        week: Window,
        cutoff: datetime,
        trigger: Trigger,
        channel_id: int | None,
        now: datetime,
    ) -> tuple[Announcement, WeekResults] | Announcement:
        """Freeze the results and claim the week; the existing announcement if the week already has one."""
        existing = await self._storage.announcements.get(guild.guild_id, week.label)
        if existing is not None:
            return existing
        results = await self.results(guild, week, cutoff)
        reserved = await self._storage.announcements.reserve(
            guild.guild_id, week.label, results.to_json(), trigger, channel_id, now
        )
        if reserved is None:
            found = await self._storage.announcements.get(guild.guild_id, week.label)
            assert found is not None
            return found
        return reserved, results

    async def step_totals(self, guild: GuildConfig, window: Window) -> dict[int, dict[int, int]]:
        """Points per team per step in a window (for charts)."""
        totals: dict[int, dict[int, int]] = defaultdict(lambda: dict.fromkeys(STEPS, 0))
        for fact in await self._storage.boards.facts(guild.guild_id, window, by_step=True):
            if fact.step is not None:
                totals[fact.team_id][fact.step] += fact.points
        return dict(totals)
