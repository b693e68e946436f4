"""The look shared by every feature: colours, choice letters, Discord timestamps, durations and periods."""

from __future__ import annotations

from datetime import datetime, timedelta

import discord

from bot.discord.custom_ids import Kind, encode
from bot.discord.texts import t
from bot.domain.periods import Window

BRAND = discord.Colour(0x2B7A78)
GOLD = discord.Colour(0xC9A227)
GOOD = discord.Colour(0x2E7D32)
BAD = discord.Colour(0xC62828)
LETTERS = "ABCDE"


def letter(index: int) -> str:
    """The letter a choice is shown with."""
    return LETTERS[index]


def timestamp(instant: datetime, style: str = "t") -> str:
    """A Discord timestamp, shown in each reader's own timezone and language."""
    return discord.utils.format_dt(instant, style=style)  # type: ignore[arg-type]


def period_label(window: Window, language: str) -> str:
    """'semana 2026-W48', 'mes 2026-11', 'trimestre 2026-Q4', 'desde el inicio'."""
    if window.label == "all":
        return t(language, "period.all")
    kind = "period.week" if "-W" in window.label else "period.quarter" if "-Q" in window.label else "period.month"
    return t(language, kind, label=window.label)


def format_window(window: timedelta) -> str:
    """'8 h', '1 h 30 min', '45 min'."""
    minutes = int(window.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    """A jump link to a message."""
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def ask_sure(embed: discord.Embed, language: str) -> discord.Embed:
    """The verdict, ending with the "¿Seguro?" question its buttons answer (below the embed, where they show)."""
    embed.description = f"{embed.description or ''}\n\n**{t(language, 'sure.ask')}**"
    return embed


def answered_sure(embed: discord.Embed, language: str) -> discord.Embed:
    """The verdict once the question is answered: the question gives way to the thanks."""
    asked = f"\n\n**{t(language, 'sure.ask')}**"
    description = embed.description or ""
    embed.description = description.removesuffix(asked) + f"\n\n{t(language, 'sure.noted')}"
    return embed


def sure_view(kind: Kind, source_id: int, language: str) -> discord.ui.View:
    """ "¿Estabas seguro/a?" — yes or not really — after an answer (a daily one or a review's)."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=t(language, "sure.yes"), style=discord.ButtonStyle.secondary, custom_id=encode(kind, source_id, 1)
        )
    )
    view.add_item(
        discord.ui.Button(
            label=t(language, "sure.no"), style=discord.ButtonStyle.secondary, custom_id=encode(kind, source_id, 0)
        )
    )
    return view
