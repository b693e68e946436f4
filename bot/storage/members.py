"""What the bot knows of members without the privileged members intent: teams seen, managers, pauses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.domain.streaks import Pause
from bot.storage.database import Database, to_db


class MemberRepository:
    """Sightings (the roster behind team averages), manager flags and streak pauses."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def saw(
        self, guild_id: int, user_id: int, team_ids: Iterable[int], is_manager: bool, day: date, now: datetime
    ) -> None:
        """Record that the member interacted today holding these teams' roles (once per team and day)."""
        async with self._db.transaction() as tx:
            for team_id in team_ids:
                await tx.execute(
                    "INSERT INTO member_sightings (guild_id, team_id, user_id, local_date, seen_at)"
                    " VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (team_id, user_id, local_date) DO NOTHING",
                    (guild_id, team_id, user_id, day.isoformat(), to_db(now)),
                )
            await tx.execute(
                "INSERT INTO members (guild_id, user_id, is_manager, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET is_manager = excluded.is_manager,"
                " updated_at = excluded.updated_at",
                (guild_id, user_id, int(is_manager), to_db(now)),
            )

    async def managers(self, guild_id: int) -> set[int]:
        """Members last seen as managers."""
        rows = await self._db.fetchall("SELECT user_id FROM members WHERE guild_id = ? AND is_manager = 1", (guild_id,))
        return {int(row[0]) for row in rows}

    async def pause(self, guild_id: int, user_id: int, start: date, end: date, now: datetime) -> None:
        """Declare days away (a new pause from the same day replaces the old one)."""
        await self._db.execute(
            "INSERT INTO pauses (guild_id, user_id, start_date, end_date, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id, start_date) DO UPDATE SET end_date = excluded.end_date",
            (guild_id, user_id, start.isoformat(), end.isoformat(), to_db(now)),
        )

    async def pauses(self, guild_id: int, user_id: int) -> list[Pause]:
        """Every pause the member declared."""
        rows = await self._db.fetchall(
            "SELECT start_date, end_date FROM pauses WHERE guild_id = ? AND user_id = ? ORDER BY start_date",
            (guild_id, user_id),
        )
        return [Pause(date.fromisoformat(row[0]), date.fromisoformat(row[1])) for row in rows]
