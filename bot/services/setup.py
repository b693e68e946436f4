"""Manager set-up: teams, the posting schedule and every server setting."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta

from bot.domain.inputs import InputError
from bot.domain.schedule import Schedule, UnknownTimezone, zone
from bot.domain.settings import GameRules
from bot.domain.state import GuildConfig, Team
from bot.services.errors import storage_errors_as_unavailable
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


@storage_errors_as_unavailable
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

    async def team(self, team_id: int) -> Team | None:
        """A team by id, removed ones included (their posts still close and remind)."""
        return await self._storage.teams.get(team_id)

    async def team_named(self, guild_id: int, name: str) -> Team | None:
        """The active team with that name (compared without case or extra spaces)."""
        return await self._storage.teams.by_name(guild_id, name)

    async def edit_team(
        self,
        team: Team,
        now: datetime,
        *,
        name: str | None = None,
        channel_id: int | None = None,
        role_id: int | None = None,
        lead_role_id: int | None = None,
        clear_lead: bool = False,
    ) -> Team:
        """Rename a team, move it, or set its lead role (TeamConflict if the name or channel is taken)."""
        cleaned = clean_team_name(name) if name is not None else None
        return await self._storage.teams.edit(
            team,
            now,
            name=cleaned,
            channel_id=channel_id,
            role_id=role_id,
            lead_role_id=lead_role_id,
            clear_lead=clear_lead,
        )

    async def remove_team(self, team: Team, now: datetime) -> None:
        """Stop posting for a team; its history stays."""
        await self._storage.teams.remove(team, now)

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

    async def set_reminders(self, guild_id: int, on: bool, now: datetime) -> None:
        """Whether the team channel is reminded at 80% of the answer window."""
        await self._storage.guilds.set_reminders(guild_id, on, now)

    async def set_rules(self, guild_id: int, rules: GameRules | None, now: datetime) -> None:
        """Store the server's scoring file (None: back to the defaults)."""
        await self._storage.guilds.save_rules(guild_id, rules, now)

    async def set_announcements(
        self, guild: GuildConfig, channel_id: int | None, weekday: int, at: time, now: datetime
    ) -> None:
        """Where and when the weekly announcement goes out (None: the default channel)."""
        await self._storage.guilds.save_announcements(guild.guild_id, channel_id, weekday, at, guild.reminders, now)

    async def set_language(self, guild_id: int, language: str, now: datetime) -> GuildConfig:
        """Switch the language of posts and announcements; returns the settings as they are now."""
        await self._storage.guilds.set_language(guild_id, language, now)
        return await self._storage.guilds.get(guild_id)

    async def set_manager_role(self, guild_id: int, role_id: int | None, now: datetime) -> None:
        """The role whose members are managers too (None: only Manage Server)."""
        await self._storage.guilds.set_manager_role(guild_id, role_id, now)
