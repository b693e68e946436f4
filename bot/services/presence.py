"""Who the bot sees: the roster behind team averages, and who counts as a manager."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Team
from bot.storage import Storage


class PresenceService:
    """Records, once per team and day, that a member holding a team's role interacted with the bot."""

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
