"""/help: the game in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import services_of
from bot.discord.embeds import BRAND
from bot.discord.replies import reply
from bot.discord.texts import language_of, t

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot


class HelpCog(commands.Cog):
    """Explains Momentos."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="How Momentos works, in a few lines")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        """Show the rules of the game privately."""
        config = await services_of(interaction).setup.config(interaction.guild_id or 0)
        language = language_of(interaction, config.language)
        embed = discord.Embed(title=t(language, "help.title"), description=t(language, "help.body"), colour=BRAND)
        await reply(interaction, embed=embed)
