"""How a reflection looks in its thread."""

from __future__ import annotations

import discord

from bot.discord.look import BRAND, GOLD
from bot.discord.texts import t


def reflection_embed(body: str, author_id: int, kudos: int, highlighted: bool, language: str) -> discord.Embed:
    """A reflection in the post's thread: the author's mention (never a ping in an embed) and the text, markdown
    escaped like all user text (a masked link must not pass for the bot's own)."""
    embed = discord.Embed(
        title=t(language, "reflect.embed.title"),
        description=f"<@{author_id}>\n\n{discord.utils.escape_markdown(body)}"[:4096],
        colour=GOLD if highlighted else BRAND,
    )
    if kudos:
        embed.add_field(name=t(language, "reflect.kudos"), value=f"👏 {kudos}")
    if highlighted:
        embed.set_footer(text=t(language, "reflect.highlighted"))
    return embed
