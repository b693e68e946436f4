"""Every user-facing sentence of the bot, in Spanish and English, in catalogues merged here.

Each module holds the sentences of one area; a key may live in only one of them (checked at import).
"""

from __future__ import annotations

from typing import Any

import discord

from bot.discord.texts.content import CONTENT
from bot.discord.texts.core import CORE
from bot.discord.texts.manage import MANAGE
from bot.discord.texts.records import RECORDS

_PARTS: tuple[dict[str, dict[str, str]], ...] = (CORE, MANAGE, RECORDS, CONTENT)


def _merge(parts: tuple[dict[str, dict[str, str]], ...]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        clash = set(merged) & set(part)
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


CATALOGUE: dict[str, dict[str, str]] = _merge(_PARTS)


def t(language: str, key: str, /, **values: Any) -> str:
    """The sentence `key` in `language` (Spanish if unknown), with `values` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(language) or entry["es"]
    return text.format(**values) if values else text


def language_of(interaction: discord.Interaction[Any], fallback: str) -> str:
    """Replies follow the person's Discord language when it is Spanish or English, else the server's."""
    locale = str(interaction.locale.value if interaction.locale else "")
    if locale.startswith("es"):
        return "es"
    if locale.startswith("en"):
        return "en"
    return fallback
