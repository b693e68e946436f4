"""Kudos and highlights: teammates' 👏 and a manager's ⭐ on a reflection shown in its thread."""

from __future__ import annotations

import logging

import discord

from bot.discord.context import Call
from bot.discord.custom_ids import CustomId
from bot.discord.features.reflections.embeds import reflection_embed
from bot.discord.features.reflections.threads import reflection_view
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.services.answers import NotInTeam
from bot.services.reflections import AlreadyHighlighted, Highlighted, KudosGiven, KudosRefused

log = logging.getLogger("momentos.reflections")


async def on_its_message(call: Call, reflection_id: int) -> bool:
    """Kudos and highlights count only from the reflection's own message in the thread.

    A custom_id is untrusted: the same id pressed anywhere else, or naming a reflection never shown (not yet
    closed, or managers only), refers to nothing the clicker could read, and must neither score nor reveal its author.
    """
    reflection = await call.services.reflections.get(reflection_id)
    message = call.interaction.message
    return reflection is not None and message is not None and reflection.message_id == message.id


async def refresh(call: Call, reflection_id: int, kudos: int) -> None:
    """Show the new kudos count (and highlight) on the reflection's message."""
    reflection = await call.services.reflections.get(reflection_id)
    message = call.interaction.message
    if reflection is None or message is None or message.id != reflection.message_id:
        return
    highlighted = reflection.highlighted_by is not None
    language = call.config.language
    view = reflection_view(reflection_id, kudos, highlighted, language)
    try:
        await message.edit(
            embed=reflection_embed(reflection.body, reflection.user_id, kudos, highlighted, language),
            view=view,
            allowed_mentions=NO_PINGS,
        )
        view.stop()
    except discord.HTTPException as error:
        log.warning("could not refresh reflection %s: %s", reflection_id, error.status)


async def give_kudos(call: Call, clicked: CustomId) -> None:
    """Give the kudos if the rules allow it, and update the count on the reflection."""
    reflection_id = clicked.first
    if not await on_its_message(call, reflection_id):
        await call.refuse("button.invalid", why="kudos not on its reflection's message")
        return
    outcome = await call.services.reflections.kudos(
        call.config, reflection_id=reflection_id, giver_id=call.user.id, role_ids=call.role_ids, now=call.now
    )
    if isinstance(outcome, KudosGiven):
        key = "kudos.counted" if outcome.verdict == "counted" else "kudos.recorded"
        await call.say(key, author=f"<@{outcome.reflection.user_id}>", points=call.config.scoring.kudos)
        await refresh(call, outcome.reflection.reflection_id, outcome.kudos)
    elif isinstance(outcome, KudosRefused):
        await call.say(f"kudos.{outcome.verdict.value}", limit=outcome.limit)
    elif isinstance(outcome, NotInTeam):
        await call.refuse("kudos.not_teammate", why="kudos from another team", team=escape(outcome.team.name))
    else:
        await call.refuse("button.invalid", why=outcome.reason)


async def highlight(call: Call, clicked: CustomId) -> None:
    """Check authority on the server, highlight once, announce it."""
    reflection_id = clicked.first
    if not await on_its_message(call, reflection_id):
        await call.refuse("button.invalid", why="highlight not on its reflection's message")
        return
    if not call.is_manager:
        await call.refuse("highlight.not_manager", why="not a manager")
        return
    outcome = await call.services.reflections.highlight(
        call.config, reflection_id=reflection_id, manager_id=call.user.id, now=call.now
    )
    if isinstance(outcome, AlreadyHighlighted):
        await call.say("highlight.already")
        return
    if not isinstance(outcome, Highlighted):
        await call.refuse("button.invalid", why=outcome.reason)
        return
    await call.say("highlight.done", author=f"<@{outcome.reflection.user_id}>", points=outcome.points)
    await refresh(call, reflection_id, await call.services.reflections.kudos_count(reflection_id))
    await announce(call, outcome)


async def announce(call: Call, outcome: Highlighted) -> None:
    """Tell the team, in its channel, whose reflection a manager highlighted (no pings)."""
    channel = call.interaction.client.get_channel(outcome.target.team.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return
    language = call.config.language
    text = t(
        language,
        "highlight.announce",
        manager=f"<@{call.user.id}>",
        author=f"<@{outcome.reflection.user_id}>",
        title=escape(outcome.target.item.title.get(language)),
    )
    quote = escape(outcome.reflection.body)
    try:
        await channel.send(f"{text}\n>>> {quote}"[:2000], allowed_mentions=NO_PINGS)
    except discord.HTTPException as error:
        log.warning("could not announce highlight in team channel %s: %s", channel.id, error.status)


def escape(text: str) -> str:
    """User text shown with its markdown escaped, like everywhere else."""
    return discord.utils.escape_markdown(text)
