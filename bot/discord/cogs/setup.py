"""/team and /config: what a manager sets up before the first post."""

from __future__ import annotations

import io
import zoneinfo
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.errors import ContentError
from bot.content.scoring import MAX_SCORING_BYTES, dump_scoring, load_scoring
from bot.discord.checks import manager_only
from bot.discord.client import services_of
from bot.discord.embeds import BRAND, format_window, timestamp
from bot.discord.problems import render_report
from bot.discord.replies import NO_PINGS, defer, reply
from bot.discord.texts import language_of, t
from bot.domain.inputs import format_weekdays, parse_time, parse_weekdays, parse_window
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig, Team, TeamConflict
from bot.services.setup import MAX_TEAM_NAME, clean_team_name

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot

MANAGERS = discord.Permissions(manage_guild=True)
POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links", "read_message_history")
PREFERRED_ZONES = (
    "America/Mexico_City",
    "Europe/Madrid",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Caracas",
    "America/Guatemala",
    "America/Costa_Rica",
    "America/Panama",
    "America/Guayaquil",
    "America/La_Paz",
    "America/Asuncion",
    "America/Montevideo",
    "America/Santo_Domingo",
    "America/Puerto_Rico",
    "America/New_York",
    "America/Los_Angeles",
    "Atlantic/Canary",
    "UTC",
)


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted (loaded once)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_suggestions(current: str, limit: int = 25) -> list[str]:
    """Zones matching what was typed; common Spanish-speaking zones first when nothing is typed."""
    typed = current.strip().casefold().replace(" ", "_")
    if not typed:
        return list(PREFERRED_ZONES[:limit])
    starts = [
        zone
        for zone in all_zones()
        if zone.casefold().split("/")[-1].startswith(typed) or zone.casefold().startswith(typed)
    ]
    contains = [zone for zone in all_zones() if typed in zone.casefold() and zone not in starts]
    return (starts + contains)[:limit]


def missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member) -> list[str]:
    """Permissions the bot lacks in a channel to post challenges there."""
    granted = channel.permissions_for(me)
    return [name for name in POST_PERMISSIONS if not getattr(granted, name)]


def weekday_names(language: str) -> tuple[str, ...]:
    """Short weekday names, Monday first."""
    return tuple(t(language, "weekdays.short").split(","))


def describe_schedule(
    config: GuildConfig, language: str, upcoming: datetime, key: str = "config.schedule.value"
) -> str:
    """The schedule in words (sentence `key`), with the next post (`ChallengeService.next_post`) as a timestamp."""
    assert config.post_time is not None
    return t(
        language,
        key,
        weekdays=format_weekdays(config.weekdays, weekday_names(language)),
        time=config.post_time.strftime("%H:%M"),
        timezone=config.timezone,
        window=format_window(config.answer_window),
        next=f"{timestamp(upcoming, 'F')} ({timestamp(upcoming, 'R')})",
    )


