"""Buttons that survive restarts: every Momentos component is a DynamicItem whose custom_id is untrusted input.

A custom_id only says which post or reflection a click claims to be about; every handler re-checks guild,
channel, team role and state in the database, and refuses anything else politely without side effects.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discord.checks import is_manager
from bot.discord.client import bot_of, services_of
from bot.discord.embeds import answer_embed, letter, reflection_embed, timestamp
from bot.discord.replies import NO_PINGS, custom_id_of, expired, reply
from bot.discord.texts import language_of, t
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig
from bot.services.answers import Closed, NotInTeam, Rejected, Repeated, Scored, parse_answer_ids
from bot.services.reflections import (
    AlreadyHighlighted,
    AlreadyReflected,
    Highlighted,
    Invite,
    KudosGiven,
    KudosRefused,
    NotAScenario,
    Stored,
    TooShort,
)
from bot.storage import DATABASE_ERRORS

log = logging.getLogger("momentos.components")

NAMESPACE = "momentos:"
ID = r"[^:]{1,20}"

Handler = Callable[[discord.Interaction[Any]], Awaitable[None]]


def parse_id(raw: str) -> int | None:
    """A database id from a custom_id part, or None if it is not even well-formed."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 19 else None


async def context(interaction: discord.Interaction[Any]) -> tuple[GuildConfig | None, str]:
    """The guild's settings (None outside a guild) and the language to answer this person in."""
    if interaction.guild_id is None:
        return None, language_of(interaction, "es")
    config = await services_of(interaction).setup.config(interaction.guild_id)
    return config, language_of(interaction, config.language)


def role_ids(interaction: discord.Interaction[Any]) -> set[int]:
    """The roles the interaction says the member has."""
    member = interaction.user
    return {role.id for role in member.roles} if isinstance(member, discord.Member) else set()


async def refuse(interaction: discord.Interaction[Any], language: str, why: str) -> None:
    """The polite answer to a click that refers to nothing valid."""
    log.warning("refused custom_id=%r user=%s: %s", custom_id_of(interaction), interaction.user.id, why)
    await reply(interaction, t(language, "answer.invalid"))


async def not_in_team(interaction: discord.Interaction[Any], language: str, outcome: NotInTeam) -> None:
    """Tell a member which team the post belongs to and which role they would need."""
    team = discord.utils.escape_markdown(outcome.team.name)
    await reply(interaction, t(language, "answer.not_member", team=team, role=f"<@&{outcome.team.role_id}>"))


