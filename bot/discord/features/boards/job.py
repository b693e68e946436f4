"""The weekly announcement as a job of the scheduler: announce weeks that are due, retry failed ones."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.discord.features.boards.announcements import Announcer
from bot.discord.weekly import resume_pending
from bot.domain.state import Trigger
from bot.services import Services

log = logging.getLogger("momentos.scheduler")


class AnnouncementsJob:
    """Announcements are reserved before they are sent, so a retry or a restart never doubles one."""

    def __init__(self, services: Services, announcer: Announcer) -> None:
        self.services = services
        self.announcer = announcer

    async def recover(self) -> None:
        """At start-up: failed announcements due for a retry, and those a crash left half-sent."""
        await self._pending(retries_only=False)

    async def _pending(self, *, retries_only: bool) -> None:
        """Failed announcements due for a retry, and (at start-up only) those a crash left half-sent."""
        now = self.services.clock.now()
        await resume_pending(self.services.announcements, self.announcer, now, retries_only=retries_only)

    async def tick(self, now: datetime) -> list[object]:
        """Announce every week due now; then retry failed announcements whose time has come."""
        for week in await self.services.announcements.due(now):
            try:
                await self.announcer.announce(week.guild, week.week, week.cutoff, Trigger.SCHEDULE)
            except Exception:
                log.exception("announcement failed guild=%s week=%s", week.guild.guild_id, week.week.label)
        await self._pending(retries_only=True)
        return []

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next server's announcement instant."""
        return await self.services.announcements.next_instant(now)
