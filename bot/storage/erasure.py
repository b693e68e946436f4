"""Erasing a member on request (/privacy): counted first, then removed in one transaction.

A member is either fully forgotten or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.domain.privacy import Footprint
from bot.storage.database import Database, Transaction

ERASED_USER = 0  # stands in for a forgotten member wherever a row must keep its shape (e.g. who highlighted)

# Rewrites a frozen weekly message's results JSON without the member; None when they are not in it.
Scrubber = Callable[[str, int], str | None]
FROZEN = ("announcements", "digests")  # the weekly messages whose frozen results may name a member


class ErasureRepository:
    """Counts and erases one member's rows in one server."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def shown_reflections(self, guild_id: int, user_id: int) -> list[tuple[int, int]]:
        """(thread id, message id) of the member's reflections shown in Discord, to take them down too."""
        rows = await self._db.fetchall(
            "SELECT p.thread_id, r.message_id FROM reflections r JOIN posts p ON p.post_id = r.post_id"
            " WHERE r.guild_id = ? AND r.user_id = ? AND r.message_id IS NOT NULL AND p.thread_id IS NOT NULL",
            (guild_id, user_id),
        )
        return [(int(row[0]), int(row[1])) for row in rows]

    async def footprint(self, guild_id: int, user_id: int, scrubbers: Mapping[str, Scrubber]) -> Footprint:
        """Count what `forget` would erase, without changing anything (`scrubbers`: one per FROZEN table)."""
        counts: dict[str, int] = {}
        for name, sql in _COUNTS.items():
            row = await self._db.fetchone(sql, (guild_id, user_id))
            counts[name] = int(row[0]) if row else 0
        for table in FROZEN:
            rows = await self._db.fetchall(f"SELECT results FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608
            counts[table] = sum(1 for row in rows if scrubbers[table](row[0], user_id) is not None)
        return Footprint(**counts)

    async def forget(self, guild_id: int, user_id: int, scrubbers: Mapping[str, Scrubber]) -> Footprint:
        """Erase everything about a member in a server in one transaction; returns what was erased.

        Their answers, point events (every kind, including kudos and highlights they received), reflections
        with the kudos on them, the kudos they gave, sightings, manager flag and pauses are deleted. Points
        their kudos earned other members stay with those members, re-keyed so the key no longer names the
        giver; a highlight they gave stays, attributed to nobody; custom challenges they wrote stay, without an
        author; frozen announcements and coaching digests are rewritten by their `scrubbers`.
        """
        async with self._db.transaction() as tx:
            counts: dict[str, int] = {}

            async def run(name: str, sql: str, params: Sequence[Any]) -> None:
                counts[name] = counts.get(name, 0) + await tx.execute(sql, params)

            await run(
                "kudos_received",
                "DELETE FROM kudos WHERE reflection_id IN"
                " (SELECT reflection_id FROM reflections WHERE guild_id = ? AND user_id = ?)",
                (guild_id, user_id),
            )
            rows = await tx.fetchall(
                "SELECT k.reflection_id, e.event_id FROM kudos k LEFT JOIN point_events e"
                " ON e.event_key = 'kudos:' || k.reflection_id || ':' || k.giver_id"
                " WHERE k.guild_id = ? AND k.giver_id = ?",
                (guild_id, user_id),
            )
            given = [(int(row[0]), row[1]) for row in rows]
            for reflection_id, event_id in given:
                if event_id is not None:
                    await _rekey(tx, int(event_id), f"kudos:{reflection_id}:erased:{event_id}")
            await run("kudos_given", "DELETE FROM kudos WHERE guild_id = ? AND giver_id = ?", (guild_id, user_id))
            await run("points", "DELETE FROM point_events WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("reflections", "DELETE FROM reflections WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await tx.execute(
                "UPDATE reflections SET highlighted_by = ? WHERE guild_id = ? AND highlighted_by = ?",
                (ERASED_USER, guild_id, user_id),
            )
            await run("confidence", "DELETE FROM confidence WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("reviews", "DELETE FROM reviews WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("answers", "DELETE FROM answers WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run(
                "sightings", "DELETE FROM member_sightings WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            await run("pauses", "DELETE FROM pauses WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run("member", "DELETE FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
            await run(
                "authored",
                "UPDATE custom_items SET created_by = NULL WHERE guild_id = ? AND created_by = ?",
                (guild_id, user_id),
            )
            for table in FROZEN:
                frozen = await tx.fetchall(f"SELECT week, results FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608
                for week, results in frozen:
                    scrubbed = scrubbers[table](results, user_id)
                    if scrubbed is not None:
                        await run(
                            table,
                            f"UPDATE {table} SET results = ? WHERE guild_id = ? AND week = ?",  # noqa: S608
                            (scrubbed, guild_id, week),
                        )
        return Footprint(**counts)


async def _rekey(tx: Transaction, event_id: int, key: str) -> None:
    """Give a ledger row a new key: the ledger refuses UPDATE, so the row is copied and the original deleted."""
    row = await tx.fetchone("SELECT * FROM point_events WHERE event_id = ?", (event_id,))
    if row is None:
        return
    await tx.execute("DELETE FROM point_events WHERE event_id = ?", (event_id,))
    await tx.execute(
        "INSERT INTO point_events (event_id, event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension,"
        " kind, points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            key,
            row["guild_id"],
            row["team_id"],
            row["user_id"],
            row["post_id"],
            row["item_id"],
            row["step"],
            row["dimension"],
            row["kind"],
            row["points"],
            row["created_at"],
        ),
    )


_COUNTS = {
    "answers": "SELECT COUNT(*) FROM answers WHERE guild_id = ? AND user_id = ?",
    "points": "SELECT COUNT(*) FROM point_events WHERE guild_id = ? AND user_id = ?",
    "reflections": "SELECT COUNT(*) FROM reflections WHERE guild_id = ? AND user_id = ?",
    "kudos_received": "SELECT COUNT(*) FROM kudos k JOIN reflections r ON r.reflection_id = k.reflection_id"
    " WHERE r.guild_id = ? AND r.user_id = ?",
    "kudos_given": "SELECT COUNT(*) FROM kudos WHERE guild_id = ? AND giver_id = ?",
    "sightings": "SELECT COUNT(*) FROM member_sightings WHERE guild_id = ? AND user_id = ?",
    "pauses": "SELECT COUNT(*) FROM pauses WHERE guild_id = ? AND user_id = ?",
    "member": "SELECT COUNT(*) FROM members WHERE guild_id = ? AND user_id = ?",
    "reviews": "SELECT COUNT(*) FROM reviews WHERE guild_id = ? AND user_id = ?",
    "confidence": "SELECT COUNT(*) FROM confidence WHERE guild_id = ? AND user_id = ?",
    "authored": "SELECT COUNT(*) FROM custom_items WHERE guild_id = ? AND created_by = ?",
}
