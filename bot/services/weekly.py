"""What a weekly message (the announcement, the coaching digest) does once reserved: sent, failed, retried.

Both are frozen when reserved and kept in one repository shape (`AnnouncementRepository`, one table each), so
their sending state moves the same way; this class is that one way.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime, time, timedelta

from bot.domain.periods import Window
from bot.domain.schedule import local_date, wall_clock_instant
from bot.domain.shards import ShardScope
from bot.domain.state import Announcement, GuildConfig
from bot.services.errors import storage_errors_as_unavailable
from bot.storage.announcements import AnnouncementRepository

RETRY_DELAY = timedelta(minutes=15)


def weekly_instant(week: Window, weekday: int, at: time, timezone: str) -> datetime:
    """When a weekly message of `week` goes out: its weekday (1 = Monday) at its local time, in the server's zone."""
    assert week.start is not None
    monday = local_date(week.start, timezone)
    return wall_clock_instant(monday + timedelta(days=weekday - 1), at, timezone)


@storage_errors_as_unavailable
class WeeklyMessages:
    """The sending state of one kind of weekly message."""

    def __init__(self, repository: AnnouncementRepository, scope: ShardScope | None = None) -> None:
        self._weekly = repository
        self._scope = scope or ShardScope()

    async def posted(self, message: Announcement, channel_id: int, message_id: int, now: datetime) -> None:
        """Record the sent message."""
        await self._weekly.mark_posted(message.guild_id, message.week, channel_id, message_id, now)

    async def failed(self, message: Announcement, error: str, now: datetime) -> datetime:
        """Record a failed send; returns when it will be retried."""
        retry_at = now + RETRY_DELAY
        await self._weekly.mark_failed(message.guild_id, message.week, error, retry_at)
        return retry_at

    async def _held(self, guilds: Awaitable[list[GuildConfig]]) -> list[GuildConfig]:
        """The guilds of this process's shards among `guilds`."""
        return [guild for guild in await guilds if self._scope.holds(guild.guild_id)]

    async def pending(self, now: datetime, *, retries_only: bool = False) -> list[Announcement]:
        """Messages to (re)send: due for a retry, and unless `retries_only` also those a crash interrupted."""
        pending = await self._weekly.pending(now, retries_only=retries_only)
        return [message for message in pending if self._scope.holds(message.guild_id)]

    async def retake(self, message: Announcement) -> bool:
        """Claim a failed message for a retry."""
        return await self._weekly.mark_sending(message.guild_id, message.week)
