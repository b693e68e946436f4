"""Who showed up: every interaction of a member holding a team's role is a sighting (the roster behind averages).

Momentos has no access to member lists (no privileged intents, by design), so a team's roster for a period
is everyone the bot saw with the team's role. Recorded after the interaction was handled; a failure here
never disturbs the interaction itself, and asking to be forgotten leaves no fresh trace behind.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.discord.client import MomentosBot
from bot.discord.context import is_manager, services_of
from bot.discord.custom_ids import NAMESPACE, Kind
from bot.discord.replies import custom_id_of

log = logging.getLogger("momentos.members")


def about_privacy(interaction: discord.Interaction[Any]) -> bool:
    """A /privacy command or its confirmation button: no sighting is recorded for those."""
    if interaction.type is discord.InteractionType.application_command:
        data: dict[str, Any] = dict(interaction.data or {})
        return data.get("name") == "privacy"
    return custom_id_of(interaction).startswith(f"{NAMESPACE}:{Kind.FORGET.value}:")  # well formed or not


async def saw(interaction: discord.Interaction[Any]) -> None:
    """Note that this member, with these roles, interacted today."""
    member = interaction.user
    if interaction.guild_id is None or not isinstance(member, discord.Member) or member.bot:
        return
    if about_privacy(interaction):
        return
    services = services_of(interaction)
    try:
        config = await services.setup.config(interaction.guild_id)
        roles = {role.id for role in member.roles}
        await services.members.saw(config, member.id, roles, is_manager(member, config), services.clock.now())
    except Exception:
        log.exception("could not record that user=%s was seen in guild=%s", member.id, interaction.guild_id)


async def setup(bot: MomentosBot) -> None:
    """Record a sighting after every interaction."""
    bot.router.after(saw)