class SetupCog(commands.Cog):
    """Teams and the posting schedule."""

    team = app_commands.Group(
        name="team", description="Momentos teams (managers)", default_permissions=MANAGERS, guild_only=True
    )
    config = app_commands.Group(
        name="config", description="Momentos settings (managers)", default_permissions=MANAGERS, guild_only=True
    )

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @team.command(name="add", description="Create a team: its channel gets the daily post, its role may answer")
    @app_commands.describe(
        name="Team name, e.g. Ventas",
        channel="Text channel for the team's daily post",
        role="Role of the team's members",
    )
    @manager_only()
    async def team_add(
        self,
        interaction: discord.Interaction[Any],
        name: app_commands.Range[str, 1, MAX_TEAM_NAME],
        channel: discord.TextChannel,
        role: discord.Role,
    ) -> None:
        """Create a team, refusing clashes and warning if the bot cannot post in its channel."""
        services = services_of(interaction)
        guild = interaction.guild
        assert guild is not None
        config = await services.setup.config(guild.id)
        language = language_of(interaction, config.language)
        if role.is_default() or role.managed:
            await reply(interaction, t(language, "team.bad_role", role=role.mention))
            return
        try:
            team = await services.setup.add_team(guild.id, name, channel.id, role.id, services.clock.now())
        except TeamConflict as conflict:
            key = "team.conflict.name" if conflict.field == "name" else "team.conflict.channel"
            other = discord.utils.escape_markdown(conflict.other.name)
            await reply(interaction, t(language, key, name=other, channel=channel.mention))
            return
        lines = [
            t(
                language,
                "team.added",
                name=discord.utils.escape_markdown(team.name),
                channel=channel.mention,
                role=role.mention,
            )
        ]
        missing = missing_permissions(channel, guild.me)
        if missing:
            lines.append(t(language, "team.cannot_post", channel=channel.mention, missing=", ".join(missing)))
        await reply(interaction, "\n".join(lines))

    @team.command(name="edit", description="Rename a team or change its channel or role")
    @app_commands.describe(
        name="The team to change", new_name="Its new name", channel="Its new channel", role="Its new role"
    )
    @manager_only()
    async def team_edit(
        self,
        interaction: discord.Interaction[Any],
        name: app_commands.Range[str, 1, MAX_TEAM_NAME],
        new_name: app_commands.Range[str, 1, MAX_TEAM_NAME] | None = None,
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        """Change a team, refusing clashes and roles that cannot be a team's."""
        services = services_of(interaction)
        guild = interaction.guild
        assert guild is not None
        config = await services.setup.config(guild.id)
        language = language_of(interaction, config.language)
        team = await services.storage.teams.by_name(guild.id, name)
        if team is None:
            await reply(interaction, t(language, "team.unknown", name=discord.utils.escape_markdown(name)))
            return
        if new_name is None and channel is None and role is None:
            await reply(interaction, t(language, "team.nothing"))
            return
        if role is not None and (role.is_default() or role.managed):
            await reply(interaction, t(language, "team.bad_role", role=role.mention))
            return
        try:
            edited = await services.storage.teams.edit(
                team,
                services.clock.now(),
                name=clean_team_name(new_name) if new_name is not None else None,
                channel_id=channel.id if channel else None,
                role_id=role.id if role else None,
            )
        except TeamConflict as conflict:
            key = "team.conflict.name" if conflict.field == "name" else "team.conflict.channel"
            other = discord.utils.escape_markdown(conflict.other.name)
            await reply(interaction, t(language, key, name=other, channel=f"<#{conflict.other.channel_id}>"))
            return
        lines = [
            t(
                language,
                "team.edited",
                name=discord.utils.escape_markdown(edited.name),
                channel=f"<#{edited.channel_id}>",
                role=f"<@&{edited.role_id}>",
            )
        ]
        target = guild.get_channel(edited.channel_id)
        if target is not None:
            missing = missing_permissions(target, guild.me)
            if missing:
                lines.append(
                    t(language, "team.cannot_post", channel=f"<#{edited.channel_id}>", missing=", ".join(missing))
                )
        await reply(interaction, "\n".join(lines))

    @team.command(name="remove", description="Stop a team's daily posts (its history is kept)")
    @app_commands.describe(name="The team to remove")
    @manager_only()
    async def team_remove(
        self, interaction: discord.Interaction[Any], name: app_commands.Range[str, 1, MAX_TEAM_NAME]
    ) -> None:
        """Remove a team from the game without deleting anything it did."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        team = await services.storage.teams.by_name(interaction.guild_id, name)
        if team is None:
            await reply(interaction, t(language, "team.unknown", name=discord.utils.escape_markdown(name)))
            return
        await services.storage.teams.remove(team, services.clock.now())
        await reply(interaction, t(language, "team.removed", name=discord.utils.escape_markdown(team.name)))

    @team_edit.autocomplete("name")
    @team_remove.autocomplete("name")
    @manager_only()
    async def team_name_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest the guild's team names."""
        teams = await services_of(interaction).setup.teams(interaction.guild_id or 0)
        typed = current.casefold()
        return [
            app_commands.Choice(name=team.name, value=team.name) for team in teams if typed in team.name.casefold()
        ][:25]

    @team.command(name="list", description="List the teams, their channels and roles")
    @manager_only()
    async def team_list(self, interaction: discord.Interaction[Any]) -> None:
        """Show the teams privately."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        teams = await services.setup.teams(interaction.guild_id)
        if not teams:
            await reply(interaction, t(language, "team.none"))
            return
        embed = discord.Embed(title=t(language, "team.list.title"), colour=BRAND)
        embed.description = "\n".join(_team_line(team, language) for team in teams)
        await reply(interaction, embed=embed)

    @config.command(name="schedule", description="When to post: local time, timezone, weekdays, answer window")
    @app_commands.describe(
        time="Local post time, 24-hour HH:MM, e.g. 09:00",
        timezone="IANA timezone, e.g. America/Mexico_City or Europe/Madrid",
        weekdays="Days to post, e.g. lun-vie, mon,wed,fri or todos (default lun-vie)",
        window="How long answers count after the post, e.g. 8h or 90m (default 8h)",
        reminder="Remind the team channel at 80% of the answer window (default off)",
    )
    @manager_only()
    async def config_schedule(
        self,
        interaction: discord.Interaction[Any],
        time: app_commands.Range[str, 1, 10],
        timezone: app_commands.Range[str, 1, 64],
        weekdays: app_commands.Range[str, 1, 60] = "lun-vie",
        window: app_commands.Range[str, 1, 10] | None = None,
        reminder: bool | None = None,
    ) -> None:
        """Validate and store the schedule, then say when the next post goes out."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        now = services.clock.now()
        config = await services.setup.set_schedule(
            interaction.guild_id,
            post_time=parse_time(time),
            timezone=timezone.strip(),
            weekdays=parse_weekdays(weekdays),
            window=parse_window(window) if window else None,
            now=now,
        )
        if reminder is not None:
            await services.storage.guilds.set_reminders(interaction.guild_id, reminder, now)
        language = language_of(interaction, config.language)
        upcoming = await services.challenges.next_post(config, now)
        assert upcoming is not None  # the schedule was just set
        await reply(interaction, describe_schedule(config, language, upcoming, key="config.saved"))
        self.bot.scheduler.poke()

    @config_schedule.autocomplete("timezone")
    @manager_only()
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest IANA zones as the manager types."""
        return [app_commands.Choice(name=zone, value=zone) for zone in zone_suggestions(current)]

    @config.command(name="scoring", description="Upload a scoring file (YAML), download the current one, or reset")
    @app_commands.describe(
        file="A momentos.scoring/1 YAML file (see deploy/scoring.example.yaml)",
        reset="Go back to the default rules",
    )
    @manager_only()
    async def config_scoring(
        self, interaction: discord.Interaction[Any], file: discord.Attachment | None = None, reset: bool = False
    ) -> None:
        """Validate and store the server's scoring rules; without a file, hand back the current ones."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        now = services.clock.now()
        if reset:
            await services.storage.guilds.save_rules(config.guild_id, None, now)
            await reply(interaction, t(language, "scoring.reset"))
            return
        if file is None:
            current = discord.File(io.BytesIO(dump_scoring(config.rules).encode()), filename="scoring.yaml")
            await interaction.response.send_message(t(language, "scoring.current"), file=current, ephemeral=True)
            return
        if file.size > MAX_SCORING_BYTES:
            await reply(interaction, t(language, "scoring.too_big", size=file.size, max=MAX_SCORING_BYTES))
            return
        await defer(interaction)
        try:
            game = load_scoring(await file.read(), file.filename)
        except ContentError as error:
            header = t(language, "scoring.invalid", count=len(error.problems))
            report = render_report(error.problems, language, 1900 - len(header))
            await reply(interaction, f"{header}\n```\n{report}\n```")
            return
        await services.storage.guilds.save_rules(config.guild_id, game, now)
        rules = game.scoring
        await reply(
            interaction,
            t(
                language,
                "scoring.saved",
                correct=rules.correct,
                wrong=rules.wrong,
                speed=rules.speed_bonus,
                minutes=rules.speed_minutes,
                streak=rules.streak_per_day,
                cap=rules.streak_cap,
                reflection=rules.reflection,
                min_length=rules.reflection_min_length,
                kudos=rules.kudos,
                highlight=rules.highlight,
                visibility=game.visibility.value,
            ),
        )

    @config.command(name="announcements", description="Where and when the weekly announcement goes out")
    @app_commands.describe(
        day="Day of the week (default Friday)",
        time="Local time, 24-hour HH:MM (default 17:00)",
        channel="Channel for the announcement (default: the system channel, else the first team channel)",
    )
    @manager_only()
    async def config_announcements(
        self,
        interaction: discord.Interaction[Any],
        day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "fri",
        time: app_commands.Range[str, 1, 10] = "17:00",
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Store the weekly announcement's day, time and channel."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        at = parse_time(time)
        weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(day) + 1
        await services.storage.guilds.save_announcements(
            config.guild_id, channel.id if channel else None, weekday, at, config.reminders, services.clock.now()
        )
        names = t(language, "weekday.long").split(",")
        where = channel.mention if channel else t(language, "config.announcements.default_channel")
        await reply(
            interaction,
            t(
                language,
                "config.announcements.saved",
                weekday=names[weekday - 1],
                time=at.strftime("%H:%M"),
                channel=where,
            ),
        )
        self.bot.scheduler.poke()

    @config.command(name="language", description="Language of the posts and announcements (es or en)")
    @app_commands.describe(language="es (Spanish) or en (English)")
    @manager_only()
    async def config_language(self, interaction: discord.Interaction[Any], language: Literal["es", "en"]) -> None:
        """Switch the server's language, warning if there is no content in it."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        await services.storage.guilds.set_language(interaction.guild_id, language, services.clock.now())
        config = await services.setup.config(interaction.guild_id)
        reply_language = language_of(interaction, config.language)
        count = len(await services.challenges.candidates(config))
        name = t(reply_language, f"language.{language}")
        text = t(reply_language, "config.language.saved", language=name, count=count)
        if not count:
            text += "\n" + t(reply_language, "config.language.empty", language=name)
        await reply(interaction, text)

    @config.command(name="reflections", description="Who sees reflections: after the close, at once, or managers only")
    @app_commands.describe(visibility="after_close (default), immediate or managers_only")
    @manager_only()
    async def config_reflections(
        self, interaction: discord.Interaction[Any], visibility: Literal["after_close", "immediate", "managers_only"]
    ) -> None:
        """Change only the visibility part of the server's rules."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        rules = replace(config.rules, visibility=Visibility(visibility))
        await services.storage.guilds.save_rules(config.guild_id, rules, services.clock.now())
        await reply(
            interaction, t(language, "config.reflections.saved", visibility=t(language, f"visibility.{visibility}"))
        )

    @config.command(name="manager-role", description="The role whose members are managers (besides Manage Server)")
    @app_commands.describe(role="The managers' role (leave empty to remove it)")
    @manager_only()
    async def config_manager_role(
        self, interaction: discord.Interaction[Any], role: discord.Role | None = None
    ) -> None:
        """Set or clear the manager role (checked on every manager command)."""
        services = services_of(interaction)
        assert interaction.guild_id is not None
        config = await services.setup.config(interaction.guild_id)
        language = language_of(interaction, config.language)
        if role is not None and role.is_default():
            await reply(interaction, t(language, "team.bad_role", role=role.mention))
            return
        await services.storage.guilds.set_manager_role(config.guild_id, role.id if role else None, services.clock.now())
        if role is None:
            await reply(interaction, t(language, "config.manager_role.cleared"))
        else:
            await reply(interaction, t(language, "config.manager_role.saved", role=role.mention))

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """First run: tell the installer the three commands that get the game going."""
        config = await self.bot.services.setup.config(guild.id)
        language = (
            "es"
            if str(guild.preferred_locale).startswith("es")
            else "en"
            if str(guild.preferred_locale).startswith("en")
            else config.language
        )
        candidates = [guild.system_channel] if guild.system_channel else []
        candidates += [channel for channel in guild.text_channels if channel not in candidates]
        for channel in candidates:
            if channel is not None and channel.permissions_for(guild.me).send_messages:
                try:
                    await channel.send(t(language, "welcome"), allowed_mentions=NO_PINGS)
                    return
                except discord.HTTPException:
                    continue

    @config.command(name="show", description="Show the settings and what is missing before the first post")
    @manager_only()
    async def config_show(self, interaction: discord.Interaction[Any]) -> None:
        """Settings, teams, content and every problem that would stop a post."""
        services = services_of(interaction)
        guild = interaction.guild
        assert guild is not None
        config = await services.setup.config(guild.id)
        language = language_of(interaction, config.language)
        teams = await services.setup.teams(guild.id)
        embed = discord.Embed(title=t(language, "config.title"), colour=BRAND)
        problems = []
        upcoming = await services.challenges.next_post(config, services.clock.now())
        if upcoming is None:
            problems.append(t(language, "config.schedule.missing"))
        else:
            embed.add_field(
                name=t(language, "config.schedule"),
                value=describe_schedule(config, language, upcoming),
                inline=False,
            )
        if not teams:
            problems.append(t(language, "config.teams.missing"))
        else:
            embed.add_field(
                name=t(language, "config.teams"),
                value="\n".join(_team_line(team, language) for team in teams)[:1024],
                inline=False,
            )
        for team in teams:
            channel = guild.get_channel(team.channel_id)
            if channel is None:
                problems.append(t(language, "team.cannot_post", channel=f"<#{team.channel_id}>", missing="—"))
                continue
            missing = missing_permissions(channel, guild.me)
            if missing:
                problems.append(t(language, "team.cannot_post", channel=channel.mention, missing=", ".join(missing)))
        playable = await services.challenges.candidates(config)
        manager_role = (
            t(language, "config.managers.role", role=f"<@&{config.manager_role_id}>") if config.manager_role_id else ""
        )
        embed.add_field(
            name=t(language, "config.managers"), value=t(language, "config.managers.value", role=manager_role)
        )
        embed.add_field(name=t(language, "config.language"), value=t(language, f"language.{config.language}"))
        rules = config.scoring
        embed.add_field(
            name=t(language, "config.scoring.title"),
            value=t(
                language,
                "config.scoring.value",
                correct=rules.correct,
                speed=rules.speed_bonus,
                streak=rules.streak_per_day,
                reflection=rules.reflection,
                kudos=rules.kudos,
                highlight=rules.highlight,
                visibility=t(language, f"visibility.{config.visibility.value}"),
            ),
            inline=False,
        )
        days = t(language, "weekday.long").split(",")
        where = (
            f"<#{config.announce_channel_id}>"
            if config.announce_channel_id
            else t(language, "config.announcements.default_channel")
        )
        embed.add_field(
            name=t(language, "config.announcements"),
            value=t(
                language,
                "config.announcements.saved",
                weekday=days[config.announce_weekday - 1],
                time=config.announce_time.strftime("%H:%M"),
                channel=where,
            ),
            inline=False,
        )
        embed.add_field(
            name=t(language, "config.content"),
            value=t(
                language,
                "config.content.value",
                count=len(playable),
                language=t(language, f"language.{config.language}"),
            ),
            inline=False,
        )
        if not playable:
            problems.append(t(language, "challenge.no_content", language=config.language))
        embed.add_field(
            name=t(language, "config.problems"),
            value="\n".join(problems)[:1024] or t(language, "config.all_good"),
            inline=False,
        )
        await reply(interaction, embed=embed)


def _team_line(team: Team, language: str) -> str:
    return t(
        language,
        "config.team.line",
        name=discord.utils.escape_markdown(team.name),
        channel=f"<#{team.channel_id}>",
        role=f"<@&{team.role_id}>",
    )
