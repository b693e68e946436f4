"""Why Discord refused a message, told to managers in their language; and whether it is theirs to fix."""

from __future__ import annotations

import discord

from bot.discord.texts import t


def managers_can_fix(error: Exception) -> bool:
    """Whether a refused post is the server's to fix (permissions, a deleted channel), not Discord's own failure."""
    return isinstance(error, discord.Forbidden | discord.NotFound)


def failure_reason(error: Exception, language: str) -> str:
    """A sentence for managers about why Discord refused a post."""
    if isinstance(error, discord.Forbidden):
        return t(language, "reason.forbidden")
    if isinstance(error, discord.NotFound):
        return t(language, "reason.not_found")
    if isinstance(error, discord.HTTPException):
        return t(language, "reason.http", status=error.status)
    return type(error).__name__
