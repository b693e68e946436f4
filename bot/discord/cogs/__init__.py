"""The bot's cogs, in the order they are loaded."""

from __future__ import annotations

from discord.ext import commands

from bot.discord.cogs.boards import BoardsCog
from bot.discord.cogs.challenge import ChallengeCog
from bot.discord.cogs.guard import GuardCog
from bot.discord.cogs.help import HelpCog
from bot.discord.cogs.records import RecordsCog
from bot.discord.cogs.scenarios import ScenarioCog
from bot.discord.cogs.setup import SetupCog

COGS: tuple[type[commands.Cog], ...] = (SetupCog, ChallengeCog, BoardsCog, ScenarioCog, RecordsCog, HelpCog, GuardCog)