class _Button(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"momentos:_:(?P<id>.+)"):
    """Shared shape: one id in the custom_id, the label kept from the message."""

    action = "_"
    style = discord.ButtonStyle.secondary

    def __init__(self, raw: str, *, label: str = "?", disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=self.style, custom_id=f"momentos:{self.action}:{raw}", disabled=disabled
            )
        )
        self.raw = raw

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Any:
        """Rebuild from a click; never raises (discord.py would drop the click silently)."""
        return cls(match["id"], label=getattr(item, "label", None) or "?")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Run the handler, answering privately whatever happens."""
        await guarded(interaction, self.handle)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """What the button does."""
        raise NotImplementedError


def answer_button(post: str, choice: str, *, label: str, disabled: bool = False) -> discord.ui.Button[Any]:
    """A choice on a daily post: a plain button whose custom_id is routed by `route_answer` (never stored)."""
    return discord.ui.Button(
        label=label, style=discord.ButtonStyle.primary, custom_id=f"momentos:answer:{post}:{choice}", disabled=disabled
    )


ANSWER_ID = re.compile(rf"momentos:answer:(?P<post>{ID}):(?P<choice>[^:]{{1,3}})")


async def route_answer(interaction: discord.Interaction[Any], custom_id: str) -> None:
    """Answer clicks are routed here straight from their custom_id, not through discord.py's DynamicItem.

    For every DynamicItem click discord.py rebuilds the whole message as a View first; answers come in
    bursts of thousands, so they skip that (a restart changes nothing: the custom_id says it all).
    """
    found = ANSWER_ID.fullmatch(custom_id)
    if found is None:
        await guarded(interaction, refuse_component)
    else:
        await guarded(interaction, lambda i: answer_click(i, found["post"], found["choice"]))


async def answer_click(interaction: discord.Interaction[Any], post: str, choice: str) -> None:
    """Score a click on a choice (or explain why not), privately."""
    services = services_of(interaction)
    config, language = await context(interaction)
    ids = parse_answer_ids(post, choice)
    member = interaction.user
    if ids is None or config is None or interaction.channel_id is None or not isinstance(member, discord.Member):
        await refuse(interaction, language, "malformed answer")
        return
    outcome = await services.answers.answer(
        guild=config,
        channel_id=interaction.channel_id,
        user_id=member.id,
        role_ids=role_ids(interaction),
        post_id=ids[0],
        choice_index=ids[1],
        now=services.clock.now(),
    )
    if isinstance(outcome, Scored):
        log.debug(  # at INFO, a burst of thousands of clicks would spend its time writing logs
            "answer guild=%s team=%s post=%s user=%s correct=%s points=%s",
            config.guild_id,
            outcome.team.team_id,
            ids[0],
            member.id,
            outcome.answer.correct,
            outcome.points,
        )
        await reply(interaction, embed=answer_embed(outcome, language))
    elif isinstance(outcome, Repeated):
        await reply(interaction, t(language, "answer.repeated", letter=letter(outcome.previous.choice_index)))
    elif isinstance(outcome, Closed):
        await reply(interaction, t(language, "answer.closed", closed=timestamp(outcome.closed_at, "R")))
    elif isinstance(outcome, NotInTeam):
        await not_in_team(interaction, language, outcome)
    else:
        await refuse(interaction, language, outcome.reason)


class ReflectButton(_Button, template=rf"momentos:reflect:(?P<id>{ID})"):
    """Opens the reflection form of a scenario post."""

    action = "reflect"
    style = discord.ButtonStyle.success

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """Check the member may reflect now, then open the form."""
        from bot.discord.reflections import reflection_modal

        services = services_of(interaction)
        config, language = await context(interaction)
        post_id = parse_id(self.raw)
        if post_id is None or config is None or interaction.channel_id is None:
            await refuse(interaction, language, "malformed reflect")
            return
        outcome = await services.reflections.invite(
            config,
            channel_id=interaction.channel_id,
            post_id=post_id,
            user_id=interaction.user.id,
            role_ids=role_ids(interaction),
            now=services.clock.now(),
        )
        if isinstance(outcome, Invite):
            modal = reflection_modal(post_id, outcome.prompts, outcome.min_length, language)
            await interaction.response.send_modal(modal)
            modal.stop()  # submissions are handled statelessly by GuardCog, so they survive restarts
        else:
            await explain_reflection(interaction, language, outcome)


async def explain_reflection(interaction: discord.Interaction[Any], language: str, outcome: object) -> None:
    """Why a member cannot reflect (shared by the button and the form submission)."""
    if isinstance(outcome, NotAScenario):
        await reply(interaction, t(language, "reflect.not_scenario"))
    elif isinstance(outcome, AlreadyReflected):
        await reply(interaction, t(language, "reflect.already"))
    elif isinstance(outcome, Closed):
        await reply(interaction, t(language, "reflect.closed", closed=timestamp(outcome.closed_at, "R")))
    elif isinstance(outcome, NotInTeam):
        await not_in_team(interaction, language, outcome)
    elif isinstance(outcome, Rejected):
        await refuse(interaction, language, outcome.reason)
    else:
        raise TypeError(f"unexpected outcome {outcome!r}")


async def submit_reflection(interaction: discord.Interaction[Any], post_raw: str) -> None:
    """A reflection form came back: store it (or hand the text back), then show it if the server wants it shown."""
    from bot.discord.reflections import Threads, submitted_text

    services = services_of(interaction)
    config, language = await context(interaction)
    post_id = parse_id(post_raw)
    if post_id is None or config is None or interaction.channel_id is None:
        await refuse(interaction, language, "malformed reflection form")
        return
    text = submitted_text(dict(interaction.data or {}))
    outcome = await services.reflections.submit(
        config,
        channel_id=interaction.channel_id,
        post_id=post_id,
        user_id=interaction.user.id,
        role_ids=role_ids(interaction),
        text=text,
        now=services.clock.now(),
    )
    if isinstance(outcome, TooShort):
        quoted = discord.utils.escape_markdown(outcome.text) or "—"
        message = t(language, "reflect.too_short", length=outcome.length, min=outcome.min_length)
        await reply(interaction, f"{message}\n>>> {quoted}"[:2000])
        return
    if not isinstance(outcome, Stored):
        await explain_reflection(interaction, language, outcome)
        return
    log.info(
        "reflection guild=%s post=%s user=%s points=%s", config.guild_id, post_id, interaction.user.id, outcome.points
    )
    visibility = config.visibility
    await reply(
        interaction,
        t(language, "reflect.saved", points=outcome.points) + "\n" + t(language, f"reflect.saved.{visibility.value}"),
    )
    if visibility is Visibility.IMMEDIATE:
        title = outcome.target.item.title.get(config.language)
        await Threads(bot_of(interaction)).show(config, outcome.target.post, outcome.reflection, title)


class KudosButton(_Button, template=rf"momentos:kudos:(?P<id>{ID})"):
    """A teammate's kudos on a reflection."""

    action = "kudos"

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """Give the kudos if the rules allow it, and update the count on the reflection."""
        services = services_of(interaction)
        config, language = await context(interaction)
        reflection_id = parse_id(self.raw)
        if reflection_id is None or config is None or not await on_its_message(interaction, reflection_id):
            await refuse(interaction, language, "kudos not on its reflection's message")
            return
        outcome = await services.reflections.kudos(
            config,
            reflection_id=reflection_id,
            giver_id=interaction.user.id,
            role_ids=role_ids(interaction),
            now=services.clock.now(),
        )
        if isinstance(outcome, KudosGiven):
            author = f"<@{outcome.reflection.user_id}>"
            key = "kudos.counted" if outcome.verdict == "counted" else "kudos.recorded"
            await reply(interaction, t(language, key, author=author, points=config.scoring.kudos))
            await refresh_reflection(interaction, config, outcome.reflection.reflection_id, outcome.kudos)
        elif isinstance(outcome, KudosRefused):
            await reply(interaction, t(language, f"kudos.{outcome.verdict.value}", limit=outcome.limit))
        elif isinstance(outcome, NotInTeam):
            await not_in_team(interaction, language, outcome)
        else:
            await refuse(interaction, language, outcome.reason)


