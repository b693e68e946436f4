"""Weekly announcements: reserved before sending (one per guild and ISO week), with their frozen results."""

from __future__ import annotations

from datetime import datetime

from bot.domain.state import Announcement, PostStatus, Trigger
from bot.storage.database import Database, Row, from_db, to_db


def _announcement(row: Row) -> Announcement:
    return Announcement(
        guild_id=int(row["guild_id"]),
        week=row["week"],
        status=PostStatus(row["status"]),
        trigger=Trigger(row["trigger_kind"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        results=row["results"],
        attempts=int(row["attempts"]),
        created_at=from_db(row["created_at"]),
        posted_at=from_db(row["posted_at"]) if row["posted_at"] else None,
        retry_at=from_db(row["retry_at"]) if row["retry_at"] else None,
    )


TABLES = ("announcements", "digests")  # the weekly announcement, and the weekly coaching digest (same life)


class AnnouncementRepository:
    """Reads and writes one weekly message per guild and ISO week: announcements, or coaching digests."""

    def __init__(self, database: Database, table: str = "announcements") -> None:
        if table not in TABLES:
            raise ValueError(f"no weekly message table {table!r}")
        self._db = database
        self._table = table

    async def reserve(
        self, guild_id: int, week: str, results: str, trigger: Trigger, channel_id: int | None, now: datetime
    ) -> Announcement | None:
        """Claim the week's announcement with its results; None if the week already has one."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                f"INSERT INTO {self._table} (guild_id, week, status, trigger_kind, channel_id, results, created_at)"  # noqa: S608
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, week) DO NOTHING RETURNING *",
                (guild_id, week, PostStatus.SENDING.value, trigger.value, channel_id, results, to_db(now)),
            )
        return _announcement(row) if row else None

    async def get(self, guild_id: int, week: str) -> Announcement | None:
        """The guild's announcement of a week, if any."""
        row = await self._db.fetchone(
            f"SELECT * FROM {self._table} WHERE guild_id = ? AND week = ?",  # noqa: S608
            (guild_id, week),
        )
        return _announcement(row) if row else None

    async def mark_posted(self, guild_id: int, week: str, channel_id: int, message_id: int, now: datetime) -> None:
        """The announcement is in its channel."""
        await self._db.execute(
            f"UPDATE {self._table} SET status = ?, channel_id = ?, message_id = ?, posted_at = ?, retry_at = NULL"  # noqa: S608
            " WHERE guild_id = ? AND week = ?",
            (PostStatus.POSTED.value, channel_id, message_id, to_db(now), guild_id, week),
        )

    async def mark_failed(self, guild_id: int, week: str, error: str, retry_at: datetime | None) -> None:
        """Sending failed; try again at `retry_at`."""
        await self._db.execute(
            f"UPDATE {self._table} SET status = ?, last_error = ?, retry_at = ?, attempts = attempts + 1"  # noqa: S608
            " WHERE guild_id = ? AND week = ?",
            (PostStatus.FAILED.value, error[:500], to_db(retry_at) if retry_at else None, guild_id, week),
        )

    async def mark_sending(self, guild_id: int, week: str) -> bool:
        """Take a failed announcement back for another attempt; False if another task got it."""
        changed = await self._db.execute(
            f"UPDATE {self._table} SET status = ? WHERE guild_id = ? AND week = ? AND status = ?",  # noqa: S608
            (PostStatus.SENDING.value, guild_id, week, PostStatus.FAILED.value),
        )
        return changed == 1

    async def pending(self, now: datetime, *, retries_only: bool = False) -> list[Announcement]:
        """Failed announcements whose retry time has come, plus (unless `retries_only`) those left 'sending'."""
        sending = "" if retries_only else "status = ? OR "
        params: tuple[object, ...] = (PostStatus.FAILED.value, to_db(now))
        rows = await self._db.fetchall(
            f"SELECT * FROM {self._table} WHERE {sending}(status = ? AND retry_at IS NOT NULL AND retry_at <= ?)",  # noqa: S608
            params if retries_only else (PostStatus.SENDING.value, *params),
        )
        return [_announcement(row) for row in rows]
