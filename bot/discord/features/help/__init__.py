"""/help: the game in a few lines."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import MomentosBot
from bot.discord.context import call_of
from bot.discord.look import BRAND


class HelpCog(commands.Cog):
    """Explains Momentos."""

    @app_commands.command(name="help", description="How Momentos works, in a few lines")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        """Show the rules of the game privately."""
        call = await call_of(interaction)
        embed = discord.Embed(title=call.t("help.title"), description=call.t("help.body"), colour=BRAND)
        await call.reply(embed=embed)


async def setup(bot: MomentosBot) -> None:
    """Add /help."""
    await bot.add_cog(HelpCog())