class HighlightButton(_Button, template=rf"momentos:highlight:(?P<id>{ID})"):
    """A manager highlights a reflection: points for its author and a word in the team channel."""

    action = "highlight"

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """Check authority on the server, highlight once, announce it."""
        services = services_of(interaction)
        config, language = await context(interaction)
        reflection_id = parse_id(self.raw)
        if reflection_id is None or config is None or not await on_its_message(interaction, reflection_id):
            await refuse(interaction, language, "highlight not on its reflection's message")
            return
        if not is_manager(interaction.user, config):
            await reply(interaction, t(language, "error.not_manager"))
            return
        outcome = await services.reflections.highlight(
            config, reflection_id=reflection_id, manager_id=interaction.user.id, now=services.clock.now()
        )
        if isinstance(outcome, AlreadyHighlighted):
            await reply(interaction, t(language, "highlight.already"))
            return
        if not isinstance(outcome, Highlighted):
            await refuse(interaction, language, outcome.reason)
            return
        author = f"<@{outcome.reflection.user_id}>"
        await reply(interaction, t(language, "highlight.done", author=author, points=outcome.points))
        kudos = await services.storage.reflections.kudos_count(reflection_id)
        await refresh_reflection(interaction, config, reflection_id, kudos)
        await announce_highlight(interaction, config, outcome)


async def on_its_message(interaction: discord.Interaction[Any], reflection_id: int) -> bool:
    """Kudos and highlights count only from the reflection's own message in the thread.

    A custom_id is untrusted: the same id pressed anywhere else, or naming a reflection never shown (not yet
    closed, or managers only), refers to nothing the clicker could read, and must neither score nor reveal its author.
    """
    reflection = await services_of(interaction).storage.reflections.get(reflection_id)
    message = interaction.message
    return reflection is not None and message is not None and reflection.message_id == message.id


