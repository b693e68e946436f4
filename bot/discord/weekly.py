"""What the weekly messages share (the announcement, the coaching digest): resuming the ones left unsent."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from bot.domain.state import Announcement, PostStatus

log = logging.getLogger("momentos.scheduler")


class WeeklyLedger(Protocol):
    """The service side of a weekly message: which are pending, and claiming a failed one for a retry."""

    async def pending(self, now: datetime, *, retries_only: bool = False) -> list[Announcement]:
        """Due for a retry, and unless `retries_only` also those a crash interrupted."""

    async def retake(self, message: Announcement) -> bool:
        """Claim a failed message for a retry; False if another task got it."""


class Resumer(Protocol):
    """The Discord side: send a reserved message from its frozen results."""

    async def resume(self, message: Announcement) -> object:
        """Send it (or adopt the copy a crash left in the channel)."""


async def resume_pending(ledger: WeeklyLedger, sender: Resumer, now: datetime, *, retries_only: bool) -> None:
    """Failed weekly messages due for a retry, and (at start-up) those a crash left half-sent, each sent once."""
    for message in await ledger.pending(now, retries_only=retries_only):
        if message.status is PostStatus.FAILED and not await ledger.retake(message):
            continue
        try:
            await sender.resume(message)
        except Exception:
            log.exception("could not resume guild=%s week=%s", message.guild_id, message.week)
