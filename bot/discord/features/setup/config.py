"""/config: the schedule, scoring, announcements, language, manager role and a check of what is missing."""

from __future__ import annotations

import io
import zoneinfo
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, get_args

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.errors import ContentError
from bot.content.scoring import MAX_SCORING_BYTES, dump_scoring, load_scoring
from bot.discord.context import call_of, manager_only
from bot.discord.features.setup.readiness import channel_access, describe
from bot.discord.features.setup.teams import team_line
from bot.discord.look import BRAND, format_window, timestamp
from bot.discord.problems import render_report
from bot.discord.replies import NO_PINGS
from bot.discord.scheduler import Scheduler
from bot.discord.texts import language_of, t
from bot.domain.inputs import format_weekdays, parse_time, parse_weekdays, parse_window
from bot.domain.readiness import readiness
from bot.domain.settings import Visibility
from bot.domain.state import GuildConfig
from bot.services import Services

MANAGERS = discord.Permissions(manage_guild=True)
WeekdayCode = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # the day options of weekly messages


def weekday_number(day: WeekdayCode) -> int:
    """An option's day as stored: 1 (Monday) to 7 (Sunday)."""
    return get_args(WeekdayCode).index(day) + 1


def weekday_name(language: str, number: int) -> str:
    """A stored day (1 = Monday) in words, in the reader's language."""
    return t(language, "weekday.long").split(",")[number - 1]

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


def weekday_names(language: str) -> tuple[str, ...]:
    """Short weekday names, Monday first."""
    return tuple(t(language, "weekdays.short").split(","))


def describe_schedule(
    config: GuildConfig, language: str, upcoming: datetime, key: str = "config.schedule.value"
) -> str:
    """The schedule in words (sentence `key`), with the next post (`PostingService.next_post`) as a timestamp."""
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


