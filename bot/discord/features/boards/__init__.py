"""Standings: /leaderboard, /me, /week announce and the weekly announcement with its chart."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.features.boards.announcements import Announcer
from bot.discord.features.boards.cog import BoardsCog
from bot.discord.features.boards.job import AnnouncementsJob


async def setup(bot: MomentosBot) -> None:
    """Add the boards' commands and the weekly announcement's job."""
    announcer = Announcer(bot)
    bot.scheduler.add(AnnouncementsJob(bot.services, announcer))
    await bot.add_cog(BoardsCog(bot.scheduler, announcer))
