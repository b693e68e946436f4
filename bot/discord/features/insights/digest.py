"""The weekly coaching digest on Discord: frozen figures as an embed, in the managers-only channel, once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import discord

from bot.discord.client import MomentosBot
from bot.discord.failures import failure_reason
from bot.discord.features.insights.embeds import flag_line, percent, step_title
from bot.discord.look import BRAND, letter
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.discord.weekly import resume_pending
from bot.domain.insights.people import Flag, Rule
from bot.domain.model import Catalog
from bot.domain.state import Announcement, GuildConfig, Trigger
from bot.services import Services
from bot.services.digests import DigestResults, DigestTeam, DueDigest

log = logging.getLogger("momentos.digests")


def is_public(channel: discord.abc.GuildChannel) -> bool:
    """Whether everyone on the server can read the channel (the digest names people: never there)."""
    return channel.permissions_for(channel.guild.default_role).view_channel


def team_lines(team: DigestTeam, catalog: Catalog, language: str) -> str:
    """A team's week: its figures, then its weakest step and trend (or why there is none)."""
    head = t(
        language,
        "insights.team",
        name=discord.utils.escape_markdown(team.name),
        participation=percent(team.participation),
        first=percent(team.first_try),
        current=percent(team.current),
        attempts=team.attempts,
    )
    if team.weakest_step is None:
        return head + "\n" + t(language, "insights.not_enough", have=team.have, need=team.need)
    previous = t(language, "digest.previous")
    if team.trend is not None:
        trend = t(
            language,
            "insights.trend",
            delta=f"{team.trend * 100:+.0f}",
            previous=previous,
            before=team.previous_attempts,
        )
    else:
        trend = t(language, "insights.trend.none", previous=previous, before=team.previous_attempts, need=10)
    weakest = t(
        language,
        "insights.weakest",
        step=team.weakest_step,
        title=step_title(team.weakest_step, catalog, language),
        current=percent(team.weakest_current),
        attempts=team.weakest_attempts,
        trend=trend,
    )
    return f"{head}\n{weakest}"


def digest_embed(results: DigestResults, catalog: Catalog, language: str) -> discord.Embed:
    """The digest as managers read it."""
    embed = discord.Embed(title=t(language, "digest.title", week=results.week), colour=BRAND)
    embed.description = "\n\n".join(team_lines(team, catalog, language) for team in results.teams)[:4000]
    names = {team.team_id: team.name for team in results.teams}
    flags = [
        Flag(flag.user_id, team.team_id, Rule(flag.rule), flag.detail) for team in results.teams for flag in team.flags
    ]
    talks = "\n".join(flag_line(flag, names, language) for flag in flags) or t(language, "insights.talks.none")
    embed.add_field(name=t(language, "insights.talks"), value=talks[:1024], inline=False)
    if results.ambiguous:
        lines = []
        for item in results.ambiguous:
            found = catalog.items.get(item.item_id)
            title = found.title.get(language) if found is not None else item.item_id
            line = f"«{discord.utils.escape_markdown(title)}» — " + " ".join(
                f"{letter(index)} {percent(share)}" + (" ✅" if index == item.right else "")
                for index, share in enumerate(item.shares)
            )
            if item.author_id is not None:
                line += t(language, "insights.item.author", user=item.author_id)
            lines.append(line)
        embed.add_field(name=t(language, "digest.ambiguous"), value="\n".join(lines)[:1024], inline=False)
    embed.set_footer(text=t(language, "digest.footer", week=results.week))
    return embed


@dataclass(frozen=True, slots=True)
class Sent:
    """The digest is in `channel_id`."""

    channel_id: int
    message_id: int


class Digester:
    """Reserves the week's digest, renders it, sends it to the managers-only channel; retries from the frozen JSON."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @property
    def services(self) -> Services:
        return self.bot.services

    def channel_for(self, config: GuildConfig) -> discord.TextChannel | None:
        """The configured channel if the bot can write there."""
        guild = self.bot.get_guild(config.guild_id)
        channel = guild.get_channel(config.insights_channel_id or 0) if guild is not None else None
        if (
            isinstance(channel, discord.TextChannel)
            and guild is not None
            and channel.permissions_for(guild.me).send_messages
        ):
            return channel
        return None

    async def send_due(self, due: DueDigest) -> Sent | None:
        """Reserve and send a due digest (nothing if the week has one already)."""
        reserved = await self.services.digests.reserve(due.guild, due, Trigger.SCHEDULE, self.services.clock.now())
        if isinstance(reserved, Announcement):
            return None
        digest, results = reserved
        return await self._send(due.guild, digest, results)

    async def resume(self, digest: Announcement) -> Sent | None:
        """Send a digest left unsent (crash) or failed, from its frozen figures."""
        config = await self.services.setup.config(digest.guild_id)
        return await self._send(config, digest, DigestResults.from_json(digest.results))

    async def _send(self, config: GuildConfig, digest: Announcement, results: DigestResults) -> Sent | None:
        services = self.services
        channel = self.channel_for(config)
        if channel is None or is_public(channel):
            reason = "no channel" if channel is None else "the channel is readable by everyone"
            await services.digests.failed(digest, reason, services.clock.now())
            log.warning("digest not sent guild=%s week=%s: %s", config.guild_id, digest.week, reason)
            return None
        found = await self._find_sent(channel, digest.week)
        if found is not None:
            await services.digests.posted(digest, channel.id, found.id, services.clock.now())
            return Sent(channel.id, found.id)
        try:
            message = await channel.send(
                embed=digest_embed(results, services.catalog, config.language), allowed_mentions=NO_PINGS
            )
        except discord.HTTPException as error:
            await services.digests.failed(digest, f"{error.status} {error.text}", services.clock.now())
            log.warning("digest failed guild=%s: %s", config.guild_id, failure_reason(error, config.language))
            return None
        await services.digests.posted(digest, channel.id, message.id, services.clock.now())
        log.info("digest sent guild=%s week=%s message=%s", config.guild_id, digest.week, message.id)
        return Sent(channel.id, message.id)

    async def _find_sent(self, channel: discord.TextChannel, week: str) -> discord.Message | None:
        """A digest of `week` the bot sent before a crash (its footer names the week)."""
        me = self.bot.user
        try:
            async for message in channel.history(limit=50):
                if me is not None and message.author.id == me.id and message.embeds:
                    footer = message.embeds[0].footer.text or ""
                    if f" {week} " in f" {footer} ":
                        return message
        except discord.HTTPException:
            return None
        return None


class DigestJob:
    """Digests due now are sent once; failed ones are retried; a crash mid-send is settled at start-up."""

    def __init__(self, services: Services, digester: Digester) -> None:
        self.services = services
        self.digester = digester

    async def recover(self) -> None:
        """At start-up: digests a crash left half-sent, and failed ones due for a retry."""
        await self._pending(retries_only=False)

    async def _pending(self, *, retries_only: bool) -> None:
        now = self.services.clock.now()
        await resume_pending(self.services.digests, self.digester, now, retries_only=retries_only)

    async def tick(self, now: datetime) -> list[object]:
        """Send every digest due now; then retry failed ones whose time has come."""
        for due in await self.services.digests.due(now):
            try:
                await self.digester.send_due(due)
            except Exception:
                log.exception("digest failed guild=%s week=%s", due.guild.guild_id, due.week.label)
        await self._pending(retries_only=True)
        return []

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next server's digest time."""
        return await self.services.digests.next_instant(now)
