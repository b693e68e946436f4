"""What the bot may do in a channel, read from Discord's computed permissions as the flag names readiness uses."""

from __future__ import annotations

import discord

from bot.domain.readiness import NEEDED_PERMISSIONS


def granted_permissions(channel: discord.abc.GuildChannel, me: discord.Member) -> frozenset[str]:
    """The needed permissions the bot has in `channel` (overwrites and roles applied by discord.py)."""
    granted = channel.permissions_for(me)
    return frozenset(name for name, _ in NEEDED_PERMISSIONS if getattr(granted, name))
