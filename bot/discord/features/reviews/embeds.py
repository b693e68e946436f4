"""How a review looks: the item as on its post, privately, with its own buttons; and the "¿Seguro?" buttons."""

from __future__ import annotations

import discord

from bot.discord.custom_ids import Kind, encode
from bot.discord.look import BRAND, letter
from bot.discord.texts import t
from bot.domain.model import Item


def review_embed(item: Item, language: str) -> discord.Embed:
    """The item's situation, question and choices, as the daily post showed them (step and dimensions after)."""
    parts = []
    if item.story:
        parts.append(item.story.get(language).strip())
    if item.question:
        parts.append(f"**{item.question.get(language).strip()}**")
    parts.append("\n".join(f"**{letter(i)}.** {choice.text.get(language)}" for i, choice in enumerate(item.choices)))
    embed = discord.Embed(
        title=t(language, "review.title", title=item.title.get(language))[:256],
        description="\n\n".join(parts),
        colour=BRAND,
    )
    embed.set_footer(text=t(language, "review.footer"))
    return embed


def review_view(review_id: int, choices: int) -> discord.ui.View:
    """One button per choice of the review (routed from their custom_ids: they survive restarts)."""
    view = discord.ui.View(timeout=None)
    for index in range(choices):
        view.add_item(
            discord.ui.Button(
                label=letter(index),
                style=discord.ButtonStyle.primary,
                custom_id=encode(Kind.REVIEW_ANSWER, review_id, index),
            )
        )
    return view
