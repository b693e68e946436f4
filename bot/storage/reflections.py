"""Reflections and the kudos and highlights they collect."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.scoring import EventKind
from bot.domain.state import Post, Reflection
from bot.storage.backends import INTEGRITY_ERRORS
from bot.storage.database import Database, Row, from_db, to_db


def _reflection(row: Row) -> Reflection:
    return Reflection(
        reflection_id=int(row["reflection_id"]),
        post_id=int(row["post_id"]),
        guild_id=int(row["guild_id"]),
        team_id=int(row["team_id"]),
        user_id=int(row["user_id"]),
        body=row["body"],
        created_at=from_db(row["created_at"]),
        message_id=row["message_id"],
        highlighted_by=row["highlighted_by"],
    )


_EVENT = (
    "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension, kind, points,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _event(
    key: str, post: Post, item: Item, user_id: int, team_id: int, kind: EventKind, points: int, now: datetime
) -> tuple[object, ...]:
    return (
        key,
        post.guild_id,
        team_id,
        user_id,
        post.post_id,
        item.id,
        item.step,
        item.main_dimension,
        kind.value,
        points,
        to_db(now),
    )


class ReflectionRepository:
    """Writes a reflection with its points, kudos with theirs, highlights with theirs — each in one transaction."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(
        self, post: Post, item: Item, user_id: int, body: str, points: int, now: datetime
    ) -> Reflection | None:
        """Store the member's reflection (None if they already wrote one for this post)."""
        try:
            async with self._db.transaction() as tx:
                row = await tx.fetchone(
                    "INSERT INTO reflections (post_id, guild_id, team_id, user_id, body, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
                    (post.post_id, post.guild_id, post.team_id, user_id, body, to_db(now)),
                )
                assert row is not None
                if points:
                    key = f"reflection:{post.post_id}:{user_id}"
                    await tx.execute(
                        _EVENT, _event(key, post, item, user_id, post.team_id, EventKind.REFLECTION, points, now)
                    )
        except INTEGRITY_ERRORS:
            return None
        return _reflection(row)

    async def get(self, reflection_id: int) -> Reflection | None:
        """A reflection by id."""
        row = await self._db.fetchone("SELECT * FROM reflections WHERE reflection_id = ?", (reflection_id,))
        return _reflection(row) if row else None

    async def of(self, post_id: int, user_id: int) -> Reflection | None:
        """The member's reflection on a post, if any."""
        row = await self._db.fetchone("SELECT * FROM reflections WHERE post_id = ? AND user_id = ?", (post_id, user_id))
        return _reflection(row) if row else None

    async def for_post(self, post_id: int) -> list[Reflection]:
        """All reflections on a post, oldest first."""
        rows = await self._db.fetchall("SELECT * FROM reflections WHERE post_id = ? ORDER BY reflection_id", (post_id,))
        return [_reflection(row) for row in rows]

    async def set_message(self, reflection_id: int, message_id: int) -> None:
        """Where the reflection is shown."""
        await self._db.execute(
            "UPDATE reflections SET message_id = ? WHERE reflection_id = ?", (message_id, reflection_id)
        )

    async def kudos_facts(self, reflection_id: int, giver_id: int, guild_id: int, day: date) -> tuple[bool, int, int]:
        """(already given by this giver, kudos counted on the reflection, kudos the giver gave on `day`)."""
        given = await self._db.fetchone(
            "SELECT 1 FROM kudos WHERE reflection_id = ? AND giver_id = ?", (reflection_id, giver_id)
        )
        counted = await self._db.fetchone(
            "SELECT COUNT(*) FROM kudos WHERE reflection_id = ? AND counted = 1", (reflection_id,)
        )
        today = await self._db.fetchone(
            "SELECT COUNT(*) FROM kudos WHERE guild_id = ? AND giver_id = ? AND local_date = ?",
            (guild_id, giver_id, day.isoformat()),
        )
        return given is not None, int(counted[0]) if counted else 0, int(today[0]) if today else 0

    async def add_kudos(
        self, reflection: Reflection, post: Post, item: Item, giver_id: int, day: date, points: int, now: datetime
    ) -> bool:
        """Record a kudos (and the author's points when `points`); False if this giver already gave one."""
        try:
            async with self._db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO kudos (reflection_id, giver_id, guild_id, local_date, counted, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        reflection.reflection_id,
                        giver_id,
                        reflection.guild_id,
                        day.isoformat(),
                        int(points > 0),
                        to_db(now),
                    ),
                )
                if points:
                    key = f"kudos:{reflection.reflection_id}:{giver_id}"
                    author = reflection.user_id
                    await tx.execute(
                        _EVENT, _event(key, post, item, author, reflection.team_id, EventKind.KUDOS, points, now)
                    )
        except INTEGRITY_ERRORS:
            return False
        return True

    async def kudos_count(self, reflection_id: int) -> int:
        """Kudos a reflection received (counted or not)."""
        row = await self._db.fetchone("SELECT COUNT(*) FROM kudos WHERE reflection_id = ?", (reflection_id,))
        return int(row[0]) if row else 0

    async def highlight(
        self, reflection: Reflection, post: Post, item: Item, manager_id: int, points: int, now: datetime
    ) -> bool:
        """Mark a reflection highlighted and award its author; False if it already was."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE reflections SET highlighted_by = ?, highlighted_at = ?"
                " WHERE reflection_id = ? AND highlighted_by IS NULL",
                (manager_id, to_db(now), reflection.reflection_id),
            )
            if changed != 1:
                return False
            if points:
                key = f"highlight:{reflection.reflection_id}"
                author = reflection.user_id
                await tx.execute(
                    _EVENT, _event(key, post, item, author, reflection.team_id, EventKind.HIGHLIGHT, points, now)
                )
        return True
