"""The thread under a day's post where reflections are shown, one message each with kudos and highlight buttons."""

from __future__ import annotations

import logging

import discord

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind, encode
from bot.discord.features.reflections.embeds import reflection_embed
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig, Post, Reflection

log = logging.getLogger("momentos.reflections")


def reflection_view(reflection_id: int, kudos: int, highlighted: bool, language: str) -> discord.ui.View:
    """Kudos and highlight buttons, routed from their custom_ids (restart-proof; every click is re-checked)."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=f"👏 {t(language, 'reflect.kudos')} ({kudos})", custom_id=encode(Kind.KUDOS, reflection_id)
        )
    )
    view.add_item(
        discord.ui.Button(
            label=f"⭐ {t(language, 'reflect.highlight')}",
            custom_id=encode(Kind.HIGHLIGHT, reflection_id),
            disabled=highlighted,
        )
    )
    return view


class Threads:
    """Finds or opens the thread under a day's post and shows reflections in it."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    async def thread_of(self, post: Post, title: str, language: str) -> discord.Thread | None:
        """The post's reflections thread, created on first use; None if Discord refuses."""
        post = await self.bot.services.posting.post(post.post_id) or post
        if post.thread_id is not None:
            channel = self.bot.get_channel(post.thread_id)
            if isinstance(channel, discord.Thread):
                return channel
            try:
                fetched = await self.bot.fetch_channel(post.thread_id)
                if isinstance(fetched, discord.Thread):
                    return fetched
            except discord.HTTPException:
                log.warning("thread %s of post %s is gone; opening a new one", post.thread_id, post.post_id)
        channel = self.bot.get_channel(post.channel_id)
        if not isinstance(channel, discord.TextChannel) or post.message_id is None:
            return None
        try:
            message = channel.get_partial_message(post.message_id)
            thread = await message.create_thread(
                name=t(language, "reflect.thread", title=title)[:100], auto_archive_duration=1440
            )
        except discord.HTTPException as error:
            log.warning("cannot open the reflections thread of post %s: %s %s", post.post_id, error.status, error.text)
            return None
        await self.bot.services.posting.thread_opened(post, thread.id)
        return thread

    async def show(self, guild: GuildConfig, post: Post, reflection: Reflection, title: str) -> bool:
        """Post one reflection into the thread (once); False if it could not be shown."""
        if reflection.message_id is not None:
            return True
        thread = await self.thread_of(post, title, guild.language)
        if thread is None:
            return False
        highlighted = reflection.highlighted_by is not None
        view = reflection_view(reflection.reflection_id, 0, highlighted, guild.language)
        try:
            message = await thread.send(
                embed=reflection_embed(reflection.body, reflection.user_id, 0, highlighted, guild.language),
                view=view,
                allowed_mentions=NO_PINGS,
            )
            view.stop()  # its clicks are routed from their custom_ids: discord.py need not keep the view
        except discord.HTTPException as error:
            log.warning("cannot show reflection %s: %s %s", reflection.reflection_id, error.status, error.text)
            return False
        await self.bot.services.reflections.shown(reflection, message.id)
        return True

    async def show_all(self, guild: GuildConfig, post: Post, title: str) -> int:
        """Show every reflection of a post not shown yet (at close, for after_close visibility)."""
        if guild.visibility is Visibility.MANAGERS_ONLY:
            return 0
        shown = 0
        for reflection in await self.bot.services.reflections.of_post(post.post_id):
            shown += await self.show(guild, post, reflection, title)
        return shown
