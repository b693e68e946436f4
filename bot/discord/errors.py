"""One place that turns any slash-command failure into a polite private message and a log line."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord.checks import NotManager
from bot.discord.replies import expired, reply
from bot.discord.texts import CATALOGUE, language_of, t
from bot.domain.inputs import InputError
from bot.storage import DATABASE_ERRORS

log = logging.getLogger("momentos.errors")


async def on_app_command_error(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
    """Answer the person (never a traceback, never silence) and log what went wrong."""
    language = language_of(interaction, "es")
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    command = interaction.command.qualified_name if interaction.command else "?"
    if expired(cause):
        log.warning("/%s answered too late (interaction expired) user=%s", command, interaction.user.id)
        return
    if isinstance(cause, NotManager):
        log.info("refused /%s to non-manager user=%s guild=%s", command, interaction.user.id, interaction.guild_id)
        message = t(language, "error.not_manager")
    elif isinstance(cause, app_commands.NoPrivateMessage):
        message = t(language, "error.guild_only")
    elif isinstance(cause, app_commands.CommandOnCooldown):
        message = t(language, "error.cooldown", seconds=round(cause.retry_after))
    elif isinstance(cause, InputError):
        key = f"input.{cause.code}"
        detail = t(language, key, **cause.values) if key in CATALOGUE else str(cause)
        message = t(language, "error.input", detail=detail)
    elif isinstance(cause, app_commands.TransformerError):
        message = t(language, "error.input", detail=str(cause))
    elif isinstance(cause, app_commands.CheckFailure):
        message = t(language, "error.not_manager")
    elif isinstance(cause, DATABASE_ERRORS):
        log.exception("storage failure in /%s", command, exc_info=cause)
        message = t(language, "error.storage")
    else:
        log.exception("unexpected failure in /%s", command, exc_info=cause)
        message = t(language, "error.generic")
    try:
        await reply(interaction, message)
    except discord.HTTPException:
        log.exception("could not deliver the error message for /%s", command)
