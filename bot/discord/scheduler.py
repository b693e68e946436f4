"""The state-driven daily loop: ask the database what is due, post it, sleep until the next thing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.discord.posting import Poster, PostResult
from bot.domain.state import PostStatus, Trigger

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot

log = logging.getLogger("momentos.scheduler")

MAX_SLEEP = 60.0
MIN_SLEEP = 0.05
STOP_GRACE = 5.0  # seconds a stop gives the tick in flight (Docker waits 10 s before SIGKILL)
# A 'sending' post this old and not in flight was sent (or not) but never recorded: its record failed.
STUCK_AFTER = timedelta(minutes=1)


class Scheduler:
    """Wakes at least once a minute (or when poked), posts whatever is due, and recovers after crashes.

    Nothing is kept in memory between ticks: every decision is re-read from the database, so a restart
    at any moment resumes exactly where the last run stopped, and today's missed posts are caught up once.
    """

    def __init__(self, bot: MomentosBot, poster: Poster) -> None:
        from bot.discord.announcing import Announcer
        from bot.discord.closing import Closer

        self.bot = bot
        self.poster = poster
        self.closer = Closer(bot)
        self.announcer = Announcer(bot)
        self.lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self.ticks = 0

    def poke(self) -> None:
        """Wake the loop now (after a schedule change, or when a test moves the clock)."""
        self._wake.set()

    async def run(self) -> None:
        """Recover interrupted posts, then tick forever."""
        await self.bot.wait_until_ready()
        await self.recover()
        while not self.bot.is_closed():
            # Clear before reading the clock: a poke that arrives during the tick triggers another one.
            self._wake.clear()
            try:
                await self._whole_tick()
            except Exception:
                log.exception("scheduler tick failed; trying again at the next one")
            else:
                self.bot.beat()
            await self._sleep()

    async def _whole_tick(self) -> None:
        """A tick that a stop does not cut in half: cancelling the loop (SIGTERM, a restart) lets it finish.

        Cut between a send and its record, a reminder would go out again after the restart. The tick gets
        STOP_GRACE seconds; past that it is cancelled, and posts and announcements are recovered at start-up.
        """
        tick = asyncio.create_task(self.tick(), name="momentos-tick")
        try:
            await asyncio.shield(tick)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(tick, STOP_GRACE)
            raise

    async def _sleep(self) -> None:
        services = self.bot.services
        now = services.clock.now()
        try:
            moments = [
                await services.challenges.next_wakeup(now),
                await services.closing.next_event(now),
                await services.announcements.next_instant(now),
            ]
            wake = min((moment for moment in moments if moment is not None), default=None)
        except Exception:
            log.exception("could not compute the next wake-up")
            wake = None
        delay = MAX_SLEEP if wake is None else min(MAX_SLEEP, max(MIN_SLEEP, (wake - now).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    async def recover(self) -> None:
        """Posts a crash left half-sent: adopt the message if it went out, else send it (same day only)."""
        async with self.lock:
            for post in await self.bot.services.storage.posts.with_status(PostStatus.SENDING):
                try:
                    await self.poster.recover(post)
                except Exception:
                    log.exception("could not recover post=%s", post.post_id)
            await self._announcements_pending()

    async def _announcements_pending(self, *, retries_only: bool = False) -> None:
        """Failed announcements due for a retry, and (at start-up only) those a crash left half-sent."""
        services = self.bot.services
        for announcement in await services.announcements.pending(services.clock.now(), retries_only=retries_only):
            if announcement.status is PostStatus.FAILED and not await services.announcements.retake(announcement):
                continue
            try:
                await self.announcer.resume(announcement)
            except Exception:
                log.exception(
                    "could not resume announcement guild=%s week=%s", announcement.guild_id, announcement.week
                )

    async def _adopt_stuck(self, now: datetime) -> None:
        """Posts whose outcome could not be written (the database failed after the send): settle them now.

        Without this a post Discord shows would refuse every answer until the next restart's recovery.
        """
        for post in await self.bot.services.storage.posts.with_status(PostStatus.SENDING):
            if post.post_id in self.poster.sending or now - post.created_at < STUCK_AFTER:
                continue
            try:
                await self.poster.recover(post)
            except Exception:
                log.exception("could not recover post=%s", post.post_id)

    async def tick(self) -> list[PostResult]:
        """Post everything due now and retry failed posts whose time has come; one team's error spares the rest.

        Teams are posted concurrently (`Poster.post_many`), paced under Discord's global rate limit.
        """
        async with self.lock:
            self.ticks += 1
            services = self.bot.services
            now = services.clock.now()
            await self._adopt_stuck(now)
            due = await services.challenges.due(now)
            results: list[PostResult] = await self.poster.post_many(due, Trigger.SCHEDULE)
            results += await self.poster.retry_many(await services.challenges.retries_due(now))
            for guild, post in await services.closing.reminders_due(now):
                try:
                    await self.closer.remind(guild, post)
                except Exception:
                    log.exception("reminder failed post=%s", post.post_id)
            for post in await services.closing.due(now):
                try:
                    await self.closer.close(post)
                except Exception:
                    log.exception("closing failed post=%s", post.post_id)
            for week in await services.announcements.due(now):
                try:
                    await self.announcer.announce(week.guild, week.week, week.cutoff, Trigger.SCHEDULE)
                except Exception:
                    log.exception("announcement failed guild=%s week=%s", week.guild.guild_id, week.week.label)
            await self._announcements_pending(retries_only=True)
            return results
