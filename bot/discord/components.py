"""Buttons that survive restarts: every Momentos component is a DynamicItem whose custom_id is untrusted input."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.discord.client import services_of
from bot.discord.embeds import answer_embed, letter, timestamp
from bot.discord.replies import custom_id_of, expired, reply
from bot.discord.texts import language_of, t
from bot.services.answers import Closed, NotInTeam, Rejected, Repeated, Scored, parse_answer_ids
from bot.storage import DATABASE_ERRORS

log = logging.getLogger("momentos.answers")

NAMESPACE = "momentos:"


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"momentos:answer:(?P<post>[^:]{1,20}):(?P<choice>[^:]{1,3})",
):
    """A choice on a daily post. The pattern is deliberately loose: the callback validates and refuses cleanly."""

    def __init__(self, post: str, choice: str, *, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=f"momentos:answer:{post}:{choice}"
            )
        )
        self.post = post
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AnswerButton:
        """Rebuild the button from a click; never raises (discord.py would drop the click silently)."""
        label = getattr(item, "label", None) or "?"
        return cls(match["post"], match["choice"], label=label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Score the click (or explain why not), privately."""
        await guarded(interaction, self._answer)

    async def _answer(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        guild_id = interaction.guild_id
        config = await services.setup.config(guild_id) if guild_id else None
        language = language_of(interaction, config.language if config else "es")
        ids = parse_answer_ids(self.post, self.choice)
        member = interaction.user
        if ids is None or guild_id is None or interaction.channel_id is None or not isinstance(member, discord.Member):
            log.warning("refused malformed answer custom_id=%r user=%s", self.custom_id, interaction.user.id)
            await reply(interaction, t(language, "answer.invalid"))
            return
        outcome = await services.answers.answer(
            guild_id=guild_id,
            channel_id=interaction.channel_id,
            user_id=member.id,
            role_ids={role.id for role in member.roles},
            post_id=ids[0],
            choice_index=ids[1],
            now=services.clock.now(),
        )
        if isinstance(outcome, Scored):
            log.info(
                "answer guild=%s team=%s post=%s user=%s correct=%s points=%s",
                guild_id,
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
            await reply(
                interaction,
                t(
                    language,
                    "answer.not_member",
                    team=discord.utils.escape_markdown(outcome.team.name),
                    role=f"<@&{outcome.team.role_id}>",
                ),
            )
        else:
            assert isinstance(outcome, Rejected)
            log.warning("refused answer custom_id=%r user=%s: %s", self.custom_id, member.id, outcome.reason)
            await reply(interaction, t(language, "answer.invalid"))


class UnknownMomentosButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"momentos:(?!answer:)(?P<rest>.{0,100})",
):
    """Any other id in our namespace: an old, future or forged button. Refuse it politely."""

    def __init__(self, rest: str) -> None:
        super().__init__(discord.ui.Button(label="?", custom_id=f"momentos:{rest}"[:100]))

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
    services = services_of(interaction)
    config = await services.setup.config(interaction.guild_id) if interaction.guild_id else None
    log.warning("refused unknown component custom_id=%r user=%s", custom_id_of(interaction), interaction.user.id)
    await reply(interaction, t(language_of(interaction, config.language if config else "es"), "answer.invalid"))


async def guarded(interaction: discord.Interaction[Any], handler: Any) -> None:
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


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (AnswerButton, UnknownMomentosButton)
