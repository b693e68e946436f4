"""The reflection form: opened by the 📝 button of a scenario post, handled from its custom_id when it comes back."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord

from bot.discord.context import Call
from bot.discord.custom_ids import CustomId, Kind, encode
from bot.discord.features.reflections.threads import Threads
from bot.discord.forms import submitted_text
from bot.discord.look import timestamp
from bot.discord.texts import t
from bot.domain.model import Text
from bot.domain.settings import Visibility
from bot.services.answers import Closed, NotInTeam
from bot.services.reflections import (
    MAX_REFLECTION,
    AlreadyReflected,
    Invite,
    NotAScenario,
    ReflectOutcome,
    Stored,
    SubmitOutcome,
    TooLong,
    TooShort,
)

log = logging.getLogger("momentos.reflections")

TEXT_FIELD = "texto"
MESSAGE_LIMIT = 2000  # Discord's limit for a message's content


def reflection_modal(post_id: int, prompts: tuple[Text, ...], min_length: int, language: str) -> discord.ui.Modal:
    """The form: the scenario's prompts, then a long text box."""
    modal = discord.ui.Modal(
        title=t(language, "reflect.title"), custom_id=encode(Kind.REFLECTION_FORM, post_id), timeout=None
    )
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


async def explain(call: Call, outcome: ReflectOutcome | SubmitOutcome) -> None:
    """Why a member cannot reflect (shared by the button and the form)."""
    if isinstance(outcome, NotAScenario):
        await call.say("reflect.not_scenario")
    elif isinstance(outcome, AlreadyReflected):
        await call.say("reflect.already")
    elif isinstance(outcome, Closed):
        await call.say("reflect.closed", closed=timestamp(outcome.closed_at, "R"))
    elif isinstance(outcome, NotInTeam):
        team = discord.utils.escape_markdown(outcome.team.name)
        await call.refuse("reflect.not_member", why="not in the team", team=team, role=f"<@&{outcome.team.role_id}>")
    else:
        refusal = "form.invalid" if call.interaction.type is discord.InteractionType.modal_submit else "button.invalid"
        await call.refuse(refusal, why=getattr(outcome, "reason", type(outcome).__name__))


async def hand_back(call: Call, message: str, text: str) -> None:
    """Refuse a reflection without losing it: the text comes back quoted, or as a file when it is too long."""
    quoted = f"{message}\n>>> {discord.utils.escape_markdown(text) or '—'}"
    if len(quoted) <= MESSAGE_LIMIT:
        await call.reply(quoted)
        return
    file = discord.File(io.BytesIO(text.encode("utf-8")), filename="reflexion.txt")
    await call.interaction.response.send_message(message, file=file, ephemeral=True)


class ReflectionForm:
    """Opens the form and stores what comes back; `threads` shows it at once where the server wants that."""

    def __init__(self, threads: Threads) -> None:
        self.threads = threads

    async def open(self, call: Call, clicked: CustomId) -> None:
        """Check the member may reflect now, then open the form."""
        post_id = clicked.first
        if call.channel_id is None:
            await call.refuse("button.invalid", why="reflect outside a channel")
            return
        outcome = await call.services.reflections.invite(
            call.config,
            channel_id=call.channel_id,
            post_id=post_id,
            user_id=call.user.id,
            role_ids=call.role_ids,
            now=call.now,
        )
        if not isinstance(outcome, Invite):
            await explain(call, outcome)
            return
        modal = reflection_modal(post_id, outcome.prompts, outcome.min_length, call.language)
        await call.interaction.response.send_modal(modal)
        modal.stop()  # its submission is routed from its custom_id, so it survives restarts

    async def submit(self, call: Call, submitted: CustomId) -> None:
        """A reflection came back: store it (or hand the text back), then show it if the server wants it shown."""
        post_id = submitted.first
        if call.channel_id is None:
            await call.refuse("form.invalid", why="reflection outside a channel")
            return
        outcome = await call.services.reflections.submit(
            call.config,
            channel_id=call.channel_id,
            post_id=post_id,
            user_id=call.user.id,
            role_ids=call.role_ids,
            text=submitted_text(dict(call.interaction.data or {}), TEXT_FIELD),
            now=call.now,
        )
        if isinstance(outcome, TooShort):
            message = call.t("reflect.too_short", length=outcome.length, min=outcome.min_length)
            await hand_back(call, message, outcome.text)
            return
        if isinstance(outcome, TooLong):
            log.warning("refused a reflection of %s characters (a forged form) user=%s", outcome.length, call.user.id)
            message = call.t("reflect.too_long", length=outcome.length, max=outcome.max_length)
            await hand_back(call, message, outcome.text)
            return
        if not isinstance(outcome, Stored):
            await explain(call, outcome)
            return
        log.info("reflection guild=%s post=%s user=%s points=%s", call.guild_id, post_id, call.user.id, outcome.points)
        visibility = call.config.visibility
        saved = call.t("reflect.saved", points=outcome.points)
        await call.reply(saved + "\n" + call.t(f"reflect.saved.{visibility.value}"))
        if visibility is Visibility.IMMEDIATE:
            title = outcome.target.item.title.get(call.config.language)
            await self.threads.show(call.config, outcome.target.post, outcome.reflection, title)
