"""The weekly coaching digest: each team's insight over the seven days before it, for a managers-only channel.

Like the weekly announcement it is due once per guild and ISO week, reserved before it is sent with its figures
frozen as JSON (so a crash, a retry or a second process can never post it twice, nor post different figures),
and caught up after downtime for the most recent week only. The JSON names people only by id in its flags, so
forgetting a member (/privacy) can take them out of every stored digest (`scrub_digest`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from bot.domain.insights.periods import InsightPeriod
from bot.domain.insights.teams import NotEnough
from bot.domain.periods import Window, week_of
from bot.domain.schedule import local_date
from bot.domain.shards import ShardScope
from bot.domain.state import Announcement, GuildConfig, Trigger
from bot.services.errors import storage_errors_as_unavailable
from bot.services.insights import Insights, InsightService
from bot.services.weekly import WeeklyMessages, weekly_instant
from bot.storage import Storage

SPAN = timedelta(days=7)


@dataclass(frozen=True)
class DigestFlag:
    """A conversation worth having, as frozen in the digest."""

    user_id: int
    rule: str
    detail: dict[str, float]


@dataclass(frozen=True)
class DigestTeam:
    """One team's week, as frozen: shares are 0..1 (None without data), counts are counts."""

    team_id: int
    name: str
    participation: float | None
    first_try: float | None
    current: float | None
    attempts: int
    weakest_step: int | None = None
    weakest_current: float | None = None
    weakest_attempts: int = 0
    trend: float | None = None
    previous_attempts: int = 0
    have: int = 0  # with no weakest step: attempts on the best-covered step, of `need`
    need: int = 0
    flags: list[DigestFlag] = field(default_factory=list)


@dataclass(frozen=True)
class DigestItem:
    """An item flagged "ambiguous?" this week, with its author when the server wrote it."""

    item_id: str
    shares: list[float]
    right: int | None
    author_id: int | None


@dataclass(frozen=True)
class DigestResults:
    """Everything a digest shows, frozen."""

    week: str
    start: str
    end: str
    teams: list[DigestTeam]
    ambiguous: list[DigestItem]

    def to_json(self) -> str:
        """Stable JSON (sorted keys) for storage."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DigestResults:
        """Read back what `to_json` wrote."""
        data: dict[str, Any] = json.loads(text)
        teams = [
            DigestTeam(**{**team, "flags": [DigestFlag(**flag) for flag in team.get("flags", [])]})
            for team in data["teams"]
        ]
        items = [DigestItem(**item) for item in data.get("ambiguous", [])]
        return cls(data["week"], data["start"], data["end"], teams, items)


def scrub_digest(results: str, user_id: int) -> str | None:
    """The digest without the member (their flags, their authorship); None if they were not in it."""
    digest = DigestResults.from_json(results)
    teams = [replace(team, flags=[flag for flag in team.flags if flag.user_id != user_id]) for team in digest.teams]
    items = [replace(item, author_id=None) if item.author_id == user_id else item for item in digest.ambiguous]
    scrubbed = replace(digest, teams=teams, ambiguous=items)
    return None if scrubbed == digest else scrubbed.to_json()


def digest_instant(guild: GuildConfig, week: Window) -> datetime:
    """When the digest of `week` goes out: the server's digest weekday and time, in its zone."""
    return weekly_instant(week, guild.insights_weekday, guild.insights_time, guild.timezone)


@dataclass(frozen=True, slots=True)
class DueDigest:
    """A guild whose digest of `week` is due, covering the seven days before `instant`."""

    guild: GuildConfig
    week: Window
    instant: datetime


