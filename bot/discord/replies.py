"""Answering interactions safely: always ephemeral when private, never pinging, never a second response."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger("momentos.replies")

NO_PINGS = discord.AllowedMentions.none()


UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
DEFERRED = "momentos.deferred"  # in Interaction.extras: Discord holds our 'thinking…' though discord.py heard an error


def expired(error: BaseException) -> bool:
    """Discord no longer accepts answers to this interaction (3 s passed): answering again is pointless."""
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


def acknowledged_already(error: BaseException) -> bool:
    """Discord refused a resend because the first try had worked (its answer was lost, e.g. a 502 from its edge)."""
    return isinstance(error, discord.HTTPException) and error.code == ALREADY_ACKNOWLEDGED


def custom_id_of(interaction: discord.Interaction[Any]) -> str:
    """The custom_id a component or modal interaction carries ('' if none)."""
    data: dict[str, Any] = dict(interaction.data or {})
    return str(data.get("custom_id", ""))


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    ephemeral: bool = True,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Send the interaction's answer, or a followup if it was already acknowledged (e.g. deferred).

    A `view`'s buttons are routed from their custom_ids, so it is stopped once sent (discord.py keeps no copy).
    """
    kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_PINGS}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    try:
        if interaction.response.is_done() or interaction.extras.get(DEFERRED):
            await interaction.followup.send(**kwargs)
            return
        try:
            await interaction.response.send_message(**kwargs)
        except discord.HTTPException as error:
            if not acknowledged_already(error):
                raise
            # discord.py resent an answer Discord had shown before failing: the person saw it once.
            log.warning("answer shown although Discord reported an error; its resend was refused (acknowledged)")
    finally:
        if view is not None:
            view.stop()


async def defer(interaction: discord.Interaction[Any]) -> None:
    """Show 'thinking…' privately; `reply` then completes it. A defer Discord carried out but reported as
    failed (and refused when resent) still counts, so the answer replaces the spinner instead of never coming."""
    try:
        await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException as error:
        if not acknowledged_already(error):
            raise
        log.warning("deferred although Discord reported an error; its resend was refused (already acknowledged)")
        interaction.extras[DEFERRED] = True
