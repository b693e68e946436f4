"""Reflections on Discord: the form, the thread under the day's post, and the messages teammates give kudos on."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.embeds import reflection_embed
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.model import Text
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig, Post, Reflection
from bot.services.reflections import MAX_REFLECTION

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot

log = logging.getLogger("momentos.reflections")

MODAL_PREFIX = "momentos:reflection:"
TEXT_FIELD = "texto"


def reflection_modal(post_id: int, prompts: tuple[Text, ...], min_length: int, language: str) -> discord.ui.Modal:
    """The form: the scenario's prompts, then a long text box. Handled statelessly (see GuardCog)."""
    modal = discord.ui.Modal(title=t(language, "reflect.title"), custom_id=f"{MODAL_PREFIX}{post_id}", timeout=None)
    shown = "\n".join(f"• {prompt.get(language)}" for prompt in prompts)
    if shown:
        modal.add_item(discord.ui.TextDisplay(shown[:4000]))
    field: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=TEXT_FIELD,
        style=discord.TextStyle.paragraph,
        min_length=min(min_length, MAX_REFLECTION),
        max_length=MAX_REFLECTION,
        placeholder=t(language, "reflect.placeholder")[:100],
        required=True,
    )
    modal.add_item(discord.ui.Label(text=t(language, "reflect.label", min=min_length)[:45], component=field))
    return modal


def submitted_text(data: dict[str, Any], field: str = TEXT_FIELD) -> str:
    """The value of a text input in a modal submit, whether wrapped in a label or an action row."""

    def walk(components: list[Any]) -> str | None:
        for component in components:
            if not isinstance(component, dict):
                continue
            if component.get("custom_id") == field and isinstance(component.get("value"), str):
                return str(component["value"])
            inner = component.get("component")
            found = walk([inner] if isinstance(inner, dict) else []) or walk(component.get("components") or [])
            if found is not None:
                return found
        return None

    return walk(list(data.get("components") or [])) or ""


def reflection_view(reflection_id: int, kudos: int, highlighted: bool, language: str) -> discord.ui.View:
    """Kudos and highlight buttons (DynamicItems: they work after restarts; every click is re-checked)."""
    from bot.discord.components import HighlightButton, KudosButton

    view = discord.ui.View(timeout=None)
    view.add_item(KudosButton(str(reflection_id), label=f"👏 {t(language, 'reflect.kudos')} ({kudos})"))
    view.add_item(
        HighlightButton(str(reflection_id), label=f"⭐ {t(language, 'reflect.highlight')}", disabled=highlighted)
    )
    return view


class Threads:
    """Finds or opens the thread under a day's post and shows reflections in it."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    async def thread_of(self, post: Post, title: str, language: str) -> discord.Thread | None:
        """The post's reflections thread, created on first use; None if Discord refuses."""
        post = await self.bot.services.storage.posts.get(post.post_id) or post
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
        await self.bot.services.storage.posts.set_thread(post.post_id, thread.id)
        return thread

    async def show(self, guild: GuildConfig, post: Post, reflection: Reflection, title: str) -> bool:
        """Post one reflection into the thread (once); False if it could not be shown."""
        if reflection.message_id is not None:
            return True
        thread = await self.thread_of(post, title, guild.language)
        if thread is None:
            return False
        try:
            message = await thread.send(
                embed=reflection_embed(
                    reflection.body, reflection.user_id, 0, reflection.highlighted_by is not None, guild.language
                ),
                view=reflection_view(
                    reflection.reflection_id, 0, reflection.highlighted_by is not None, guild.language
                ),
                allowed_mentions=NO_PINGS,
            )
        except discord.HTTPException as error:
            log.warning("cannot show reflection %s: %s %s", reflection.reflection_id, error.status, error.text)
            return False
        await self.bot.services.storage.reflections.set_message(reflection.reflection_id, message.id)
        return True

    async def show_all(self, guild: GuildConfig, post: Post, title: str) -> int:
        """Show every reflection of a post not shown yet (at close, for after_close visibility)."""
        if guild.visibility is Visibility.MANAGERS_ONLY:
            return 0
        shown = 0
        for reflection in await self.bot.services.reflections.of_post(post.post_id):
            shown += await self.show(guild, post, reflection, title)
        return shown
