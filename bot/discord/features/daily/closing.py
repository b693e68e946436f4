"""The end of a post's window on Discord: reveal the answer, disable the buttons, show reflections; reminders."""

from __future__ import annotations

import logging

import discord

from bot.discord.client import MomentosBot
from bot.discord.features.daily.embeds import reveal_embed
from bot.discord.features.daily.posting import Poster
from bot.discord.features.reflections.threads import Threads
from bot.discord.look import message_link, timestamp
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig, Post

log = logging.getLogger("momentos.closing")


class Closer:
    """Reveals closed posts and sends reminders; every step is recorded so nothing happens twice."""

    def __init__(self, bot: MomentosBot, poster: Poster, threads: Threads) -> None:
        self.bot = bot
        self.poster = poster
        self.threads = threads

    async def close(self, post: Post) -> bool:
        """Edit the post into its revealed form and show reflections kept for the close; True when done."""
        services = self.bot.services
        reveal = await services.closing.reveal(post)
        if reveal is None:
            await services.closing.closed(post, services.clock.now())
            return False
        language = reveal.guild.language
        channel = self.bot.get_channel(post.channel_id)
        if isinstance(channel, discord.TextChannel) and post.message_id is not None:
            try:
                reviews = reveal.guild.reviews.per_day > 0
                view = self.poster.view(post.post_id, reveal.item, language, closed=True, reviews=reviews)
                await channel.get_partial_message(post.message_id).edit(
                    embed=reveal_embed(reveal, services.catalog, language), view=view, allowed_mentions=NO_PINGS
                )
                view.stop()
            except discord.NotFound:
                log.warning("post %s: its message is gone; closing it without a reveal", post.post_id)
            except discord.HTTPException as error:
                log.warning("post %s: reveal failed (%s); will retry", post.post_id, error.status)
                return False
        if reveal.guild.visibility is Visibility.AFTER_CLOSE and reveal.reflections:
            await self.threads.show_all(reveal.guild, post, reveal.item.title.get(language))
        await services.closing.closed(post, services.clock.now())
        log.info("closed post=%s answers=%s reflections=%s", post.post_id, reveal.answers, len(reveal.reflections))
        return True

    async def remind(self, guild: GuildConfig, post: Post) -> None:
        """A gentle reminder in the team channel at 80% of the window (no pings), at most once.

        Claimed before it is sent: a crash in between loses one reminder rather than sending it twice.
        """
        services = self.bot.services
        if not await services.closing.claim_reminder(post, services.clock.now()):
            return
        team = await services.setup.team(post.team_id)
        channel = self.bot.get_channel(post.channel_id)
        if team is not None and isinstance(channel, discord.TextChannel) and post.closes_at and post.message_id:
            text = t(
                guild.language,
                "reminder",
                team=discord.utils.escape_markdown(team.name),
                closes=timestamp(post.closes_at, "R"),
                link=message_link(guild.guild_id, post.channel_id, post.message_id),
            )
            try:
                await channel.send(text, allowed_mentions=NO_PINGS)
            except discord.HTTPException as error:
                log.warning("reminder for post %s failed: %s", post.post_id, error.status)
