"""Manager set-up: teams and the posting schedule."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta

from bot.domain.inputs import InputError
from bot.domain.schedule import Schedule, UnknownTimezone, zone
from bot.domain.state import GuildConfig, Team
from bot.storage import Storage

MAX_TEAM_NAME = 50


def clean_team_name(name: str) -> str:
    """Collapse whitespace and drop control characters; InputError if nothing sensible is left."""
    visible = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(visible.split())
    if not cleaned:
        raise InputError("team.empty", "the team name is empty")
    if len(cleaned) > MAX_TEAM_NAME:
        raise InputError(
            "team.long", f"the team name is {len(cleaned)} characters; at most {MAX_TEAM_NAME}", length=len(cleaned)
        )
    return cleaned


class SetupService:
    """Validates and stores what managers configure."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def add_team(self, guild_id: int, name: str, channel_id: int, role_id: int, now: datetime) -> Team:
        """Create a team (TeamConflict if the name or channel is taken, InputError for a bad name)."""
        return await self._storage.teams.add(guild_id, clean_team_name(name), channel_id, role_id, now)

    async def teams(self, guild_id: int) -> list[Team]:
        """The guild's active teams."""
        return await self._storage.teams.active(guild_id)

    async def config(self, guild_id: int) -> GuildConfig:
        """The guild's settings (defaults if never configured)."""
        return await self._storage.guilds.get(guild_id)

    async def set_schedule(
        self,
        guild_id: int,
        *,
        post_time: time,
        timezone: str,
        weekdays: frozenset[int],
        window: timedelta | None,
        now: datetime,
    ) -> GuildConfig:
        """Validate and store the schedule; unspecified window keeps the current one."""
        try:
            zone(timezone)
        except UnknownTimezone:
            message = f"'{timezone}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid"
            raise InputError("timezone.unknown", message, text=timezone) from None
        current = await self._storage.guilds.get(guild_id)
        config = GuildConfig(
            guild_id=guild_id,
            timezone=timezone,
            post_time=post_time,
            weekdays=weekdays,
            answer_window=window or current.answer_window,
            language=current.language,
            manager_role_id=current.manager_role_id,
        )
        Schedule(config.timezone, post_time, config.weekdays, config.answer_window)
        await self._storage.guilds.save_schedule(config, now)
        return config