def freeze(insights: Insights, week: str) -> DigestResults:
    """The digest's figures, taken from an insight."""
    teams = []
    for team in insights.teams:
        totals = team.totals
        flags = [DigestFlag(flag.user_id, flag.rule.value, dict(flag.detail)) for flag in team.flags]
        common: dict[str, Any] = {
            "team_id": team.team.team_id,
            "name": team.team.name,
            "participation": totals.participation.value,
            "first_try": totals.first_try.value,
            "current": totals.current.value,
            "attempts": totals.attempts,
            "flags": flags,
        }
        weakest = team.weakest
        if isinstance(weakest, NotEnough):
            teams.append(DigestTeam(**common, have=weakest.have, need=weakest.need))
        else:
            teams.append(
                DigestTeam(
                    **common,
                    weakest_step=weakest.step,
                    weakest_current=weakest.figures.current.value,
                    weakest_attempts=weakest.figures.attempts,
                    trend=weakest.trend,
                    previous_attempts=weakest.previous_attempts,
                )
            )
    ambiguous = [
        DigestItem(
            found.analysis.item_id,
            list(found.analysis.choice_shares),
            found.item.correct_index if found.item is not None else None,
            found.author_id,
        )
        for found in insights.items
        if found.analysis.ambiguous
    ]
    start = insights.window.start.isoformat() if insights.window.start else ""
    return DigestResults(week, start, insights.end.isoformat(), teams, ambiguous)


@storage_errors_as_unavailable
class DigestService(WeeklyMessages):
    """When digests are due, what they say (frozen), and their sending state."""

    def __init__(self, storage: Storage, insights: InsightService, scope: ShardScope | None = None) -> None:
        super().__init__(storage.digests, scope)
        self._storage = storage
        self._insights = insights

    async def due(self, now: datetime) -> list[DueDigest]:
        """Guilds whose latest digest time has passed without a digest for that week (the latest week only)."""
        found = []
        for guild in await self._held(self._storage.guilds.with_digest()):
            today = local_date(now, guild.timezone)
            week = week_of(today, guild.timezone)
            instant = digest_instant(guild, week)
            if instant > now:
                week = week_of(today - timedelta(days=7), guild.timezone)
                instant = digest_instant(guild, week)
            if await self._storage.digests.get(guild.guild_id, week.label) is not None:
                continue
            first = local_date(instant - SPAN, guild.timezone)
            if not await self._storage.posts.any_between(guild.guild_id, first, local_date(instant, guild.timezone)):
                continue
            found.append(DueDigest(guild, week, instant))
        return found

    async def next_instant(self, now: datetime) -> datetime | None:
        """The next digest time of any guild, for the scheduler's sleep."""
        instants = []
        for guild in await self._held(self._storage.guilds.with_digest()):
            today = local_date(now, guild.timezone)
            instant = digest_instant(guild, week_of(today, guild.timezone))
            if instant <= now:
                instant = digest_instant(guild, week_of(today + timedelta(days=7), guild.timezone))
            instants.append(instant)
        return min(instants, default=None)

    async def results(self, guild: GuildConfig, week: str, instant: datetime) -> DigestResults:
        """Every team's insight over the seven days before `instant`, trends against the seven before those."""
        teams = await self._storage.teams.active(guild.guild_id)
        window = Window(week, instant - SPAN, instant)
        previous = Window(week, instant - 2 * SPAN, instant - SPAN)
        insights = await self._insights.over(guild, teams, InsightPeriod.WEEK, window, previous, instant)
        return freeze(insights, week)

    async def reserve(
        self, guild: GuildConfig, due: DueDigest, trigger: Trigger, now: datetime
    ) -> tuple[Announcement, DigestResults] | Announcement:
        """Freeze the week's digest and claim it; the existing one if the week has a digest already."""
        existing = await self._storage.digests.get(guild.guild_id, due.week.label)
        if existing is not None:
            return existing
        results = await self.results(guild, due.week.label, due.instant)
        reserved = await self._storage.digests.reserve(
            guild.guild_id, due.week.label, results.to_json(), trigger, guild.insights_channel_id, now
        )
        if reserved is None:
            found = await self._storage.digests.get(guild.guild_id, due.week.label)
            assert found is not None
            return found
        return reserved, results

    async def configure(
        self, guild_id: int, channel_id: int | None, weekday: int, at: time, now: datetime
    ) -> GuildConfig:
        """Where and when the digest goes (no channel: off); returns the new settings."""
        await self._storage.guilds.save_insights(guild_id, channel_id, weekday, at, now)
        return await self._storage.guilds.get(guild_id)
