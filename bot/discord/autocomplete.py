"""Suggestions shared by several commands while a person types."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.discord.context import services_of


async def team_choices(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    """The server's team names containing what was typed (Discord shows at most 25)."""
    teams = await services_of(interaction).setup.teams(interaction.guild_id or 0)
    typed = current.casefold()
    return [app_commands.Choice(name=team.name, value=team.name) for team in teams if typed in team.name.casefold()][
        :25
    ]
