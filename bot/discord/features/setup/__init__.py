"""Setting a server up: /team (who plays where) and /config (when, how, in which language; what is missing)."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.features.setup.config import ConfigCog
from bot.discord.features.setup.teams import TeamsCog


async def setup(bot: MomentosBot) -> None:
    """Add /team and /config."""
    await bot.add_cog(TeamsCog())
    await bot.add_cog(ConfigCog(bot.services, bot.scheduler))
