"""What the bot records about members: sightings (the roster behind team averages, who is a manager) and pauses."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Team
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage


@storage_errors_as_unavailable
class MemberService:
    """Sightings, once per team and day, of members holding a team's role; and pauses that keep streaks."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def saw(
        self, guild: GuildConfig, user_id: int, role_ids: Collection[int], is_manager: bool, now: datetime
    ) -> list[Team]:
        """Note the member's teams (by role) and manager status; returns those teams."""
        teams = [team for team in await self._storage.teams.active(guild.guild_id) if team.role_id in role_ids]
        await self._storage.members.saw(
            guild.guild_id, user_id, [team.team_id for team in teams], is_manager, local_date(now, guild.timezone), now
        )
        return teams

    async def pause(self, guild: GuildConfig, user_id: int, start: date, end: date, now: datetime) -> None:
        """Keep the member's streak from `start` to `end` (they are away)."""
        await self._storage.members.pause(guild.guild_id, user_id, start, end, now)
