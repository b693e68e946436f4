"""What the bot knows of members without the privileged members intent: teams seen, managers, pauses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.streaks import Pause
from bot.storage.batching import GroupCommit
from bot.storage.cache import Bounded
from bot.storage.database import Database, to_db


@dataclass(frozen=True, slots=True)
class _Sighting:
    guild_id: int
    user_id: int
    teams: frozenset[int]
    is_manager: bool
    day: date
    now: datetime


class MemberRepository:
    """Sightings (the roster behind team averages), manager flags and streak pauses."""

    def __init__(self, database: Database) -> None:
        self._db = database
        # What was last written per (guild, member): most interactions repeat it and need no write at all.
        self._noted: Bounded[tuple[int, int], tuple[date, frozenset[int], bool]] = Bounded(200_000)
        self._pauses: Bounded[int, dict[int, list[Pause]]] = Bounded(10_000)  # by guild, then member
        self._sightings: GroupCommit[_Sighting, None] = GroupCommit(self._write, "sightings-writer")

    async def saw(
        self, guild_id: int, user_id: int, team_ids: Iterable[int], is_manager: bool, day: date, now: datetime
    ) -> None:
        """Record that the member interacted today holding these teams' roles (once per team and day)."""
        teams = frozenset(team_ids)
        noted = (day, teams, is_manager)
        if self._noted.get((guild_id, user_id)) == noted:
            return
        since = self._noted.generation
        await self._sightings.submit(_Sighting(guild_id, user_id, teams, is_manager, day, now))
        self._noted.put((guild_id, user_id), noted, since)

    async def _write(self, batch: list[_Sighting]) -> list[None]:
        """Every sighting of a burst in one transaction."""
        async with self._db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO member_sightings (guild_id, team_id, user_id, local_date, seen_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (team_id, user_id, local_date) DO NOTHING",
                [
                    (s.guild_id, team_id, s.user_id, s.day.isoformat(), to_db(s.now))
                    for s in batch
                    for team_id in sorted(s.teams)
                ],
            )
            await tx.executemany(
                "INSERT INTO members (guild_id, user_id, is_manager, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET is_manager = excluded.is_manager,"
                " updated_at = excluded.updated_at",
                [(s.guild_id, s.user_id, int(s.is_manager), to_db(s.now)) for s in batch],
            )
        return [None] * len(batch)

    async def flush(self) -> None:
        """Wait for sightings being written."""
        await self._sightings.flush()

    def forgotten(self, guild_id: int, user_id: int) -> None:
        """The member's rows were erased elsewhere (/privacy): write them again when they come back."""
        self._noted.drop((guild_id, user_id))
        self._pauses.drop(guild_id)

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
        self._pauses.drop(guild_id)

    async def pauses(self, guild_id: int, user_id: int) -> list[Pause]:
        """Every pause the member declared (the guild's pauses are read once, then cached)."""
        by_member = self._pauses.get(guild_id)
        if by_member is None:
            since = self._pauses.generation
            rows = await self._db.fetchall(
                "SELECT user_id, start_date, end_date FROM pauses WHERE guild_id = ? ORDER BY start_date", (guild_id,)
            )
            by_member = {}
            for row in rows:
                by_member.setdefault(int(row[0]), []).append(
                    Pause(date.fromisoformat(row[1]), date.fromisoformat(row[2]))
                )
            self._pauses.put(guild_id, by_member, since)
        return list(by_member.get(user_id, []))
