"""What stops a server from playing, told to its managers: the findings of `bot.domain.readiness` in words."""

from __future__ import annotations

import discord

from bot.discord.permissions import granted_permissions
from bot.discord.texts import t
from bot.domain.readiness import (
    ChannelMissing,
    Finding,
    MissingPermissions,
    NoContent,
    NoSchedule,
    NoTeams,
    missing_permissions,
)
from bot.domain.state import Team


def channel_access(guild: discord.Guild, teams: list[Team]) -> dict[int, frozenset[str] | None]:
    """For each team, the needed permissions the bot has in its channel (None: the channel is gone)."""
    access: dict[int, frozenset[str] | None] = {}
    for team in teams:
        channel = guild.get_channel(team.channel_id)
        access[team.team_id] = None if channel is None else granted_permissions(channel, guild.me)
    return access


def permission_names(missing: tuple[str, ...], language: str) -> str:
    """Permissions as the Discord client names them in the reader's language."""
    return ", ".join(t(language, f"permission.{name}") for name in missing)


def cannot_post(channel: discord.abc.GuildChannel, me: discord.Member, language: str) -> str | None:
    """The warning for a team channel the bot cannot fully use (None when every permission is there)."""
    missing = missing_permissions(granted_permissions(channel, me))
    if not missing:
        return None
    return t(language, "team.cannot_post", channel=f"<#{channel.id}>", missing=permission_names(missing, language))


def describe(finding: Finding, language: str) -> str:
    """One finding as a line of `/config show`."""
    if isinstance(finding, NoSchedule):
        return t(language, "config.schedule.missing")
    if isinstance(finding, NoTeams):
        return t(language, "config.teams.missing")
    if isinstance(finding, NoContent):
        return t(language, "challenge.no_content", language=finding.language)
    if isinstance(finding, ChannelMissing):
        name = discord.utils.escape_markdown(finding.team.name)
        return t(language, "team.channel_missing", team=name, channel=f"<#{finding.team.channel_id}>")
    assert isinstance(finding, MissingPermissions)
    missing = permission_names(finding.missing, language)
    return t(language, "team.cannot_post", channel=f"<#{finding.team.channel_id}>", missing=missing)
