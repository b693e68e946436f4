"""One typed context per interaction, like RoboDanny's `cogs/utils/context.py`: read once, then used by the handler.

A `Call` holds what every handler needs — the services, the server's settings, the language to answer in,
the member and their roles, the time — and the ways to answer: `reply`, `say`, `refuse`, `defer`. It is
built once per interaction (by the manager check when there is one, else by the handler or the router)
and kept in `interaction.extras`, so nothing is read twice. `apologise` turns any failure of a command,
button or form into one polite private message in the person's language, never a traceback or silence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, TypeVar, cast

import discord
from discord import app_commands

from bot.discord.replies import custom_id_of, defer, expired, reply
from bot.discord.texts import CATALOGUE, language_of, t
from bot.domain.inputs import InputError
from bot.domain.state import GuildConfig
from bot.services import Services
from bot.services.errors import Unavailable

log = logging.getLogger("momentos.context")

CALL = "momentos.call"  # the Call of an interaction, in Interaction.extras
T = TypeVar("T")


class Surface(StrEnum):
    """What a person used: a slash command, a button (or menu) of a message, or a form."""

    COMMAND = "command"
    BUTTON = "button"
    FORM = "form"


def surface_of(interaction: discord.Interaction[Any]) -> Surface:
    """The kind of thing the person used (autocomplete counts as the command it completes)."""
    if interaction.type is discord.InteractionType.component:
        return Surface.BUTTON
    if interaction.type is discord.InteractionType.modal_submit:
        return Surface.FORM
    return Surface.COMMAND


class _Bot(Protocol):
    services: Services


def services_of(interaction: discord.Interaction[Any]) -> Services:
    """The services of the bot that received this interaction."""
    return cast(_Bot, interaction.client).services


class NotManager(app_commands.CheckFailure):
    """The caller lacks Manage Server and the configured manager role."""


def is_manager(member: discord.Member | discord.User, config: GuildConfig) -> bool:
    """Manage Server (or Administrator), or the guild's manager role if one is set."""
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild or member.guild_permissions.administrator:
        return True
    return config.manager_role_id is not None and any(role.id == config.manager_role_id for role in member.roles)


@dataclass(frozen=True, slots=True)
class Call:
    """An interaction in a server, read once: who, where, in which language, when; and how to answer."""

    interaction: discord.Interaction[Any]
    services: Services
    config: GuildConfig
    language: str
    now: datetime

    @property
    def guild_id(self) -> int:
        """The server the interaction happened in."""
        return self.config.guild_id

    @property
    def user(self) -> discord.Member | discord.User:
        """Who acted."""
        return self.interaction.user

    @property
    def member(self) -> discord.Member | None:
        """Who acted, as a member of the server (None if Discord did not say)."""
        user = self.interaction.user
        return user if isinstance(user, discord.Member) else None

    @property
    def role_ids(self) -> set[int]:
        """The roles the interaction says the member has."""
        member = self.member
        return {role.id for role in member.roles} if member is not None else set()

    @property
    def channel_id(self) -> int | None:
        """Where the interaction happened."""
        return self.interaction.channel_id

    @property
    def is_manager(self) -> bool:
        """Whether the person may use manager commands here (checked on the server, every time)."""
        return is_manager(self.interaction.user, self.config)

    @property
    def surface(self) -> Surface:
        """Command, button or form."""
        return surface_of(self.interaction)

    def t(self, key: str, /, **values: Any) -> str:
        """A sentence of the catalogue in the person's language."""
        return t(self.language, key, **values)

    async def reply(
        self,
        content: str | None = None,
        *,
        embed: discord.Embed | None = None,
        ephemeral: bool = True,
        view: discord.ui.View | None = None,
        file: discord.File | None = None,
    ) -> None:
        """Answer (privately unless told otherwise), or follow up if the interaction was deferred."""
        await reply(self.interaction, content, embed=embed, ephemeral=ephemeral, view=view, file=file)

    async def say(self, key: str, /, **values: Any) -> None:
        """Answer privately with one sentence of the catalogue."""
        await reply(self.interaction, self.t(key, **values))

    async def refuse(self, key: str, /, *, why: str, **values: Any) -> None:
        """Refuse privately with the refusal `key` (see `REFUSALS`), logging `why` for operators."""
        check_refusal(key, self.surface)
        log.info(
            "refused %s user=%s guild=%s custom_id=%r: %s",
            self.surface.value,
            self.interaction.user.id,
            self.config.guild_id,
            custom_id_of(self.interaction),
            why,
        )
        await self.say(key, **values)

    async def defer(self) -> None:
        """Show 'thinking…' privately; `reply` then completes it."""
        await defer(self.interaction)


