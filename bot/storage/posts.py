"""Daily posts and the exact item versions they showed."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.state import Post, PostStatus, Trigger
from bot.storage.cache import Bounded
from bot.storage.database import Database, Row, from_db, to_db
from bot.storage.snapshot import dump_item, load_item


def _maybe_time(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _post(row: Row) -> Post:
    return Post(
        post_id=int(row["post_id"]),
        guild_id=int(row["guild_id"]),
        team_id=int(row["team_id"]),
        local_date=date.fromisoformat(row["local_date"]),
        item_id=row["item_id"],
        item_version=row["item_version"],
        channel_id=int(row["channel_id"]),
        message_id=row["message_id"],
        trigger=Trigger(row["trigger_kind"]),
        status=PostStatus(row["status"]),
        attempts=int(row["attempts"]),
        created_at=from_db(row["created_at"]),
        posted_at=_maybe_time(row["posted_at"]),
        closes_at=_maybe_time(row["closes_at"]),
        retry_at=_maybe_time(row["retry_at"]),
        last_error=row["last_error"],
        error_notified_at=_maybe_time(row["error_notified_at"]),
        closed_at=_maybe_time(row["closed_at"]),
        reminded_at=_maybe_time(row["reminded_at"]),
        thread_id=row["thread_id"],
    )


class PostRepository:
    """Reads and writes posts and item_versions."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._items: dict[tuple[str, str], Item] = {}
        self._posts: Bounded[int, Post] = Bounded(20_000)  # read on every click; dropped on every update
        self._days: Bounded[int, list[date]] = Bounded(10_000)  # each team's posted days, for streaks

    async def reserve(
        self, guild_id: int, team_id: int, channel_id: int, day: date, item: Item, trigger: Trigger, now: datetime
    ) -> Post | None:
        """Claim (team, day) before sending; None if that day already has a post. The schema makes this exact."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (item_id, version) DO NOTHING",
                (item.id, item.version, dump_item(item), to_db(now)),
            )
            row = await tx.fetchone(
                "INSERT INTO posts (guild_id, team_id, local_date, item_id, item_version, channel_id,"
                " trigger_kind, status, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
                " ON CONFLICT (team_id, local_date) DO NOTHING RETURNING *",
                (
                    guild_id,
                    team_id,
                    day.isoformat(),
                    item.id,
                    item.version,
                    channel_id,
                    trigger.value,
                    PostStatus.SENDING.value,
                    to_db(now),
                ),
            )
        if row is None:
            return None
        self._items[(item.id, item.version)] = item
        return _post(row)

    def _changed(self, post_id: int) -> None:
        """A post's row changed: read it again next time (and its team's posted days)."""
        self._posts.drop(post_id)
        self._days.clear()

    async def get(self, post_id: int) -> Post | None:
        """A post by id (cached)."""
        cached = self._posts.get(post_id)
        if cached is not None:
            return cached
        since = self._posts.generation
        row = await self._db.fetchone("SELECT * FROM posts WHERE post_id = ?", (post_id,))
        return self._posts.put(post_id, _post(row), since) if row else None

    async def for_team_day(self, team_id: int, day: date) -> Post | None:
        """The team's post of a local date, if any."""
        row = await self._db.fetchone(
            "SELECT * FROM posts WHERE team_id = ? AND local_date = ?", (team_id, day.isoformat())
        )
        return _post(row) if row else None

    async def for_guild_day(self, guild_id: int, day: date) -> list[Post]:
        """Every post a guild has for a local date."""
        rows = await self._db.fetchall(
            "SELECT * FROM posts WHERE guild_id = ? AND local_date = ? ORDER BY post_id", (guild_id, day.isoformat())
        )
        return [_post(row) for row in rows]

    async def item(self, item_id: str, version: str) -> Item | None:
        """The item exactly as it was posted (cached: versions never change)."""
        key = (item_id, version)
        if key not in self._items:
            row = await self._db.fetchone(
                "SELECT body FROM item_versions WHERE item_id = ? AND version = ?", (item_id, version)
            )
            if row is None:
                return None
            self._items[key] = load_item(row["body"])
        return self._items[key]

    async def usage(self, guild_id: int) -> dict[str, int]:
        """How many local dates each item was the guild's challenge on, for the rotation."""
        rows = await self._db.fetchall(
            "SELECT item_id, COUNT(DISTINCT local_date) FROM posts WHERE guild_id = ? GROUP BY item_id", (guild_id,)
        )
        return {row[0]: int(row[1]) for row in rows}

    async def last_before(self, guild_id: int, day: date) -> Post | None:
        """The guild's most recent post for a local date before `day` (what it played last)."""
        row = await self._db.fetchone(
            "SELECT * FROM posts WHERE guild_id = ? AND local_date < ? ORDER BY local_date DESC, post_id DESC LIMIT 1",
            (guild_id, day.isoformat()),
        )
        return _post(row) if row else None

    async def team_days(self, team_id: int, up_to: date) -> list[date]:
        """Local dates on which the team had a post (sent), up to and including `up_to` — its scheduled days."""
        days = self._days.get(team_id)
        if days is None:
            since = self._days.generation
            rows = await self._db.fetchall(
                "SELECT local_date FROM posts WHERE team_id = ? AND status = ? ORDER BY local_date",
                (team_id, PostStatus.POSTED.value),
            )
            days = self._days.put(team_id, [date.fromisoformat(row[0]) for row in rows], since)
        return [day for day in days if day <= up_to]

    async def any_between(self, guild_id: int, first: date, last: date) -> bool:
        """Whether the guild posted anything on local dates first..last (inclusive)."""
        row = await self._db.fetchone(
            "SELECT 1 FROM posts WHERE guild_id = ? AND local_date >= ? AND local_date <= ? AND status = ? LIMIT 1",
            (guild_id, first.isoformat(), last.isoformat(), PostStatus.POSTED.value),
        )
        return row is not None

    async def mark_posted(self, post_id: int, message_id: int, posted_at: datetime, closes_at: datetime) -> None:
        """The message is in the channel: record it and open the answer window."""
        await self._db.execute(
            "UPDATE posts SET status = ?, message_id = ?, posted_at = ?, closes_at = ?, retry_at = NULL"
            " WHERE post_id = ?",
            (PostStatus.POSTED.value, message_id, to_db(posted_at), to_db(closes_at), post_id),
        )
        self._changed(post_id)

    async def mark_failed(self, post_id: int, error: str, retry_at: datetime | None) -> None:
        """Sending failed; try again at `retry_at` (None: not today)."""
        await self._db.execute(
            "UPDATE posts SET status = ?, last_error = ?, retry_at = ? WHERE post_id = ?",
            (PostStatus.FAILED.value, error[:500], to_db(retry_at) if retry_at else None, post_id),
        )
        self._changed(post_id)

    async def mark_retrying(self, post_id: int) -> bool:
        """Take a failed post back for another attempt; False if another task got it first."""
        changed = await self._db.execute(
            "UPDATE posts SET status = ?, attempts = attempts + 1 WHERE post_id = ? AND status = ?",
            (PostStatus.SENDING.value, post_id, PostStatus.FAILED.value),
        )
        self._changed(post_id)
        return changed == 1

    async def mark_notified(self, post_id: int, now: datetime) -> None:
        """The managers were told about this post's failure."""
        await self._db.execute("UPDATE posts SET error_notified_at = ? WHERE post_id = ?", (to_db(now), post_id))
        self._changed(post_id)

    async def retries_due(self, now: datetime) -> list[Post]:
        """Failed posts whose retry time has come."""
        rows = await self._db.fetchall(
            "SELECT * FROM posts WHERE status = ? AND retry_at IS NOT NULL AND retry_at <= ? ORDER BY retry_at",
            (PostStatus.FAILED.value, to_db(now)),
        )
        return [_post(row) for row in rows]

    async def next_retry(self) -> datetime | None:
        """The earliest pending retry, if any."""
        row = await self._db.fetchone(
            "SELECT MIN(retry_at) FROM posts WHERE status = ? AND retry_at IS NOT NULL", (PostStatus.FAILED.value,)
        )
        return from_db(row[0]) if row and row[0] else None

    async def closing_due(self, now: datetime) -> list[Post]:
        """Posted challenges whose answer window is over and that were not revealed yet."""
        rows = await self._db.fetchall(
            "SELECT * FROM posts WHERE status = ? AND closed_at IS NULL AND closes_at <= ? ORDER BY closes_at",
            (PostStatus.POSTED.value, to_db(now)),
        )
        return [_post(row) for row in rows]

    async def open_posts(self) -> list[Post]:
        """Posted challenges not yet closed (for reminders and the next wake-up)."""
        rows = await self._db.fetchall(
            "SELECT * FROM posts WHERE status = ? AND closed_at IS NULL ORDER BY closes_at", (PostStatus.POSTED.value,)
        )
        return [_post(row) for row in rows]

    async def mark_closed(self, post_id: int, now: datetime) -> None:
        """The post was revealed and its buttons disabled."""
        await self._db.execute("UPDATE posts SET closed_at = ? WHERE post_id = ?", (to_db(now), post_id))
        self._changed(post_id)

    async def mark_reminded(self, post_id: int, now: datetime) -> bool:
        """Claim the post's reminder; False if it was claimed already (it must never go out twice)."""
        changed = await self._db.execute(
            "UPDATE posts SET reminded_at = ? WHERE post_id = ? AND reminded_at IS NULL", (to_db(now), post_id)
        )
        self._changed(post_id)
        return changed == 1

    async def set_thread(self, post_id: int, thread_id: int) -> None:
        """The thread where the post's reflections are shown."""
        await self._db.execute("UPDATE posts SET thread_id = ? WHERE post_id = ?", (thread_id, post_id))
        self._changed(post_id)

    async def with_status(self, status: PostStatus) -> list[Post]:
        """Posts in a given state (e.g. 'sending' ones left by a crash)."""
        rows = await self._db.fetchall("SELECT * FROM posts WHERE status = ? ORDER BY post_id", (status.value,))
        return [_post(row) for row in rows]
