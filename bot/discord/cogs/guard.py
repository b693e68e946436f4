"""What every interaction passes through: who was seen, reflection forms, and foreign components."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.discord.checks import is_manager
from bot.discord.components import NAMESPACE, guarded, refuse_component, route_answer, submit_reflection
from bot.discord.reflections import MODAL_PREFIX
from bot.discord.replies import custom_id_of
from bot.discord.scenarios import FORM_PREFIX, submit_scenario

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot

log = logging.getLogger("momentos.guard")
ANSWER_PREFIX = f"{NAMESPACE}answer:"


class GuardCog(commands.Cog):
    """Every component Momentos creates is a namespaced DynamicItem, every form is handled statelessly."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Route reflection forms, refuse foreign components, and note which team members showed up."""
        if interaction.type is discord.InteractionType.modal_submit:
            custom_id = custom_id_of(interaction)
            if custom_id.startswith(MODAL_PREFIX):
                await guarded(interaction, lambda i: submit_reflection(i, custom_id[len(MODAL_PREFIX) :]))
            elif custom_id.startswith(FORM_PREFIX):
                await guarded(interaction, lambda i: submit_scenario(i, custom_id[len(FORM_PREFIX) :]))
            else:  # a foreign form, or one of ours from an older or future version
                await guarded(interaction, refuse_component)
        elif interaction.type is discord.InteractionType.component:
            custom_id = custom_id_of(interaction)
            if custom_id.startswith(ANSWER_PREFIX):
                await route_answer(interaction, custom_id)
            elif not custom_id.startswith(NAMESPACE):
                await guarded(interaction, refuse_component)
        await self._saw(interaction)

    async def _saw(self, interaction: discord.Interaction[Any]) -> None:
        """Sightings feed team averages; a failure here must never disturb the interaction itself."""
        member = interaction.user
        if interaction.guild_id is None or not isinstance(member, discord.Member) or member.bot:
            return
        if about_privacy(interaction):  # asking to be forgotten must not leave a fresh trace behind
            return
        services = self.bot.services
        try:
            config = await services.setup.config(interaction.guild_id)
            roles = {role.id for role in member.roles}
            await services.presence.saw(config, member.id, roles, is_manager(member, config), services.clock.now())
        except Exception:
            log.exception("could not record that user=%s was seen in guild=%s", member.id, interaction.guild_id)


def about_privacy(interaction: discord.Interaction[Any]) -> bool:
    """A /privacy command or its confirmation button: no sighting is recorded for those."""
    if interaction.type is discord.InteractionType.application_command:
        data: dict[str, Any] = dict(interaction.data or {})
        return data.get("name") == "privacy"
    return custom_id_of(interaction).startswith(f"{NAMESPACE}forget:")
