"""Each server's memory parameters, fitted weekly from its own ledger as a job of the scheduler."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.domain.schedule import zone
from bot.services import Services

log = logging.getLogger("momentos.scheduler")


NIGHT = range(2, 6)  # a server is fitted between 02:00 and 06:00 its time, when nobody is answering
WARM_UP = timedelta(minutes=10)  # and never in a process's first minutes (start-up is for catching up posts)


class MemoryJob:
    """One server per tick whose parameters are a week old (or were never fitted) is fitted again, at night.

    It runs after the posts and the announcements of the tick, and the fit itself in a worker thread on at most
    20,000 recent histories (seconds), so it never holds up a post; one server per tick spreads a large
    installation over the night. Until a server's first fit its reviews use FSRS's default parameters.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.started = services.clock.now()

    async def recover(self) -> None:
        """Nothing is ever half done: a fit is written in one statement."""

    async def tick(self, now: datetime) -> list[object]:
        """Fit the first server due whose night it is."""
        if now - self.started < WARM_UP:
            return []
        for guild_id in await self.services.reviews.unfitted(now):
            config = await self.services.setup.config(guild_id)
            if now.astimezone(zone(config.timezone)).hour not in NIGHT:
                continue
            try:
                fit = await self.services.reviews.refit(guild_id, now)
            except Exception:
                log.exception("could not fit the memory parameters of guild=%s", guild_id)
                return []
            log.info("memory parameters guild=%s: %s (%s reviews)", guild_id, fit.source, fit.reviews)
            return []
        return []

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """Fits ride on the ticks the other jobs cause (at least once a minute): no wake-up of their own."""
        return None