# Every refusal a person can meet, and where they can meet it. A button's refusal must not talk about a
# command (or the reverse): `Call.refuse` checks the surface, and a test reads the wording of each.
REFUSALS: dict[str, frozenset[Surface]] = {
    "error.not_manager": frozenset({Surface.COMMAND}),
    "error.guild_only": frozenset({Surface.COMMAND}),
    "button.invalid": frozenset({Surface.BUTTON}),
    "form.invalid": frozenset({Surface.FORM}),
    "answer.not_member": frozenset({Surface.BUTTON}),
    "reflect.not_member": frozenset({Surface.BUTTON, Surface.FORM}),
    "kudos.not_teammate": frozenset({Surface.BUTTON}),
    "highlight.not_manager": frozenset({Surface.BUTTON}),
    "scenario.form.not_manager": frozenset({Surface.BUTTON, Surface.FORM}),
    "forget.not_manager": frozenset({Surface.BUTTON}),
    "forget.not_yours": frozenset({Surface.BUTTON}),
    "review.not_yours": frozenset({Surface.BUTTON}),
    "sure.not_yours": frozenset({Surface.BUTTON}),
    "insights.not_allowed": frozenset({Surface.COMMAND}),
}


def check_refusal(key: str, surface: Surface) -> None:
    """A refusal must be declared for the surface it is shown on (a programming error otherwise)."""
    allowed = REFUSALS.get(key)
    if allowed is None or surface not in allowed:
        raise ValueError(f"refusal {key!r} is not declared for a {surface.value}")


async def call_of(interaction: discord.Interaction[Any]) -> Call:
    """The interaction's Call, built on first use (NoPrivateMessage outside a server)."""
    found = interaction.extras.get(CALL)
    if isinstance(found, Call):
        return found
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    services = services_of(interaction)
    config = await services.setup.config(interaction.guild_id)
    call = Call(interaction, services, config, language_of(interaction, config.language), services.clock.now())
    interaction.extras[CALL] = call
    return call


def manager_only() -> Callable[[T], T]:
    """An app-command check that refuses non-managers with NotManager, building the interaction's Call.

    Put it on a manager command's autocomplete callbacks too: discord.py then offers others no suggestions (a
    client shown the command by an admin's override would otherwise list teams and unposted custom challenges).
    """

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        call = await call_of(interaction)
        if not call.is_manager:
            raise NotManager()
        return True

    return app_commands.check(predicate)


async def _language(interaction: discord.Interaction[Any]) -> str:
    """The language to apologise in: the Call's, else the server's setting, else Spanish (the data may be down)."""
    found = interaction.extras.get(CALL)
    if isinstance(found, Call):
        return found.language
    if interaction.guild_id is not None:
        try:
            config = await services_of(interaction).setup.config(interaction.guild_id)
        except Exception:
            log.warning("could not read the settings of guild=%s to apologise", interaction.guild_id)
        else:
            return language_of(interaction, config.language)
    return language_of(interaction, "es")


def _message(cause: BaseException, language: str, where: str) -> str:
    """What to tell the person about `cause` (logged here when it is the bot's fault)."""
    if isinstance(cause, NotManager):
        return t(language, "error.not_manager")
    if isinstance(cause, app_commands.NoPrivateMessage):
        return t(language, "error.guild_only")
    if isinstance(cause, app_commands.CommandOnCooldown):
        return t(language, "error.cooldown", seconds=round(cause.retry_after))
    if isinstance(cause, InputError):
        key = f"input.{cause.code}"
        detail = t(language, key, **cause.values) if key in CATALOGUE else str(cause)
        return t(language, "error.input", detail=detail)
    if isinstance(cause, app_commands.TransformerError):
        return t(language, "error.input", detail=str(cause))
    if isinstance(cause, app_commands.CheckFailure):
        return t(language, "error.not_manager")
    if isinstance(cause, Unavailable):
        log.error("storage failure in %s", where, exc_info=cause)
        return t(language, "error.storage")
    log.error("unexpected failure in %s", where, exc_info=cause)
    return t(language, "error.generic")


async def apologise(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Answer a failed command, button or form privately (never a traceback, never silence) and log it."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    command = interaction.command.qualified_name if interaction.command else None
    where = f"/{command}" if command else f"{surface_of(interaction).value} {custom_id_of(interaction)!r}"
    if expired(cause):
        log.warning("%s answered too late (interaction expired) user=%s", where, interaction.user.id)
        return
    if isinstance(cause, NotManager):
        log.info("refused %s to non-manager user=%s guild=%s", where, interaction.user.id, interaction.guild_id)
    message = _message(cause, await _language(interaction), where)
    try:
        await reply(interaction, message)
    except discord.HTTPException:
        log.exception("could not deliver the apology for %s", where)
