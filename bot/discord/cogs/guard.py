"""Components outside our namespace get a polite refusal instead of Discord's 'interaction failed'."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.discord.components import NAMESPACE, guarded, refuse_component
from bot.discord.replies import custom_id_of

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot


class GuardCog(commands.Cog):
    """Every component Momentos creates is a namespaced DynamicItem; anything else is foreign."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Refuse component clicks whose custom_id no Momentos component could have produced."""
        if interaction.type is not discord.InteractionType.component:
            return
        custom_id = custom_id_of(interaction)
        if not custom_id.startswith(NAMESPACE):
            await guarded(interaction, refuse_component)
