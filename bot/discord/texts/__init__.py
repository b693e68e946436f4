"""Every user-facing sentence of the bot, in Spanish and English, in catalogues merged here.

Each module holds the sentences of one area; a key may live in only one of them (checked at import).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.discord.texts.content import CONTENT
from bot.discord.texts.core import CORE
from bot.discord.texts.insights import INSIGHTS
from bot.discord.texts.learning import LEARNING
from bot.discord.texts.manage import MANAGE
from bot.discord.texts.privacy import PRIVACY

_PARTS: tuple[dict[str, dict[str, str]], ...] = (CORE, MANAGE, PRIVACY, CONTENT, LEARNING, INSIGHTS)


def _merge(parts: tuple[dict[str, dict[str, str]], ...]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        clash = set(merged) & set(part)
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


CATALOGUE: dict[str, dict[str, str]] = _merge(_PARTS)


# A command named in a sentence, e.g. `/team add`: shown as a clickable command mention once ids are known.
_COMMAND = re.compile(r"`/([a-z][a-z-]*(?: [a-z][a-z-]*){0,2})`")
_command_ids: dict[str, int] = {}


def use_command_ids(ids: Mapping[str, int]) -> None:
    """Remember the registered commands' ids, so sentences name commands as mentions.

    Discord shows a mention in the reader's own language (`/equipo crear` in a Spanish client) and
    runs the command on a click; a name in backticks would be English for everyone.
    """
    _command_ids.clear()
    _command_ids.update(ids)


def _mention(found: re.Match[str]) -> str:
    command_id = _command_ids.get(found[1].split(" ", 1)[0])
    return f"</{found[1]}:{command_id}>" if command_id else found[0]


def t(language: str, key: str, /, **values: Any) -> str:
    """The sentence `key` in `language` (Spanish if unknown), with `values` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(language) or entry["es"]
    text = _COMMAND.sub(_mention, text) if _command_ids else text
    return text.format(**values) if values else text


def language_of(interaction: discord.Interaction[Any], fallback: str) -> str:
    """Replies follow the person's Discord language when it is Spanish or English, else the server's."""
    locale = str(interaction.locale.value if interaction.locale else "")
    if locale.startswith("es"):
        return "es"
    if locale.startswith("en"):
        return "en"
    return fallback
