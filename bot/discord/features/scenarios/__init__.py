"""A server's own challenges: /scenario new, edit, upload, preview, schedule, list, retire, restore and export."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind
from bot.discord.features.scenarios.cog import ScenarioCog
from bot.discord.features.scenarios.form import reopen_draft, submit_scenario


async def setup(bot: MomentosBot) -> None:
    """Add /scenario, its form and its ✏️ Keep editing button."""
    bot.router.on(Kind.SCENARIO_FORM, submit_scenario)
    bot.router.on(Kind.DRAFT, reopen_draft)
    await bot.add_cog(ScenarioCog())
