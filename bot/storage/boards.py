"""Totals over a time window, straight from the ledger, for leaderboards, /me and the weekly announcement.

Everything is grouped by (team, member) and optionally cut by step; services combine the rows into the
boards they need (so exclusions, averages and rankings live in one place, outside SQL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from bot.domain.periods import Window
from bot.storage.database import Database, to_db


@dataclass(frozen=True, slots=True)
class Fact:
    """One member's totals in one team over a window (and, for per-step facts, one step)."""

    team_id: int
    user_id: int
    points: int
    answers: int
    correct: int
    step: int | None = None


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
    """Aggregates of point_events, answers, reflections, kudos and sightings."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def facts(
        self, guild_id: int, window: Window, *, by_step: bool = False, step: int | None = None
    ) -> list[Fact]:
        """Points and answers per (team, member[, step]) in the window, optionally for one step only."""
        group = "team_id, user_id" + (", step" if by_step else "")
        step_clause, step_params = (" AND step = ?", [step]) if step is not None else ("", [])
        totals: dict[tuple[int, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
        where, params = _window_sql("created_at", window)
        rows = await self._db.fetchall(
            f"SELECT {group}, SUM(points) FROM point_events WHERE guild_id = ?{where}{step_clause} GROUP BY {group}",  # noqa: S608
            [guild_id, *params, *step_params],
        )
        width = 3 if by_step else 2
        for row in rows:
            totals[tuple(int(value) for value in row[:width])][0] = int(row[width])
        where, params = _window_sql("answered_at", window)
        rows = await self._db.fetchall(
            f"SELECT {group}, COUNT(*), SUM(correct) FROM answers WHERE guild_id = ?{where}{step_clause}"  # noqa: S608
            f" GROUP BY {group}",
            [guild_id, *params, *step_params],
        )
        for row in rows:
            key = tuple(int(value) for value in row[:width])
            totals[key][1:] = [int(row[width]), int(row[width + 1])]
        return [
            Fact(key[0], key[1], points, answers, correct, key[2] if by_step else step)
            for key, (points, answers, correct) in totals.items()
        ]

    async def seen(self, guild_id: int, window: Window) -> dict[int, set[int]]:
        """Members seen holding each team's role in the window (the roster behind team averages)."""
        where, params = _window_sql("seen_at", window)
        rows = await self._db.fetchall(
            f"SELECT DISTINCT team_id, user_id FROM member_sightings WHERE guild_id = ?{where}",  # noqa: S608
            [guild_id, *params],
        )
        roster: dict[int, set[int]] = defaultdict(set)
        for row in rows:
            roster[int(row[0])].add(int(row[1]))
        return dict(roster)

    async def reflections_of(self, guild_id: int, user_id: int, window: Window) -> tuple[int, int]:
        """(reflections written, kudos received) by a member in the window."""
        where, params = _window_sql("r.created_at", window)
        row = await self._db.fetchone(
            f"SELECT COUNT(*) FROM reflections r WHERE r.guild_id = ? AND r.user_id = ?{where}",  # noqa: S608
            [guild_id, user_id, *params],
        )
        written = int(row[0]) if row else 0
        where, params = _window_sql("k.created_at", window)
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM kudos k JOIN reflections r ON r.reflection_id = k.reflection_id"  # noqa: S608
            f" WHERE r.guild_id = ? AND r.user_id = ?{where}",
            [guild_id, user_id, *params],
        )
        return written, int(row[0]) if row else 0