async def refresh_reflection(
    interaction: discord.Interaction[Any], config: GuildConfig, reflection_id: int, kudos: int
) -> None:
    """Show the new kudos count / highlight on the reflection's message (best effort)."""
    from bot.discord.reflections import reflection_view

    reflection = await services_of(interaction).storage.reflections.get(reflection_id)
    message = interaction.message
    if reflection is None or message is None or message.id != reflection.message_id:
        return
    highlighted = reflection.highlighted_by is not None
    try:
        await message.edit(
            embed=reflection_embed(reflection.body, reflection.user_id, kudos, highlighted, config.language),
            view=reflection_view(reflection_id, kudos, highlighted, config.language),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException as error:
        log.warning("could not refresh reflection %s: %s", reflection_id, error.status)


async def announce_highlight(interaction: discord.Interaction[Any], config: GuildConfig, outcome: Highlighted) -> None:
    """Tell the team, in its channel, whose reflection a manager highlighted (no pings)."""
    channel = interaction.client.get_channel(outcome.target.team.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return
    title = outcome.target.item.title.get(config.language)
    text = t(
        config.language,
        "highlight.announce",
        manager=f"<@{interaction.user.id}>",
        author=f"<@{outcome.reflection.user_id}>",
        title=discord.utils.escape_markdown(title),
    )
    quote = discord.utils.escape_markdown(outcome.reflection.body)
    try:
        await channel.send(f"{text}\n>>> {quote}"[:2000], allowed_mentions=NO_PINGS)
    except discord.HTTPException as error:
        log.warning("could not announce highlight in team channel %s: %s", channel.id, error.status)


class ForgetButton(_Button, template=r"momentos:forget:(?P<id>.{0,90})"):
    """Confirms erasing a member (`<user>:<requester>`); only the requester may press it, re-checked on click."""

    action = "forget"
    style = discord.ButtonStyle.danger

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """Erase after re-checking who pressed it."""
        from bot.discord.cogs.records import confirm_forget

        await confirm_forget(interaction, self.raw)


class UnknownMomentosButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    # Exactly the complement of the other templates (discord.py drops a click no template matches, in silence):
    # `momentos:kudos:` with an empty, over-long or colon-laden id must land here too. Answers: see route_answer.
    template=r"momentos:(?!(?:reflect|kudos|highlight|draft):[^:]{1,20}\Z|forget:.{0,90}\Z|answer:)(?P<rest>(?s:.*))",
):
    """Any other id in our namespace: an old, future, malformed or forged button. Refuse it politely."""

    def __init__(self, rest: str) -> None:
        super().__init__(discord.ui.Button(label="?", custom_id=f"momentos:{rest}"))  # as clicked: never sent

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> UnknownMomentosButton:
        """Rebuild from the click."""
        return cls(match["rest"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Say the button is not valid."""
        await guarded(interaction, refuse_component)


async def refuse_component(interaction: discord.Interaction[Any]) -> None:
    """The polite answer to a button Momentos does not recognise."""
    _, language = await context(interaction)
    await refuse(interaction, language, "unknown component")


async def guarded(interaction: discord.Interaction[Any], handler: Handler) -> None:
    """Run a component handler; on any error log it and still answer the person (never silence)."""
    try:
        await handler(interaction)
    except Exception as error:
        if expired(error):
            log.warning("answered too late (interaction expired) custom_id=%r", custom_id_of(interaction))
            return
        log.exception("component handler failed custom_id=%r", custom_id_of(interaction))
        key = "error.storage" if isinstance(error, DATABASE_ERRORS) else "error.generic"
        try:
            await reply(interaction, t(language_of(interaction, "es"), key))
        except discord.HTTPException:
            log.exception("could not even apologise for the failed component")


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (  # answers: see route_answer
    ReflectButton,
    KudosButton,
    HighlightButton,
    ForgetButton,
    UnknownMomentosButton,
)
