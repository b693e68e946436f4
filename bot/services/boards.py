"""Leaderboards and personal stats for a period, computed from the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.leaderboard import Ranked, find, rank
from bot.domain.periods import Period, Window, period_window
from bot.domain.records import GuildConfig
from bot.storage import Storage


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
class PersonalStats:
    """One member's standing over a window; `row` is None before their first answer."""

    window: Window
    row: Ranked | None
    ranked_people: int


class BoardService:
    """Builds boards for a guild in its timezone."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def teams(self, guild: GuildConfig, period: Period, now: datetime) -> TeamBoard:
        """Active teams by points over the period; tied points share a rank, then by name."""
        window = period_window(period, now, guild.timezone)
        teams = await self._storage.teams.active(guild.guild_id)
        names = {team.team_id: team.name for team in teams}
        standings = await self._storage.boards.teams(guild.guild_id, window, list(names))
        rows = rank(standings, tiebreak=lambda s: names[s.key].casefold())
        return TeamBoard(window, rows, names)

    async def people(self, guild: GuildConfig, period: Period, now: datetime) -> PeopleBoard:
        """Members by points over the period; tied points share a rank, then by member id."""
        window = period_window(period, now, guild.timezone)
        return PeopleBoard(window, rank(await self._storage.boards.people(guild.guild_id, window)))

    async def person(self, guild: GuildConfig, user_id: int, period: Period, now: datetime) -> PersonalStats:
        """The member's row on the people board of the period."""
        board = await self.people(guild, period, now)
        return PersonalStats(board.window, find(board.rows, user_id), len(board.rows))
