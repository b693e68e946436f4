"""Reviews: each person meets again, privately, what their memory most needs; and the "¿Seguro?" taps."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind
from bot.discord.features.reviews.cog import ReviewCog
from bot.discord.features.reviews.handlers import answer, from_post, sure_of_answer, sure_of_review
from bot.discord.features.reviews.job import MemoryJob


async def setup(bot: MomentosBot) -> None:
    """Add /review, route 🔁, the review choices and the "¿Seguro?" taps, and fit memory parameters weekly."""
    bot.router.on(Kind.REVIEWS, from_post)
    bot.router.on(Kind.REVIEW_ANSWER, answer)
    bot.router.on(Kind.SURE_ANSWER, sure_of_answer)
    bot.router.on(Kind.SURE_REVIEW, sure_of_review)
    await bot.add_cog(ReviewCog())
    bot.scheduler.add(MemoryJob(bot.services))
