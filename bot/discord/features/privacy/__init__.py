"""A server's data: /export (CSV for managers) and /privacy (a member, or a manager for one who left, erases it)."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind
from bot.discord.features.privacy.cog import PrivacyCog, confirm_forget


async def setup(bot: MomentosBot) -> None:
    """Add /export, /privacy and the red confirmation button."""
    bot.router.on(Kind.FORGET, confirm_forget)
    await bot.add_cog(PrivacyCog())
