"""Who may do what, decided on the server for every call (Discord's default permissions are only a hint)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.domain.state import GuildConfig

T = TypeVar("T")


class NotManager(app_commands.CheckFailure):
    """The caller lacks Manage Server and the configured manager role."""


def is_manager(member: discord.Member | discord.User, config: GuildConfig) -> bool:
    """Manage Server (or Administrator), or the guild's manager role if one is set."""
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild or member.guild_permissions.administrator:
        return True
    return config.manager_role_id is not None and any(role.id == config.manager_role_id for role in member.roles)


def manager_only() -> Callable[[T], T]:
    """An app-command check that refuses non-managers with NotManager.

    Put it on a manager command's autocomplete callbacks too: discord.py then offers others no suggestions (a
    client shown the command by an admin's override would otherwise list teams and unposted custom challenges).
    """

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        from bot.discord.client import services_of

        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        config = await services_of(interaction).setup.config(interaction.guild_id)
        if not is_manager(interaction.user, config):
            raise NotManager()
        return True

    return app_commands.check(predicate)
