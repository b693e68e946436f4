"""Slash commands in the reader's language: Spanish from `texts.commands`, English as written in the code."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.discord.texts.commands import CHOICES, DESCRIPTIONS, NAMES, NAMES_AT

log = logging.getLogger("momentos.translator")

SPANISH = frozenset({discord.Locale.spain_spanish, discord.Locale.latin_american_spanish})
ENGLISH = frozenset({discord.Locale.american_english, discord.Locale.british_english})

NAME_LOCATIONS = frozenset({Where.command_name, Where.group_name, Where.parameter_name})
DESCRIPTION_LOCATIONS = frozenset({Where.command_description, Where.group_description, Where.parameter_description})


def path_of(context: app_commands.TranslationContextTypes) -> str | None:
    """The full path of what a name belongs to ("config schedule", "leaderboard week"), if it has one."""
    data: Any = context.data
    if context.location in (Where.command_name, Where.group_name):
        name = getattr(data, "qualified_name", None) or getattr(data, "name", None)
        return str(name) if name else None
    if context.location is Where.parameter_name:
        command = getattr(getattr(data, "command", None), "qualified_name", None)
        return f"{command} {data.name}" if command else None
    return None


class MomentosTranslator(app_commands.Translator):
    """Spanish for es-ES and es-419, the English default for en-US and en-GB, nothing for other locales.

    A string with no Spanish is logged once and left to Discord's fallback (the English default).
    `used` records which catalogue entries were looked up, so tests can find stale ones.
    """

    def __init__(self) -> None:
        self.used: set[tuple[str, str]] = set()
        self.missing: set[tuple[str, str]] = set()

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        """The text Discord shows people whose client is set to `locale`."""
        if locale in ENGLISH:
            return string.message
        if locale in SPANISH:
            return self.spanish(string.message, context)
        return None

    def spanish(self, message: str, context: app_commands.TranslationContextTypes) -> str | None:
        """The Spanish for `message` where `context` says it appears, or None (warned once) if there is none."""
        location = context.location
        if location in NAME_LOCATIONS:
            path = path_of(context)
            if path is not None and path in NAMES_AT:
                self.used.add(("names_at", path))
                return NAMES_AT[path]
            table, catalogue = "names", NAMES
        elif location in DESCRIPTION_LOCATIONS:
            table, catalogue = "descriptions", DESCRIPTIONS
        elif location is Where.choice_name:
            table, catalogue = "choices", CHOICES
        else:
            table, catalogue = "other", {}
        translation = catalogue.get(message)
        if translation is None:
            if (table, message) not in self.missing:
                self.missing.add((table, message))
                log.warning(
                    "no Spanish in the %s table for %r (%s); Discord shows the English", table, message, location.name
                )
            return None
        self.used.add((table, message))
        return translation
