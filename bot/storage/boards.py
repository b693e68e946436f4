"""Totals over a time window, straight from the ledger, for leaderboards and /me."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.domain.leaderboard import Standing
from bot.domain.periods import Window
from bot.storage.database import Database, to_db


def _window_sql(column: str, window: Window) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if window.start is not None:
        clauses.append(f"{column} >= ?")
        params.append(to_db(window.start))
    if window.end is not None:
        clauses.append(f"{column} < ?")
        params.append(to_db(window.end))
    return "".join(f" AND {clause}" for clause in clauses), params


class BoardRepository:
    """Aggregates points (ledger) and answers per person or team over a window."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def _totals(self, guild_id: int, window: Window, column: str) -> dict[int, list[int]]:
        totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        where, params = _window_sql("created_at", window)
        rows = await self._db.fetchall(
            f"SELECT {column}, SUM(points) FROM point_events WHERE guild_id = ?{where} GROUP BY {column}",  # noqa: S608
            [guild_id, *params],
        )
        for row in rows:
            totals[int(row[0])][0] = int(row[1])
        where, params = _window_sql("answered_at", window)
        rows = await self._db.fetchall(
            f"SELECT {column}, COUNT(*), SUM(correct) FROM answers WHERE guild_id = ?{where} GROUP BY {column}",  # noqa: S608
            [guild_id, *params],
        )
        for row in rows:
            totals[int(row[0])][1:] = [int(row[1]), int(row[2])]
        return totals

    async def people(self, guild_id: int, window: Window) -> list[Standing]:
        """Every member with points or answers in the window."""
        totals = await self._totals(guild_id, window, "user_id")
        return [Standing(key, points, answers, correct) for key, (points, answers, correct) in totals.items()]

    async def teams(self, guild_id: int, window: Window, team_ids: list[int]) -> list[Standing]:
        """The given teams (zeros included) with their points, answers and distinct answering members."""
        totals = await self._totals(guild_id, window, "team_id")
        where, params = _window_sql("answered_at", window)
        rows = await self._db.fetchall(
            f"SELECT team_id, COUNT(DISTINCT user_id) FROM answers WHERE guild_id = ?{where} GROUP BY team_id",  # noqa: S608
            [guild_id, *params],
        )
        members = {int(row[0]): int(row[1]) for row in rows}
        standings = []
        for team_id in team_ids:
            points, answers, correct = totals.get(team_id, [0, 0, 0])
            standings.append(Standing(team_id, points, answers, correct, members=members.get(team_id, 0)))
        return standings
