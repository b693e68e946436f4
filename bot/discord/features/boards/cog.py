"""/leaderboard, /me and /week: standings computed from the ledger for any period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.autocomplete import team_choices
from bot.discord.context import call_of, manager_only
from bot.discord.features.boards.announcements import Announced, Announcer
from bot.discord.features.boards.embeds import me_embed, people_board_embed, steps_board_embed, team_board_embed
from bot.discord.look import message_link, period_label
from bot.discord.scheduler import Scheduler
from bot.domain.periods import Period, PeriodError, week_of
from bot.domain.schedule import local_date
from bot.domain.state import Team, Trigger
from bot.services.boards import PersonalStats, resolve_window

MAX_PAUSE = timedelta(days=90)


def member_team(teams: list[Team], member: discord.Member | discord.User) -> Team | None:
    """The first team whose role the member holds."""
    roles = {role.id for role in member.roles} if isinstance(member, discord.Member) else set()
    return next((team for team in teams if team.role_id in roles), None)


def parse_pause(text: str, today: date) -> date | None:
    """A pause end date typed as YYYY-MM-DD (or DD/MM/YYYY), from today to 90 days ahead."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            day = datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
        return day if today <= day <= today + MAX_PAUSE else None
    return None


class BoardsCog(commands.Cog):
    """Leaderboards, personal stats and the weekly announcement on demand."""

    week = app_commands.Group(
        name="week",
        description="Weekly announcement (managers)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, scheduler: Scheduler, announcer: Announcer) -> None:
        self.scheduler = scheduler
        self.announcer = announcer

    @app_commands.command(
        name="leaderboard", description="Teams, people or the 10 steps, for a week, month or all time"
    )
    @app_commands.describe(
        board="teams (default), people or steps",
        period="week (default), last-week, month or all",
        step="Only this step (1-10)",
        team="Only this team's members (people board)",
        week="A past ISO week, e.g. 2026-W47 (overrides period)",
    )
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        board: Literal["teams", "people", "steps"] = "teams",
        period: Literal["week", "last-week", "month", "all"] = "week",
        step: app_commands.Range[int, 1, 10] | None = None,
        team: app_commands.Range[str, 1, 50] | None = None,
        week: app_commands.Range[str, 6, 10] | None = None,
    ) -> None:
        """Show the board in the channel (mentions inside embeds never ping)."""
        call = await call_of(interaction)
        services, config, language = call.services, call.config, call.language
        try:
            window = resolve_window(config, Period(period), call.now, week)
        except PeriodError:
            await call.say("error.week", week=week)
            return
        teams = await services.setup.teams(config.guild_id)
        chosen = None
        if team is not None:
            chosen = next(
                (known for known in teams if known.name.casefold() == " ".join(team.split()).casefold()), None
            )
            if chosen is None:
                await call.say("team.unknown", name=discord.utils.escape_markdown(team))
                return
        if board == "steps":
            mine = member_team(teams, interaction.user)
            embed = steps_board_embed(
                await services.boards.steps(
                    config, window, chosen.team_id if chosen else mine.team_id if mine else None
                ),
                services.catalog,
                language,
            )
        elif board == "people":
            people = await services.boards.people(config, window, step, chosen.team_id if chosen else None)
            embed = people_board_embed(people, language, interaction.user.id, step, chosen.name if chosen else None)
        else:
            embed = team_board_embed(await services.boards.teams(config, window, step), language, step)
        await call.reply(embed=embed, ephemeral=False)

    @leaderboard.autocomplete("team")
    async def team_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest the guild's team names."""
        return await team_choices(interaction, current)

    @app_commands.command(
        name="me", description="Your points, rank, streak and progress on the 10 steps (only you see it)"
    )
    @app_commands.describe(pause_until="Going away? Keep your streak until this date (YYYY-MM-DD)")
    @app_commands.guild_only()
    async def me(
        self, interaction: discord.Interaction[Any], pause_until: app_commands.Range[str, 8, 10] | None = None
    ) -> None:
        """The caller's standing this week, this month and overall, with the details of this week."""
        call = await call_of(interaction)
        services, config, language, now = call.services, call.config, call.language, call.now
        notes = []
        if pause_until is not None:
            today = local_date(now, config.timezone)
            end = parse_pause(pause_until, today)
            if end is None:
                await call.say("me.pause.bad", text=pause_until)
                return
            await services.members.pause(config, interaction.user.id, today, end, now)
            notes.append(call.t("me.paused", date=end.isoformat()))
        team = member_team(await services.setup.teams(config.guild_id), interaction.user)
        windows = [resolve_window(config, period, now) for period in (Period.WEEK, Period.MONTH, Period.ALL)]
        found = await services.boards.personal(
            config, interaction.user.id, windows, now, team.team_id if team else None
        )
        stats: list[tuple[str, PersonalStats]] = []
        for personal in found:
            label = period_label(personal.window, language)
            stats.append((label[:1].upper() + label[1:], personal))
        detail = found[0]
        learning = await services.reviews.progress(config, interaction.user.id, now)
        embed = me_embed(stats, detail, language, interaction.user.display_name, learning)
        await call.reply("\n".join(notes) or None, embed=embed)

    @week.command(name="announce", description="Post this week's announcement now (once per week)")
    @manager_only()
    async def announce(self, interaction: discord.Interaction[Any]) -> None:
        """Announce the current week with results up to now, unless it was announced already."""
        call = await call_of(interaction)
        config = call.config
        await call.defer()
        now = call.services.clock.now()
        week = week_of(local_date(now, config.timezone), config.timezone)
        async with self.scheduler.lock:
            result = await self.announcer.announce(config, week, now, Trigger.MANUAL)
        if isinstance(result, Announced):
            await call.say("week.posted", link=self.announcer.link(config, result))
        elif (
            result.reason == "exists" and result.existing and result.existing.message_id and result.existing.channel_id
        ):
            link = message_link(config.guild_id, result.existing.channel_id, result.existing.message_id)
            await call.say("week.exists", week=week.label, link=link)
        elif result.reason == "no channel":
            await call.say("week.no_channel")
        else:
            await call.say("week.failed", reason=result.reason)
