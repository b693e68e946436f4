"""Answering interactions safely: always ephemeral when private, never pinging, never a second response."""

from __future__ import annotations

from typing import Any

import discord

NO_PINGS = discord.AllowedMentions.none()


UNKNOWN_INTERACTION = 10062


def expired(error: BaseException) -> bool:
    """Discord no longer accepts answers to this interaction (3 s passed): answering again is pointless."""
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


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
) -> None:
    """Send the interaction's answer, or a followup if it was already acknowledged (e.g. deferred)."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_PINGS}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
