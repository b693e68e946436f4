"""A server's own scenarios: versions, retirement, scheduling, and drafts of the scenario form."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.domain.model import Item
from bot.storage.database import Database, to_db
from bot.storage.snapshot import dump_item, load_item


class CustomItemRepository:
    """Custom items are stored as item versions; a guild's row points at the current one."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def save(self, guild_id: int, item: Item, source: str, user_id: int, now: datetime) -> bool:
        """Store `item` as the guild's current version of its id; True if that created a new version."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (item_id, version) DO NOTHING",
                (item.id, item.version, dump_item(item), to_db(now)),
            )
            row = await tx.fetchone(
                "SELECT version FROM custom_items WHERE guild_id = ? AND item_id = ?", (guild_id, item.id)
            )
            if row is not None and row[0] == item.version:
                return False
            await tx.execute(
                "INSERT INTO custom_items (guild_id, item_id, version, source, created_by, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, item_id) DO UPDATE SET"
                " version = excluded.version, source = excluded.source, updated_at = excluded.updated_at",
                (guild_id, item.id, item.version, source, user_id, to_db(now), to_db(now)),
            )
        return True

    async def items(self, guild_id: int) -> list[Item]:
        """The current version of every custom item of the guild, by id."""
        rows = await self._db.fetchall(
            "SELECT v.body FROM custom_items c JOIN item_versions v ON v.item_id = c.item_id AND v.version = c.version"
            " WHERE c.guild_id = ? ORDER BY c.item_id",
            (guild_id,),
        )
        return [load_item(row[0]) for row in rows]

    async def authors(self, guild_id: int) -> dict[str, int]:
        """Who wrote each of the guild's custom items (its first version), where known."""
        rows = await self._db.fetchall(
            "SELECT item_id, created_by FROM custom_items WHERE guild_id = ? AND created_by IS NOT NULL", (guild_id,)
        )
        return {str(row[0]): int(row[1]) for row in rows}

    async def retire(self, guild_id: int, item_id: str, user_id: int, now: datetime) -> bool:
        """Stop picking an item in this guild; False if it was retired already."""
        changed = await self._db.execute(
            "INSERT INTO retired_items (guild_id, item_id, retired_by, retired_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, item_id) DO NOTHING",
            (guild_id, item_id, user_id, to_db(now)),
        )
        return changed == 1

    async def restore(self, guild_id: int, item_id: str) -> bool:
        """Pick a retired item again; False if it was not retired."""
        changed = await self._db.execute(
            "DELETE FROM retired_items WHERE guild_id = ? AND item_id = ?", (guild_id, item_id)
        )
        return changed == 1

    async def retired(self, guild_id: int) -> set[str]:
        """Ids the guild retired."""
        rows = await self._db.fetchall("SELECT item_id FROM retired_items WHERE guild_id = ?", (guild_id,))
        return {row[0] for row in rows}

    async def schedule(
        self, guild_id: int, team_id: int | None, day: date, item_id: str, user_id: int, now: datetime
    ) -> None:
        """Ask for `item_id` on `day` (for one team, or all with None), replacing an earlier request."""
        await self._db.execute(
            "INSERT INTO scheduled_items (guild_id, team_id, local_date, item_id, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, team_id, local_date) DO UPDATE SET"
            " item_id = excluded.item_id, created_by = excluded.created_by, created_at = excluded.created_at",
            (guild_id, team_id or 0, day.isoformat(), item_id, user_id, to_db(now)),
        )

    async def scheduled(self, guild_id: int, team_id: int, day: date) -> str | None:
        """The item requested for a team on a day: its own request first, else the guild-wide one."""
        rows = await self._db.fetchall(
            "SELECT team_id, item_id FROM scheduled_items WHERE guild_id = ? AND local_date = ? AND team_id IN (?, 0)",
            (guild_id, day.isoformat(), team_id),
        )
        by_team = {int(row[0]): row[1] for row in rows}
        return by_team.get(team_id) or by_team.get(0)

    async def unschedule(self, guild_id: int, team_id: int | None, day: date) -> bool:
        """Drop the request for that day (one team's, or the server-wide one with None); False if there was none."""
        changed = await self._db.execute(
            "DELETE FROM scheduled_items WHERE guild_id = ? AND team_id = ? AND local_date = ?",
            (guild_id, team_id or 0, day.isoformat()),
        )
        return changed == 1

    async def upcoming(self, guild_id: int, since: date) -> list[tuple[date, int, str]]:
        """Requests from `since` on: (local date, team id or 0 for every team, item id), by date."""
        rows = await self._db.fetchall(
            "SELECT local_date, team_id, item_id FROM scheduled_items WHERE guild_id = ? AND local_date >= ?"
            " ORDER BY local_date, team_id",
            (guild_id, since.isoformat()),
        )
        return [(date.fromisoformat(row[0]), int(row[1]), row[2]) for row in rows]

    async def save_draft(self, guild_id: int, user_id: int, draft: dict[str, Any], now: datetime) -> None:
        """Keep what a manager typed in the scenario form."""
        await self._db.execute(
            "INSERT INTO scenario_drafts (guild_id, user_id, body, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            (guild_id, user_id, json.dumps(draft, ensure_ascii=False), to_db(now)),
        )

    async def draft(self, guild_id: int, user_id: int) -> dict[str, Any] | None:
        """The manager's draft, if any."""
        row = await self._db.fetchone(
            "SELECT body FROM scenario_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return dict(json.loads(row[0])) if row else None

    async def drop_draft(self, guild_id: int, user_id: int) -> None:
        """Forget the draft once the scenario is saved."""
        await self._db.execute("DELETE FROM scenario_drafts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
