"""Coaching insight: /insights for managers and team leads, and the weekly coaching digest for managers."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.features.insights.cog import InsightsCog
from bot.discord.features.insights.digest import Digester, DigestJob


async def setup(bot: MomentosBot) -> None:
    """Add /insights and /config insights, and the weekly coaching digest's job."""
    await bot.add_cog(InsightsCog())
    bot.scheduler.add(DigestJob(bot.services, Digester(bot)))
