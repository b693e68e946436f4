"""Every slash command reaches Discord in Spanish (es-ES, es-419) and English (en-US), within Discord's rules.

The command tree is built offline (the bot's cogs on a bot that never connects), translated with the bot's
translator exactly as `CommandTree.sync` does, and checked node by node; the catalogue must have no
entry the tree no longer uses. One end-to-end test checks what the simulator received on start-up.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.app_commands import TranslationContext, TranslationContextLocation, locale_str

from bot.app import open_app
from bot.discord.client import MomentosBot
from bot.discord.texts import commands as catalogue
from bot.discord.translator import MomentosTranslator
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.validation import validate_application_commands
from bot.simulator.world import World
from tests.e2e.harness import WORLD, Harness

SPANISH = ("es-ES", "es-419")
LOCALES = (*SPANISH, "en-US")
NAME = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
SUBCOMMAND, GROUP = 1, 2
MONDAY = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)


@dataclass(frozen=True)
class Node:
    """A command, group, subcommand or option of the translated payload, with where it sits."""

    path: str
    kind: str
    data: dict[str, Any]


@dataclass
class Translated:
    payload: list[dict[str, Any]]
    translator: MomentosTranslator


async def build_bot(tmp_path: Path, catalog: Catalog) -> MomentosBot:
    """The real bot with every feature loaded and the translator set, without connecting anywhere."""
    bot = (
        await open_app(
            database=tmp_path / "momentos.db", catalog=catalog, clock=ManualClock(MONDAY), run_scheduler=False
        )
    ).bot
    for feature in bot.features:
        await feature(bot)
    await bot.tree.set_translator(MomentosTranslator())
    return bot


@pytest.fixture
async def bot(tmp_path: Path, catalog: Catalog) -> AsyncIterator[MomentosBot]:
    built = await build_bot(tmp_path, catalog)
    yield built
    await built.services.close()


@pytest.fixture
async def translated(bot: MomentosBot) -> Translated:
    translator = bot.tree.translator
    assert isinstance(translator, MomentosTranslator)
    payload = [await command.get_translated_payload(bot.tree, translator) for command in bot.tree.get_commands()]
    return Translated(payload, translator)


def walk(payload: list[dict[str, Any]]) -> Iterator[Node]:
    """Every localizable node but choices, parents first."""

    def visit(data: dict[str, Any], path: str, kind: str) -> Iterator[Node]:
        yield Node(path, kind, data)
        for option in data.get("options") or []:
            child = {SUBCOMMAND: "subcommand", GROUP: "group"}.get(option["type"], "option")
            yield from visit(option, f"{path} {option['name']}", child)

    for command in payload:
        nested = any(option["type"] in (SUBCOMMAND, GROUP) for option in command.get("options") or [])
        yield from visit(command, command["name"], "group" if nested else "command")


def choices(payload: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for node in walk(payload):
        for choice in node.data.get("choices") or []:
            yield f"{node.path}={choice['value']}", choice


def test_the_tree_is_not_trivial(translated: Translated) -> None:
    kinds = {node.kind for node in walk(translated.payload)}
    assert kinds == {"command", "group", "subcommand", "option"}
    assert len(translated.payload) >= 8
    assert sum(1 for _ in choices(translated.payload)) >= 10


def test_every_string_has_spanish(translated: Translated) -> None:
    assert translated.translator.missing == set(), "add these to bot/discord/texts/commands.py"


def test_every_node_has_a_name_and_description_in_spanish_and_english(translated: Translated) -> None:
    for node in walk(translated.payload):
        names = node.data.get("name_localizations") or {}
        descriptions = node.data.get("description_localizations") or {}
        for locale in LOCALES:
            assert names.get(locale), f"/{node.path}: no {locale} name"
            assert descriptions.get(locale), f"/{node.path}: no {locale} description"
        assert names["en-US"] == node.data["name"], node.path
        assert descriptions["en-US"] == node.data["description"], node.path
        assert names["es-ES"] == names["es-419"] and descriptions["es-ES"] == descriptions["es-419"], node.path
        assert set(names) == set(descriptions) == {*LOCALES, "en-GB"}, node.path


def test_every_choice_has_a_name_in_spanish_and_english(translated: Translated) -> None:
    for where, choice in choices(translated.payload):
        names = choice.get("name_localizations") or {}
        for locale in LOCALES:
            assert names.get(locale), f"{where}: no {locale} name"
        assert names["en-US"] == choice["name"]
        for text in names.values():
            assert 1 <= len(text) <= 100, (where, text)


def test_localized_names_follow_discords_rules(translated: Translated) -> None:
    for node in walk(translated.payload):
        for locale, name in node.data["name_localizations"].items():
            assert NAME.fullmatch(name), f"/{node.path} [{locale}]: {name!r} is not a valid name"
            assert name == name.lower(), f"/{node.path} [{locale}]: {name!r} must be lower case"


def test_localized_descriptions_fit(translated: Translated) -> None:
    for node in walk(translated.payload):
        for locale, text in node.data["description_localizations"].items():
            assert 1 <= len(text) <= 100, f"/{node.path} [{locale}]: {len(text)} characters"
            assert text == text.strip(), (node.path, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_localized_names_are_unique_among_siblings(translated: Translated, locale: str) -> None:
    def check(siblings: list[dict[str, Any]], where: str) -> None:
        names = [sibling["name_localizations"][locale] for sibling in siblings]
        doubles = sorted({name for name in names if names.count(name) > 1})
        assert not doubles, f"{where} [{locale}]: {doubles} used twice"

    check(translated.payload, "top level")
    for node in walk(translated.payload):
        if node.data.get("options"):
            check(node.data["options"], f"/{node.path}")


def test_spanish_names_read_as_spanish(translated: Translated) -> None:
    top = {command["name"]: command["name_localizations"]["es-ES"] for command in translated.payload}
    assert top["team"] == "equipo"
    assert top["leaderboard"] == "clasificación"
    assert top["scenario"] == "escenario"
    assert top["config"] == "ajustes"


def test_no_catalogue_entry_is_stale(translated: Translated) -> None:
    everything = (
        {("names", key) for key in catalogue.NAMES}
        | {("names_at", key) for key in catalogue.NAMES_AT}
        | {("descriptions", key) for key in catalogue.DESCRIPTIONS}
        | {("choices", key) for key in catalogue.CHOICES}
    )
    stale = sorted(everything - translated.translator.used)
    assert not stale, f"entries no command uses any more (remove them from bot/discord/texts/commands.py): {stale}"


def test_the_catalogue_itself_obeys_the_rules() -> None:
    for english, spanish in [*catalogue.NAMES.items(), *catalogue.NAMES_AT.items()]:
        assert NAME.fullmatch(spanish) and spanish == spanish.lower(), (english, spanish)
    for english, spanish in catalogue.DESCRIPTIONS.items():
        assert 1 <= len(spanish) <= 100, (english, len(spanish))
    for english, spanish in catalogue.CHOICES.items():
        assert 1 <= len(spanish) <= 100, (english, spanish)


def test_the_simulator_accepts_the_translated_tree(translated: Translated) -> None:
    validate_application_commands(translated.payload)


# --- The translator on its own --------------------------------------------------------------------------


def _context(location: TranslationContextLocation) -> Any:
    return TranslationContext(location=location, data=None)


async def test_the_translator_answers_per_locale() -> None:
    translator = MomentosTranslator()
    name = _context(TranslationContextLocation.choice_name)
    week = locale_str("week")
    assert await translator.translate(week, discord.Locale.spain_spanish, name) == "esta semana"
    assert await translator.translate(week, discord.Locale.latin_american_spanish, name) == "esta semana"
    assert await translator.translate(week, discord.Locale.american_english, name) == "week"
    assert await translator.translate(week, discord.Locale.british_english, name) == "week"
    assert await translator.translate(week, discord.Locale.french, name) is None
    assert await translator.translate(week, discord.Locale.brazil_portuguese, name) is None


async def test_a_string_without_spanish_is_warned_once_and_left_to_the_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    translator = MomentosTranslator()
    context = _context(TranslationContextLocation.command_description)
    text = locale_str("Something nobody translated")
    with caplog.at_level(logging.WARNING, logger="momentos.translator"):
        for locale in (discord.Locale.spain_spanish, discord.Locale.latin_american_spanish) * 2:
            assert await translator.translate(text, locale, context) is None
    warnings = [record for record in caplog.records if "Something nobody translated" in record.getMessage()]
    assert len(warnings) == 1
    assert translator.missing == {("descriptions", "Something nobody translated")}
    assert await translator.translate(text, discord.Locale.american_english, context) == text.message


async def test_names_choices_and_descriptions_are_looked_up_apart() -> None:
    translator = MomentosTranslator()
    spain = discord.Locale.spain_spanish
    week = locale_str("week")  # the /week group, a /leaderboard option and a period choice
    group = await translator.translate(week, spain, _context(TranslationContextLocation.group_name))
    choice = await translator.translate(week, spain, _context(TranslationContextLocation.choice_name))
    description = await translator.translate(week, spain, _context(TranslationContextLocation.group_description))
    assert (group, choice, description) == ("semana", "esta semana", None)


async def test_changing_a_translation_changes_the_fingerprint(
    bot: MomentosBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await bot.commands_fingerprint()
    assert await bot.commands_fingerprint() == before
    monkeypatch.setitem(catalogue.DESCRIPTIONS, "How Momentos works, in a few lines", "Cómo se juega")
    assert await bot.commands_fingerprint() != before


# --- End to end: what the simulator received ------------------------------------------------------------


async def test_the_simulator_receives_the_commands_in_spanish(tmp_path: Path, catalog: Catalog) -> None:
    sim = Simulator(World.from_config(WORLD, Snowflakes(fixed_start=MONDAY.timestamp())))
    await sim.start()
    harness = Harness(sim=sim, clock=ManualClock(MONDAY), catalog=catalog, db_path=tmp_path / "momentos.db")
    try:
        bot = await harness.start_bot()
        assert bot.synced_commands
        registered = sim.commands[None]
        assert registered, "the bot registered no global commands"
        for node in walk(registered):
            assert node.data["name_localizations"]["es-ES"], node.path
            assert node.data["name_localizations"]["es-419"] == node.data["name_localizations"]["es-ES"]
            assert node.data["description_localizations"]["es-ES"], node.path
        by_name = {command["name"]: command for command in registered}
        assert by_name["leaderboard"]["name_localizations"]["es-ES"] == "clasificación"
        team_add = next(option for option in by_name["team"]["options"] if option["name"] == "add")
        assert team_add["name_localizations"]["es-ES"] == "crear"
        assert [o["name_localizations"]["es-ES"] for o in team_add["options"]] == ["nombre", "canal", "rol"]
        # The Spanish-speaking manager still runs the command by its default name, as Discord sends it.
        record = await harness.manager("team list")
        assert record.ephemeral
        # A restart with the same translations does not register again.
        bot = await harness.restart_bot()
        assert not bot.synced_commands
    finally:
        await harness.stop_bot()
        await sim.stop()
    assert sim.unhandled == []
