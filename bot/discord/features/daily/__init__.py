"""The daily game: post each team's challenge, score the answers, remind, reveal at the close; /challenge post."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind
from bot.discord.features.daily.answering import answer
from bot.discord.features.daily.closing import Closer
from bot.discord.features.daily.cog import ChallengeCog
from bot.discord.features.daily.job import DailyJob
from bot.discord.features.daily.posting import Poster
from bot.discord.features.reflections.threads import Threads


async def setup(bot: MomentosBot) -> None:
    """Add /challenge, the answer buttons and the daily job to the bot."""
    poster = Poster(bot)
    bot.scheduler.add(DailyJob(bot.services, poster, Closer(bot, poster, Threads(bot))))
    bot.router.on(Kind.ANSWER, answer)
    await bot.add_cog(ChallengeCog(poster))
