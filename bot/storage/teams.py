"""Teams: a name, a channel for the daily post, a role that may answer."""

from __future__ import annotations

from datetime import datetime

from bot.domain.state import Team, TeamConflict
from bot.storage.cache import Bounded
from bot.storage.database import Database, Row, to_db


def name_key(name: str) -> str:
    """How team names are compared: case- and space-insensitive, so 'Ventas' and ' ventas' clash."""
    return " ".join(name.split()).casefold()


def _team(row: Row) -> Team:
    lead = row["lead_role_id"]
    return Team(
        int(row["team_id"]),
        int(row["guild_id"]),
        row["name"],
        int(row["channel_id"]),
        int(row["role_id"]),
        int(lead) if lead is not None else None,
    )


class TeamRepository:
    """Reads and writes teams; removed teams keep their rows for history."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._active: Bounded[int, list[Team]] = Bounded(10_000)  # by guild; read on every interaction
        self._by_id: Bounded[int, Team] = Bounded(100_000)

    async def add(self, guild_id: int, name: str, channel_id: int, role_id: int, now: datetime) -> Team:
        """Create a team; TeamConflict if its name or channel is taken by an active team."""
        clean = " ".join(name.split())
        key = name_key(clean)
        async with self._db.transaction() as tx:
            clash = await tx.fetchone(
                "SELECT * FROM teams WHERE removed_at IS NULL AND ((guild_id = ? AND name_key = ?) OR channel_id = ?)",
                (guild_id, key, channel_id),
            )
            if clash is not None:
                other = _team(clash)
                raise TeamConflict("name" if name_key(other.name) == key else "channel", other)
            await tx.execute(
                "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id) DO NOTHING",
                (guild_id, to_db(now), to_db(now)),
            )
            row = await tx.fetchone(
                "INSERT INTO teams (guild_id, name, name_key, channel_id, role_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING team_id",
                (guild_id, clean, key, channel_id, role_id, to_db(now)),
            )
        assert row is not None
        self._forget()
        return Team(int(row[0]), guild_id, clean, channel_id, role_id)

    async def edit(
        self,
        team: Team,
        now: datetime,
        *,
        name: str | None = None,
        channel_id: int | None = None,
        role_id: int | None = None,
        lead_role_id: int | None = None,
        clear_lead: bool = False,
    ) -> Team:
        """Change a team's name, channel, role or lead role; TeamConflict if the new name or channel is taken."""
        new_name = " ".join(name.split()) if name is not None else team.name
        new_channel = channel_id if channel_id is not None else team.channel_id
        new_role = role_id if role_id is not None else team.role_id
        new_lead = None if clear_lead else lead_role_id if lead_role_id is not None else team.lead_role_id
        async with self._db.transaction() as tx:
            clash = await tx.fetchone(
                "SELECT * FROM teams WHERE removed_at IS NULL AND team_id <> ?"
                " AND ((guild_id = ? AND name_key = ?) OR channel_id = ?)",
                (team.team_id, team.guild_id, name_key(new_name), new_channel),
            )
            if clash is not None:
                other = _team(clash)
                raise TeamConflict("name" if name_key(other.name) == name_key(new_name) else "channel", other)
            await tx.execute(
                "UPDATE teams SET name = ?, name_key = ?, channel_id = ?, role_id = ?, lead_role_id = ?"
                " WHERE team_id = ?",
                (new_name, name_key(new_name), new_channel, new_role, new_lead, team.team_id),
            )
        self._forget()
        return Team(team.team_id, team.guild_id, new_name, new_channel, new_role, new_lead)

    async def remove(self, team: Team, now: datetime) -> None:
        """Stop posting for a team; its posts, answers and points stay (history keeps the team's name)."""
        await self._db.execute(
            "UPDATE teams SET removed_at = ? WHERE team_id = ? AND removed_at IS NULL", (to_db(now), team.team_id)
        )
        self._forget()

    def _forget(self) -> None:
        self._active.clear()
        self._by_id.clear()

    async def active(self, guild_id: int) -> list[Team]:
        """The guild's current teams, by name (cached)."""
        cached = self._active.get(guild_id)
        if cached is not None:
            return list(cached)
        since = self._active.generation
        rows = await self._db.fetchall(
            "SELECT * FROM teams WHERE guild_id = ? AND removed_at IS NULL ORDER BY name_key", (guild_id,)
        )
        return list(self._active.put(guild_id, [_team(row) for row in rows], since))

    async def get(self, team_id: int) -> Team | None:
        """A team by id, removed or not (old posts still point at it); cached."""
        cached = self._by_id.get(team_id)
        if cached is not None:
            return cached
        since = self._by_id.generation
        row = await self._db.fetchone("SELECT * FROM teams WHERE team_id = ?", (team_id,))
        return self._by_id.put(team_id, _team(row), since) if row else None

    async def by_name(self, guild_id: int, name: str) -> Team | None:
        """An active team by name, compared like names are kept unique."""
        row = await self._db.fetchone(
            "SELECT * FROM teams WHERE guild_id = ? AND name_key = ? AND removed_at IS NULL",
            (guild_id, name_key(name)),
        )
        return _team(row) if row else None

    async def names(self, team_ids: list[int]) -> dict[int, str]:
        """Names of the given teams, for boards."""
        if not team_ids:
            return {}
        marks = ", ".join("?" for _ in team_ids)
        rows = await self._db.fetchall(f"SELECT team_id, name FROM teams WHERE team_id IN ({marks})", team_ids)  # noqa: S608
        return {int(row[0]): row[1] for row in rows}
