"""The weekly announcement on Discord: frozen results as an embed with a chart, in the right channel, once."""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass
from datetime import datetime

import discord

from bot.discord.client import MomentosBot
from bot.discord.failures import failure_reason
from bot.discord.features.boards.embeds import CHART_FILE, week_embed
from bot.discord.look import message_link
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.periods import Window
from bot.domain.state import Announcement, GuildConfig, Trigger
from bot.services.announcements import WeekResults
from bot.services.chart import week_chart

log = logging.getLogger("momentos.announcing")


@dataclass(frozen=True, slots=True)
class Announced:
    """The announcement is in `channel_id`."""

    announcement: Announcement
    channel_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class NotAnnounced:
    """Nothing was sent: `reason` says why (already posted, no channel, Discord refused)."""

    reason: str
    existing: Announcement | None = None


class Announcer:
    """Reserves the week, renders it, sends it; a crash or failure is retried from the frozen results."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    def channel_for(self, config: GuildConfig, team_channels: list[int]) -> discord.abc.Messageable | None:
        """The configured channel, else the server's system channel, else the first team channel."""
        guild = self.bot.get_guild(config.guild_id)
        if guild is None:
            return None
        candidates: list[int] = []
        if config.announce_channel_id:
            candidates.append(config.announce_channel_id)
        if guild.system_channel:
            candidates.append(guild.system_channel.id)
        candidates += team_channels
        for channel_id in candidates:
            channel = guild.get_channel(channel_id)
            if isinstance(channel, discord.TextChannel) and channel.permissions_for(guild.me).send_messages:
                return channel
        return None

    async def announce(
        self, config: GuildConfig, week: Window, cutoff: datetime, trigger: Trigger
    ) -> Announced | NotAnnounced:
        """Announce `week` (results up to `cutoff`) unless it was announced already."""
        services = self.bot.services
        teams = await services.setup.teams(config.guild_id)
        channel = self.channel_for(config, [team.channel_id for team in teams])
        if channel is None:
            return NotAnnounced("no channel")
        reserved = await services.announcements.reserve(
            config, week, cutoff, trigger, getattr(channel, "id", None), services.clock.now()
        )
        if isinstance(reserved, Announcement):
            return NotAnnounced("exists", reserved)
        announcement, results = reserved
        return await self._send(config, announcement, results, channel)

    async def resume(self, announcement: Announcement) -> Announced | NotAnnounced:
        """Send an announcement left unsent (crash) or failed, from its frozen results."""
        services = self.bot.services
        config = await services.setup.config(announcement.guild_id)
        teams = await services.setup.teams(config.guild_id)
        channel = self.channel_for(config, [team.channel_id for team in teams])
        if channel is None:
            return NotAnnounced("no channel")
        found = await self._find_sent(channel, announcement.week)
        if found is not None:
            await services.announcements.posted(announcement, found.channel.id, found.id, services.clock.now())
            return Announced(announcement, found.channel.id, found.id)
        return await self._send(config, announcement, WeekResults.from_json(announcement.results), channel)

    async def _send(
        self, config: GuildConfig, announcement: Announcement, results: WeekResults, channel: discord.abc.Messageable
    ) -> Announced | NotAnnounced:
        services = self.bot.services
        language = config.language
        chart = await draw_chart(results, language)
        embed = week_embed(results, language, config.timezone, with_chart=True)
        try:
            message = await channel.send(
                embed=embed, file=discord.File(io.BytesIO(chart), filename=CHART_FILE), allowed_mentions=NO_PINGS
            )
        except discord.HTTPException as error:
            await services.announcements.failed(announcement, f"{error.status} {error.text}", services.clock.now())
            return NotAnnounced(failure_reason(error, language), announcement)
        await services.announcements.posted(announcement, message.channel.id, message.id, services.clock.now())
        log.info("announced guild=%s week=%s message=%s", config.guild_id, results.week, message.id)
        return Announced(announcement, message.channel.id, message.id)

    async def _find_sent(self, channel: discord.abc.Messageable, week: str) -> discord.Message | None:
        """An announcement of `week` the bot already sent before a crash (its embed footer names the week)."""
        me = self.bot.user
        try:
            async for message in channel.history(limit=50):
                if me is not None and message.author.id == me.id:
                    footer = message.embeds[0].footer.text if message.embeds else None
                    if footer and f" {week} " in f" {footer} ":
                        return message
        except discord.HTTPException:
            return None
        return None

    @staticmethod
    def link(config: GuildConfig, announced: Announced) -> str:
        """A jump link to an announcement."""
        return message_link(config.guild_id, announced.channel_id, announced.message_id)


async def draw_chart(results: WeekResults, language: str) -> bytes:
    """The week's chart with its labels in `language`, drawn off the event loop (matplotlib takes ~0.4 s)."""
    return await asyncio.to_thread(
        week_chart,
        results,
        t(language, "week.chart.title", week=results.week),
        t(language, "week.chart.step"),
        t(language, "week.chart.points"),
    )
