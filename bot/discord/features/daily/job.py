"""The daily posts as a job of the scheduler: post what is due, retry, settle stuck posts, remind, close."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.discord.features.daily.closing import Closer
from bot.discord.features.daily.posting import Poster
from bot.domain.state import Trigger
from bot.services import Services

log = logging.getLogger("momentos.scheduler")

# A 'sending' post this old and not in flight was sent (or not) but never recorded: its record failed.
STUCK_AFTER = timedelta(minutes=1)


class DailyJob:
    """Teams are posted concurrently (`Poster.post_many`), paced under Discord's global rate limit."""

    def __init__(self, services: Services, poster: Poster, closer: Closer) -> None:
        self.services = services
        self.poster = poster
        self.closer = closer

    async def recover(self) -> None:
        """Posts a crash left half-sent: adopt the message if it went out, else send it (same day only)."""
        for post in await self.services.posting.sending():
            try:
                await self.poster.recover(post)
            except Exception:
                log.exception("could not recover post=%s", post.post_id)

    async def _adopt_stuck(self, now: datetime) -> None:
        """Posts whose outcome could not be written (the database failed after the send): settle them now.

        Without this a post Discord shows would refuse every answer until the next restart's recovery.
        """
        for post in await self.services.posting.sending():
            if post.post_id in self.poster.sending or now - post.created_at < STUCK_AFTER:
                continue
            try:
                await self.poster.recover(post)
            except Exception:
                log.exception("could not recover post=%s", post.post_id)

    async def tick(self, now: datetime) -> list[object]:
        """Post everything due now and retry failed posts whose time has come; one team's error spares the rest."""
        services = self.services
        await self._adopt_stuck(now)
        due = await services.posting.due(now)
        results: list[object] = list(await self.poster.post_many(due, Trigger.SCHEDULE))
        results += await self.poster.retry_many(await services.posting.retries_due(now))
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
        return results

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """A guild's next post time, a retry, a reminder or a close, whichever comes first."""
        moments = [await self.services.posting.next_wakeup(now), await self.services.closing.next_event(now)]
        return min((moment for moment in moments if moment is not None), default=None)
