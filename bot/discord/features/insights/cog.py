"""/insights: where each team needs coaching, for managers (every team) and team leads (their own teams)."""

from __future__ import annotations

import asyncio
import io
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.context import Call, call_of, services_of
from bot.discord.features.insights.embeds import CHART_FILE, insights_embed, step_title
from bot.discord.look import period_label
from bot.discord.texts import t
from bot.domain.insights.periods import InsightPeriod
from bot.domain.state import Team
from bot.services.chart import heat_map
from bot.services.insights import Insights

PeriodName = Literal["week", "month", "quarter", "all"]


def same_name(a: str, b: str) -> bool:
    """Team names compare without case or extra spaces (as they are kept unique)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def member_name(guild: discord.Guild | None, user_id: int) -> str:
    """A member's display name when the bot knows it, else the end of their id (never a ping: it is a chart)."""
    member = guild.get_member(user_id) if guild is not None else None
    return member.display_name if member is not None else f"#{str(user_id)[-4:]}"


def chart_cells(
    insights: Insights, guild: discord.Guild | None
) -> tuple[list[str], list[list[tuple[float | None, int]]]]:
    """Teams × steps, or people × steps when one team is shown: "now" and the attempts behind it."""
    if len(insights.teams) == 1:
        team = insights.teams[0]
        rows = [member_name(guild, user) for user in team.people]
        cells = [
            [(found[0].value, found[1]) if (found := steps.get(step)) else (None, 0) for step in range(1, 11)]
            for steps in team.people.values()
        ]
        return rows, cells
    rows = [team.team.name for team in insights.teams]
    cells = []
    for team in insights.teams:
        by_step = {figures.step: figures for figures in team.steps}
        cells.append(
            [
                (by_step[step].current.value, by_step[step].attempts) if step in by_step else (None, 0)
                for step in range(1, 11)
            ]
        )
    return rows, cells


async def draw(insights: Insights, guild: discord.Guild | None, language: str) -> bytes:
    """The heat map, drawn off the event loop."""
    rows, cells = chart_cells(insights, guild)
    title = (
        t(language, "insights.chart.people", team=insights.teams[0].team.name)
        if len(insights.teams) == 1
        else t(language, "insights.chart.teams")
    )
    return await asyncio.to_thread(
        heat_map, rows, cells, title, t(language, "insights.chart.step"), t(language, "insights.chart.empty")
    )


async def visible(call: Call) -> list[Team]:
    """The teams the caller may see: every team for a manager, their lead teams for a team lead."""
    return await call.services.insights.visible_teams(call.config, call.role_ids, call.is_manager)


class InsightsCog(commands.Cog):
    """Coaching insight on demand."""

    @app_commands.command(name="insights", description="Where each team needs coaching (managers and team leads)")
    @app_commands.describe(
        team="Only this team (people × steps)",
        period="week, month (default), quarter or all",
        step="Only this step of the 10",
    )
    @app_commands.guild_only()
    async def insights(
        self,
        interaction: discord.Interaction[Any],
        team: app_commands.Range[str, 1, 100] | None = None,
        period: PeriodName = "month",
        step: app_commands.Range[int, 1, 10] | None = None,
    ) -> None:
        """Figures per team and step with their intervals, weakest steps and trends, conversations, items."""
        call = await call_of(interaction)
        teams = await visible(call)
        if not teams:
            if not call.is_manager:
                await call.refuse("insights.not_allowed", why="neither a manager nor a team lead")
            else:
                await call.say("insights.no_teams")
            return
        if team is not None:
            chosen = [found for found in teams if same_name(found.name, team)]
            if not chosen:
                await call.say("insights.unknown_team", name=discord.utils.escape_markdown(team))
                return
            teams = chosen
        await call.defer()
        language = call.language
        found = await call.services.insights.insights(call.config, teams, InsightPeriod(period), call.now, step)
        previous = period_label(found.previous, language) if found.previous is not None else None
        label = period_label(found.window, language)
        if step is not None:
            label += f" · {step}. {step_title(step, call.services.catalog, language)}"
        embed = insights_embed(found, label, previous, call.services.catalog, language)
        chart = await draw(found, interaction.guild, language)
        embed.set_image(url=f"attachment://{CHART_FILE}")
        await call.reply(embed=embed, file=discord.File(io.BytesIO(chart), filename=CHART_FILE))

    @insights.autocomplete("team")
    async def team_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Only the teams the caller may see (a member sees none)."""
        call = await call_of(interaction)
        typed = current.casefold()
        teams = await services_of(interaction).insights.visible_teams(call.config, call.role_ids, call.is_manager)
        return [
            app_commands.Choice(name=found.name, value=found.name) for found in teams if typed in found.name.casefold()
        ][:25]
