"""/leaderboard and /me: standings computed from the ledger for any period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import services_of
from bot.discord.embeds import me_embed, people_board_embed, period_label, team_board_embed
from bot.discord.replies import reply
from bot.discord.texts import language_of
from bot.domain.periods import Period

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot


class BoardsCog(commands.Cog):
    """Leaderboards and personal stats."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @app_commands.command(name="leaderboard", description="Team or people ranking for the week, month or all time")
    @app_commands.describe(board="Teams or people (default teams)", period="week, month or all (default week)")
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        board: Literal["teams", "people"] = "teams",
        period: Literal["week", "month", "all"] = "week",
    ) -> None:
        """Show the ranking in the channel (mentions inside embeds never ping)."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        now = services.clock.now()
        if board == "teams":
            embed = team_board_embed(await services.boards.teams(config, Period(period), now), language)
        else:
            people = await services.boards.people(config, Period(period), now)
            embed = people_board_embed(people, language, interaction.user.id)
        await reply(interaction, embed=embed, ephemeral=False)

    @app_commands.command(name="me", description="Your points, answers, accuracy and rank (only you see it)")
    @app_commands.guild_only()
    async def me(self, interaction: discord.Interaction[Any]) -> None:
        """The caller's standing this week, this month and overall."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        now = services.clock.now()
        stats = []
        for period in (Period.WEEK, Period.MONTH, Period.ALL):
            personal = await services.boards.person(config, interaction.user.id, period, now)
            label = period_label(personal.window, language)
            stats.append((label[:1].upper() + label[1:], personal))
        await reply(interaction, embed=me_embed(stats, language, interaction.user.display_name))
