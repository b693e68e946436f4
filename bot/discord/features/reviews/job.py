"""Each server's memory parameters, fitted weekly from its own ledger as a job of the scheduler."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.services import Services

log = logging.getLogger("momentos.scheduler")


class MemoryJob:
    """One server per tick whose parameters are a week old (or were never fitted) is fitted again.

    It runs after the posts and the announcements of the tick, and the fit itself in a worker thread, so it
    never holds up a post for long; one server per tick spreads a large installation over the week.
    """

    def __init__(self, services: Services) -> None:
        self.services = services

    async def recover(self) -> None:
        """Nothing is ever half done: a fit is written in one statement."""

    async def tick(self, now: datetime) -> list[object]:
        """Fit the first server due."""
        due = await self.services.reviews.unfitted(now)
        if not due:
            return []
        try:
            fit = await self.services.reviews.refit(due[0], now)
        except Exception:
            log.exception("could not fit the memory parameters of guild=%s", due[0])
            return []
        log.info("memory parameters guild=%s: %s (%s reviews)", due[0], fit.source, fit.reviews)
        return []

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """Fits ride on the ticks the other jobs cause (at least once a minute): no wake-up of their own."""
        return None
