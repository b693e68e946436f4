"""Sending a team's challenge to its channel, and telling managers once when that fails."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import discord

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind, encode, parse
from bot.discord.failures import failure_reason, managers_can_fix
from bot.discord.features.daily.embeds import post_embed
from bot.discord.look import letter
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.model import Item
from bot.domain.schedule import local_date
from bot.domain.state import GuildConfig, Post, Team, Trigger
from bot.services.posting import Due, Existing, NothingToPost, Reserved

log = logging.getLogger("momentos.posting")
R = TypeVar("R")

# Posts on their way to Discord at once. The pacer (bot.discord.pacing) sets the rate; this only has to
# cover a request's round trip at that rate (50/s x 0.5 s) and bounds how far reservations run ahead.
SENDS_IN_FLIGHT = 25


def _answers(post: Post, custom_id: str) -> bool:
    """Whether a button is a choice of `post` (how a post's message is recognised in the channel)."""
    parsed = parse(custom_id)
    return parsed is not None and parsed.kind is Kind.ANSWER and parsed.first == post.post_id


@dataclass(frozen=True, slots=True)
class Posted:
    """The challenge is in the channel."""

    post: Post
    message_id: int


@dataclass(frozen=True, slots=True)
class AlreadyPosted:
    """The team had its post for that day."""

    post: Post


@dataclass(frozen=True, slots=True)
class Failed:
    """Discord refused the post; it will be retried while the day lasts."""

    post: Post
    reason: str


PostResult = Posted | AlreadyPosted | Failed | NothingToPost


async def _bounded(job: Callable[[], Awaitable[R]], slots: asyncio.Semaphore, failure: str) -> R | None:
    """Run `job` holding one of `slots` (already acquired); an exception is logged with `failure`, giving None."""
    try:
        return await job()
    except Exception:
        log.exception(failure)
        return None
    finally:
        slots.release()


def _cancel_pending(outcomes: Sequence[object]) -> None:
    """Cancel the tasks of a fan-out that is being abandoned (the tick was cancelled or failed)."""
    for outcome in outcomes:
        if isinstance(outcome, asyncio.Task) and not outcome.done():
            outcome.cancel()


class Poster:
    """Posts challenges: reserve the (team, day) row first, then send, then record, so nothing doubles."""

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot
        self.sending: set[int] = set()  # posts on their way to Discord in this process (not stuck: in flight)

    def view(
        self, post_id: int, item: Item, language: str, *, closed: bool = False, reviews: bool = False
    ) -> discord.ui.View:
        """One button per choice (A, B, C…), for scenarios a Reflect button, and 🔁 Review when reviews are on.

        Every click is handled from its custom_id alone, so views are stopped once sent: discord.py then
        keeps no per-message copy (which would grow with every post and dispatch each click twice).
        """
        view = discord.ui.View(timeout=None)
        for index in range(len(item.choices)):
            view.add_item(
                discord.ui.Button(
                    label=letter(index),
                    style=discord.ButtonStyle.primary,
                    custom_id=encode(Kind.ANSWER, post_id, index),
                    disabled=closed,
                )
            )
        if item.reflection is not None:
            view.add_item(
                discord.ui.Button(
                    label=f"📝 {t(language, 'reflect.button')}",
                    style=discord.ButtonStyle.success,
                    custom_id=encode(Kind.REFLECT, post_id),
                    disabled=closed,
                    row=1,
                )
            )
        if reviews:  # each presser gets their own review, privately; open after the close too
            view.add_item(
                discord.ui.Button(
                    label=t(language, "review.button"),
                    style=discord.ButtonStyle.secondary,
                    custom_id=encode(Kind.REVIEWS, post_id),
                    row=1,
                )
            )
        return view

    async def post(self, guild: GuildConfig, team: Team, day: date, trigger: Trigger) -> PostResult:
        """Make the team's post for `day` unless it exists."""
        reserved = await self._reserve(guild, team, day, trigger)
        if not isinstance(reserved, Reserved):
            return reserved
        return await self.send(guild, team, reserved.post, reserved.item)

    async def post_many(self, dues: Sequence[Due], trigger: Trigger) -> list[PostResult]:
        """Post for many teams at once; results in the order of `dues`, without the teams whose post raised.

        Reservations are made one after another in that order (a server's first post of the day picks the
        item every later team of that server must get), while the sends run concurrently, at most
        SENDS_IN_FLIGHT at a time, so 200 teams due at the same minute go out as fast as Discord's global
        limit allows. One team's error is logged and spares the others.
        """
        slots = asyncio.Semaphore(SENDS_IN_FLIGHT)
        outcomes: list[PostResult | asyncio.Task[PostResult | None] | None] = []
        day_items: dict[tuple[int, date], Item] = {}
        try:
            for due in dues:
                failure = f"posting failed guild={due.guild.guild_id} team={due.team.team_id}"
                await slots.acquire()
                try:
                    reserved = await self._reserve(due.guild, due.team, due.day, trigger, day_items)
                except Exception:
                    slots.release()
                    log.exception(failure)
                    outcomes.append(None)
                    continue
                if isinstance(reserved, Reserved):
                    send = functools.partial(self.send, due.guild, due.team, reserved.post, reserved.item)
                    outcomes.append(asyncio.create_task(_bounded(send, slots, failure)))
                else:
                    slots.release()
                    outcomes.append(reserved)
            results = [await outcome if isinstance(outcome, asyncio.Task) else outcome for outcome in outcomes]
        finally:
            _cancel_pending(outcomes)
        return [result for result in results if result is not None]

    async def retry_many(self, posts: Sequence[Post]) -> list[Posted | Failed]:
        """Retry failed posts concurrently like `post_many` (each post's item is already fixed)."""
        slots = asyncio.Semaphore(SENDS_IN_FLIGHT)
        tasks: list[asyncio.Task[Posted | Failed | None]] = []
        try:
            for post in posts:
                await slots.acquire()
                retry = functools.partial(self.retry, post)
                tasks.append(asyncio.create_task(_bounded(retry, slots, f"retry failed post={post.post_id}")))
            results = [await task for task in tasks]
        finally:
            _cancel_pending(tasks)
        return [result for result in results if result is not None]

    async def _reserve(
        self,
        guild: GuildConfig,
        team: Team,
        day: date,
        trigger: Trigger,
        day_items: dict[tuple[int, date], Item] | None = None,
    ) -> PostResult | Reserved:
        """Claim the team's post for `day`: Reserved to send, or the result that says why not."""
        now = self.bot.services.clock.now()
        reserved = await self.bot.services.posting.reserve(guild, team, day, trigger, now, day_items=day_items)
        if isinstance(reserved, NothingToPost):
            log.error("guild=%s has no playable content in language %r", guild.guild_id, reserved.language)
            return reserved
        if isinstance(reserved, Existing):
            return AlreadyPosted(reserved.post)
        return reserved

    async def send(self, guild: GuildConfig, team: Team, post: Post, item: Item) -> Posted | Failed:
        """Send a reserved post and record the outcome (used for first tries, retries and recovery)."""
        self.sending.add(post.post_id)
        try:
            return await self._send(guild, team, post, item)
        finally:
            self.sending.discard(post.post_id)

    async def _send(self, guild: GuildConfig, team: Team, post: Post, item: Item) -> Posted | Failed:
        services = self.bot.services
        posted_at = services.clock.now()
        closes_at = posted_at + guild.answer_window
        embed = post_embed(item, services.catalog, guild.language, team.name, closes_at)
        try:
            channel = self.bot.get_channel(team.channel_id) or await self.bot.fetch_channel(team.channel_id)
            if not isinstance(channel, discord.TextChannel | discord.Thread):
                reason = t(guild.language, "reason.not_text")
                return await self._failed(guild, team, post, reason, f"channel type {type(channel).__name__}")
            view = self.view(post.post_id, item, guild.language, reviews=guild.reviews.per_day > 0)
            message = await channel.send(embed=embed, view=view, allowed_mentions=NO_PINGS, nonce=post.post_id)
            view.stop()
        except discord.HTTPException as error:
            reason = failure_reason(error, guild.language)
            detail = f"{error.status}/{error.code} {error.text}"
            return await self._failed(guild, team, post, reason, detail, tell=managers_can_fix(error))
        await services.posting.posted(post, message.id, posted_at, guild)
        log.info(
            "posted guild=%s team=%s post=%s item=%s message=%s",
            guild.guild_id,
            team.team_id,
            post.post_id,
            item.id,
            message.id,
        )
        return Posted(post, message.id)

    async def _failed(
        self, guild: GuildConfig, team: Team, post: Post, reason: str, detail: str, *, tell: bool = True
    ) -> Failed:
        """Record the failure, schedule a retry, and tell the managers once per post if `tell` (theirs to fix)."""
        services = self.bot.services
        now = services.clock.now()
        retry_at = await services.posting.failed(post, detail, guild, now)
        log.warning(
            "post failed guild=%s team=%s post=%s error=%s retry_at=%s",
            guild.guild_id,
            team.team_id,
            post.post_id,
            detail,
            retry_at,
        )
        if tell and post.error_notified_at is None:
            await self._notify(guild, team, reason)
            await services.posting.managers_told(post, now)
        return Failed(post, reason)

    async def _notify(self, config: GuildConfig, team: Team, reason: str) -> None:
        """Tell the managers where they will see it: the system channel, else the first channel that works."""
        guild = self.bot.get_guild(config.guild_id)
        if guild is None:
            return
        name = discord.utils.escape_markdown(team.name)
        text = t(config.language, "challenge.notify", team=name, channel=f"<#{team.channel_id}>", reason=reason)
        candidates = [guild.system_channel] if guild.system_channel else []
        candidates += [c for c in guild.text_channels if c not in candidates and c.id != team.channel_id]
        for channel in candidates:
            if channel is None or not channel.permissions_for(guild.me).send_messages:
                continue
            try:
                await channel.send(text, allowed_mentions=NO_PINGS)
                return
            except discord.HTTPException:
                continue
        log.error("guild=%s: could not tell managers that team=%s cannot be posted to", config.guild_id, team.team_id)

    async def retry(self, post: Post) -> Posted | Failed | None:
        """Send a failed post again if nobody else took it; None if it was not ours to retry."""
        services = self.bot.services
        if not await services.posting.claim_retry(post):
            return None
        return await self._resend(post)

    async def _resend(self, post: Post) -> Posted | Failed | None:
        services = self.bot.services
        guild = await services.setup.config(post.guild_id)
        team = await services.setup.team(post.team_id)
        item = await services.posting.item_of(post)
        fresh = await services.posting.post(post.post_id)
        if team is None or item is None or fresh is None:
            return None
        return await self.send(guild, team, fresh, item)

    async def recover(self, post: Post) -> None:
        """A post left 'sending' by a crash: find it in the channel, else send it if its day is still today."""
        services = self.bot.services
        guild = await services.setup.config(post.guild_id)
        found = await self._find_sent(post)
        if found is not None:
            await services.posting.posted(post, found.id, found.created_at, guild)
            log.info("recovered post=%s as message=%s", post.post_id, found.id)
            return
        if local_date(services.clock.now(), guild.timezone) == post.local_date:
            await self._resend(post)
        else:
            await services.posting.given_up(post, "interrupted and its day has passed")

    async def _find_sent(self, post: Post) -> discord.Message | None:
        channel = self.bot.get_channel(post.channel_id)
        if not isinstance(channel, discord.TextChannel):
            return None
        me = self.bot.user
        try:
            async for message in channel.history(limit=50):
                if me is None or message.author.id != me.id:
                    continue
                for row in message.components:
                    for child in getattr(row, "children", []):
                        if _answers(post, str(getattr(child, "custom_id", "") or "")):
                            return message
        except discord.HTTPException:
            return None
        return None