class ConfigCog(commands.Cog):
    """The posting schedule and every other server setting."""

    config = app_commands.Group(
        name="config", description="Momentos settings (managers)", default_permissions=MANAGERS, guild_only=True
    )

    def __init__(self, services: Services, scheduler: Scheduler) -> None:
        self.services = services
        self.scheduler = scheduler

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
        call = await call_of(interaction)
        services, now = call.services, call.now
        config = await services.setup.set_schedule(
            call.guild_id,
            post_time=parse_time(time),
            timezone=timezone.strip(),
            weekdays=parse_weekdays(weekdays),
            window=parse_window(window) if window else None,
            now=now,
        )
        if reminder is not None:
            await services.setup.set_reminders(call.guild_id, reminder, now)
        upcoming = await services.posting.next_post(config, now)
        assert upcoming is not None  # the schedule was just set
        await call.reply(describe_schedule(config, call.language, upcoming, key="config.saved"))
        self.scheduler.poke()

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
        call = await call_of(interaction)
        services, config, language, now = call.services, call.config, call.language, call.now
        if reset:
            await services.setup.set_rules(config.guild_id, None, now)
            await call.say("scoring.reset")
            return
        if file is None:
            current = discord.File(io.BytesIO(dump_scoring(config.rules).encode()), filename="scoring.yaml")
            await interaction.response.send_message(call.t("scoring.current"), file=current, ephemeral=True)
            return
        if file.size > MAX_SCORING_BYTES:
            await call.say("scoring.too_big", size=file.size, max=MAX_SCORING_BYTES)
            return
        await call.defer()
        try:
            game = load_scoring(await file.read(), file.filename)
        except ContentError as error:
            header = call.t("scoring.invalid", count=len(error.problems))
            report = render_report(error.problems, language, 1900 - len(header))
            await call.reply(f"{header}\n```\n{report}\n```")
            return
        await services.setup.set_rules(config.guild_id, game, now)
        rules = game.scoring
        await call.reply(
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
                per_day=game.reviews.per_day,
                review=rules.review,
                retention=f"{game.reviews.desired_retention:.2f}",
                interval=game.reviews.max_interval_days,
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
        day: WeekdayCode = "fri",
        time: app_commands.Range[str, 1, 10] = "17:00",
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Store the weekly announcement's day, time and channel."""
        call = await call_of(interaction)
        at = parse_time(time)
        weekday = weekday_number(day)
        await call.services.setup.set_announcements(call.config, channel.id if channel else None, weekday, at, call.now)
        where = channel.mention if channel else call.t("config.announcements.default_channel")
        await call.say(
            "config.announcements.saved",
            weekday=weekday_name(call.language, weekday),
            time=at.strftime("%H:%M"),
            channel=where,
        )
        self.scheduler.poke()

    @config.command(name="insights", description="The weekly coaching digest: a managers-only channel, day and time")
    @app_commands.describe(
        channel="A channel only managers can read (the digest names people)",
        day="Day of the week (default Monday)",
        time="Local time, 24-hour HH:MM (default 08:00)",
        off="Stop the digest",
    )
    @manager_only()
    async def config_insights(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel | None = None,
        day: WeekdayCode = "mon",
        time: app_commands.Range[str, 1, 10] = "08:00",
        off: bool = False,
    ) -> None:
        """Store where and when the digest goes; a channel everyone can read is refused."""
        call = await call_of(interaction)
        if off or channel is None:
            await call.services.digests.configure(call.guild_id, None, 1, call.config.insights_time, call.now)
            await call.say("digest.off")
            return
        if channel.permissions_for(channel.guild.default_role).view_channel:
            await call.say("digest.public", channel=channel.mention)
            return
        at = parse_time(time)
        weekday = weekday_number(day)
        await call.services.digests.configure(call.guild_id, channel.id, weekday, at, call.now)
        await call.say(
            "digest.saved", day=weekday_name(call.language, weekday), time=at.strftime("%H:%M"), channel=channel.mention
        )
        self.scheduler.poke()

    @config.command(name="language", description="Language of the posts and announcements (es or en)")
    @app_commands.describe(language="es (Spanish) or en (English)")
    @manager_only()
    async def config_language(self, interaction: discord.Interaction[Any], language: Literal["es", "en"]) -> None:
        """Switch the server's language, warning if there is no content in it."""
        call = await call_of(interaction)
        services = call.services
        config = await services.setup.set_language(call.guild_id, language, call.now)
        reply_language = language_of(interaction, config.language)
        count = len(await services.posting.candidates(config))
        name = t(reply_language, f"language.{language}")
        text = t(reply_language, "config.language.saved", language=name, count=count)
        if not count:
            text += "\n" + t(reply_language, "config.language.empty", language=name)
        await call.reply(text)

    @config.command(name="reflections", description="Who sees reflections: after the close, at once, or managers only")
    @app_commands.describe(visibility="after_close (default), immediate or managers_only")
    @manager_only()
    async def config_reflections(
        self, interaction: discord.Interaction[Any], visibility: Literal["after_close", "immediate", "managers_only"]
    ) -> None:
        """Change only the visibility part of the server's rules."""
        call = await call_of(interaction)
        rules = replace(call.config.rules, visibility=Visibility(visibility))
        await call.services.setup.set_rules(call.guild_id, rules, call.now)
        await call.say("config.reflections.saved", visibility=call.t(f"visibility.{visibility}"))

    @config.command(name="manager-role", description="The role whose members are managers (besides Manage Server)")
    @app_commands.describe(role="The managers' role (leave empty to remove it)")
    @manager_only()
    async def config_manager_role(
        self, interaction: discord.Interaction[Any], role: discord.Role | None = None
    ) -> None:
        """Set or clear the manager role (checked on every manager command)."""
        call = await call_of(interaction)
        if role is not None and role.is_default():
            await call.say("team.bad_role", role=role.mention)
            return
        await call.services.setup.set_manager_role(call.guild_id, role.id if role else None, call.now)
        if role is None:
            await call.say("config.manager_role.cleared")
        else:
            await call.say("config.manager_role.saved", role=role.mention)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """First run: tell the installer the three commands that get the game going."""
        config = await self.services.setup.config(guild.id)
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
        """Settings, teams, content and every problem that would stop a post (the readiness rule's findings)."""
        call = await call_of(interaction)
        services, config, language = call.services, call.config, call.language
        guild = interaction.guild
        assert guild is not None
        teams = await services.setup.teams(guild.id)
        playable = await services.posting.candidates(config)
        embed = discord.Embed(title=t(language, "config.title"), colour=BRAND)
        upcoming = await services.posting.next_post(config, call.now)
        if upcoming is not None:
            embed.add_field(
                name=t(language, "config.schedule"), value=describe_schedule(config, language, upcoming), inline=False
            )
        if teams:
            embed.add_field(
                name=t(language, "config.teams"),
                value="\n".join(team_line(team, language) for team in teams)[:1024],
                inline=False,
            )
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
                per_day=config.reviews.per_day,
                review=rules.review,
            ),
            inline=False,
        )
        memory = await services.reviews.parameters_in_use(config)
        embed.add_field(
            name=t(language, "config.memory"),
            value=t(
                language,
                f"config.memory.{memory.source}",
                reviews=memory.reviews,
                needed=memory.needed,
                date=memory.fitted_at.date().isoformat() if memory.fitted_at else "—",
                retention=f"{config.reviews.desired_retention:.0%}",
                interval=config.reviews.max_interval_days,
            ),
            inline=False,
        )
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
                weekday=weekday_name(language, config.announce_weekday),
                time=config.announce_time.strftime("%H:%M"),
                channel=where,
            ),
            inline=False,
        )
        digest = (
            t(
                language,
                "config.digest.on",
                day=weekday_name(language, config.insights_weekday),
                time=config.insights_time.strftime("%H:%M"),
                channel=f"<#{config.insights_channel_id}>",
            )
            if config.insights_channel_id
            else t(language, "config.digest.none")
        )
        embed.add_field(name=t(language, "config.digest"), value=digest, inline=False)
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
        findings = readiness(config, teams, len(playable), channel_access(guild, teams))
        embed.add_field(
            name=t(language, "config.problems"),
            value="\n".join(describe(finding, language) for finding in findings)[:1024]
            or t(language, "config.all_good"),
            inline=False,
        )
        await call.reply(embed=embed)
