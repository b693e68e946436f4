"""/review: today's next review, privately (the same as 🔁 on the day's post)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.context import call_of
from bot.discord.features.reviews.handlers import offer_next


class ReviewCog(commands.Cog):
    """Reviews on demand."""

    @app_commands.command(name="review", description="Review a challenge you met, when your memory needs it (private)")
    @app_commands.guild_only()
    async def review(self, interaction: discord.Interaction[Any]) -> None:
        """Offer today's next review, or say why there is none."""
        await offer_next(await call_of(interaction))
