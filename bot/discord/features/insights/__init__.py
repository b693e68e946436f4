"""Coaching insight: /insights for managers and team leads."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.features.insights.cog import InsightsCog


async def setup(bot: MomentosBot) -> None:
    """Add /insights."""
    await bot.add_cog(InsightsCog())
