"""Totals over a time window for leaderboards, /me and the weekly announcement, without reading the whole ledger.

Everything is grouped by (team, member) and optionally cut by step; services combine the rows into the
boards they need (so exclusions, averages and rankings are decided outside SQL; the team totals below only
add up what the service asks for, leaving out the members it excludes).

The sums come from `board_totals` (migration 0004): per UTC day, ISO week, month and all time, kept equal to
the raw tables by triggers. A window (its edges are local midnights, or an announcement's cut-off) is
rounded to the nearest UTC midnights, covered by whole buckets (months, weeks, then days), and the rows
between each rounded edge and the real one are added or subtracted straight from point_events, answers and
member_sightings (a few hours of rows at most). Sums of counts make this exact: a member is on a board when
their events or answers in the window add up to more than zero, seen when their sightings do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

from bot.domain.leaderboard import Standing
from bot.domain.periods import Window
from bot.storage.database import Database, Dialect, to_db
from bot.storage.sqlite import split_statements

MIGRATION = "0004_board_speed.sql"
HALF_DAY = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Fact:
    """One member's totals in one team over a window (and, for per-step facts, one step)."""

    team_id: int
    user_id: int
    points: int
    answers: int
    correct: int
    step: int | None = None


@dataclass(frozen=True, slots=True)
class TeamFact:
    """A team's totals over a window (and, for per-step totals, one step), excluded members left out."""

    team_id: int
    step: int | None
    points: int
    answers: int
    correct: int
    members: int  # members who answered at least once
    unseen: int  # of those, members without a sighting in the team in the window


@dataclass(frozen=True, slots=True)
class TeamTotals:
    """Team totals and, per team, how many (not excluded) members were seen holding its role."""

    facts: list[TeamFact]
    seen: dict[int, int]


@dataclass(frozen=True, slots=True)
class Plan:
    """How a window is read: whole buckets, plus or minus raw rows over (sign, start, end) UTC ranges.

    `empty` names the (range, table) pairs known to hold no rows, which the queries then leave out.
    """

    buckets: tuple[str, ...]
    ranges: tuple[tuple[int, datetime | None, datetime | None], ...]
    empty: frozenset[tuple[int, str]] = frozenset()

    def raw(self, tables: Iterable[str]) -> list[tuple[int, str, datetime | None, datetime | None]]:
        """(sign, table, start, end) of every raw read still needed for `tables`."""
        return [
            (sign, table, start, end)
            for index, (sign, start, end) in enumerate(self.ranges)
            for table in tables
            if (index, table) not in self.empty
        ]

    def single(self, tables: Iterable[str]) -> bool:
        """Whether one bucket alone is the window (so its rows are already one per key)."""
        return len(self.buckets) == 1 and not self.raw(tables)


def _midnight(instant: datetime) -> datetime:
    """The UTC midnight nearest to `instant` (ties go to the earlier one)."""
    utc = instant.astimezone(UTC)
    floor = utc.replace(hour=0, minute=0, second=0, microsecond=0)
    return floor if utc - floor <= HALF_DAY else floor + timedelta(days=1)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def cover(first: date, last: date) -> list[str]:
    """Bucket keys covering the UTC days [first, last): whole months, else whole ISO weeks, else days."""
    keys: list[str] = []
    day = first
    while day < last:
        if day.day == 1 and _next_month(day) <= last:
            keys.append(f"M{day:%Y-%m}")
            day = _next_month(day)
        elif day.isoweekday() == 1 and day + timedelta(days=7) <= last:
            keys.append(f"W{day.isoformat()}")
            day += timedelta(days=7)
        else:
            keys.append(f"D{day.isoformat()}")
            day += timedelta(days=1)
    return keys


def plan(window: Window, *, use_totals: bool = True) -> Plan:
    """The buckets and raw ranges whose signed sum is exactly `window` (raw only for half-open windows)."""
    start, end = window.start, window.end
    if not use_totals or (start is None) != (end is None):
        return Plan((), ((1, start, end),))
    if start is None or end is None:
        return Plan(("all",), ())
    if end <= start:
        return Plan((), ())
    first, last = _midnight(start), _midnight(end)
    if last <= first:
        return Plan((), ((1, start, end),))
    ranges: list[tuple[int, datetime | None, datetime | None]] = []
    if first != start:
        ranges.append((1, start, first) if first > start else (-1, first, start))
    if last != end:
        ranges.append((1, last, end) if last < end else (-1, end, last))
    return Plan(tuple(cover(first.date(), last.date())), tuple(ranges))


REBUILD_MARKER = "-- Rebuild:"


def _code(statement: str) -> str:
    """A statement without its comment lines."""
    return "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()


def rebuild_statements(dialect: Dialect = "sqlite") -> list[str]:
    """The statements of migration 0004 that recompute board_totals from the raw tables."""
    if dialect == "postgresql":
        sql = resources.files("bot.storage.migrations.postgresql").joinpath(MIGRATION).read_text(encoding="utf-8")
        rebuild = sql[sql.index(REBUILD_MARKER) :]
        return [code for part in rebuild.split(";\n") if (code := _code(part))]
    sql = resources.files("bot.storage.migrations").joinpath(MIGRATION).read_text(encoding="utf-8")
    found = []
    for statement in split_statements(sql):
        code = _code(statement)
        if code.startswith(("DELETE FROM board_totals", "INSERT INTO board_totals")):
            found.append(code)
    return found


# Per raw table: its time column, and what one row adds to (events, points, answers, correct, sightings).
_RAW = {
    "point_events": (
        "created_at",
        "{sign} AS events, {sign} * points AS points, 0 AS answers, 0 AS correct, 0 AS sightings",
    ),
    "answers": (
        "answered_at",
        "0 AS events, 0 AS points, {sign} AS answers, {sign} * correct AS correct, 0 AS sightings",
    ),
    "member_sightings": ("seen_at", "0 AS events, 0 AS points, 0 AS answers, 0 AS correct, {sign} AS sightings"),
}
LEDGER = ("point_events", "answers")
EVERYTHING = (*LEDGER, "member_sightings")
_SUMS = "events, points, answers, correct, sightings"


@dataclass(frozen=True, slots=True)
class _Cut:
    """Which rows a board reads: every step summed (step 0), each step (by_step), one step; one member or team."""

    by_step: bool = False
    step: int | None = None
    user_id: int | None = None
    team_id: int | None = None

    @property
    def stepped(self) -> bool:
        return self.by_step or self.step is not None


def _union(
    guild_id: int, plan: Plan, tables: tuple[str, ...], cut: _Cut, dialect: Dialect
) -> tuple[str, list[Any]]:
    """Rows (team_id, user_id, step, events, points, answers, correct, sightings) that add up to the window.

    Bucket rows first (one per key), then each raw range's rows with its sign; ledger rows keep their
    step, sightings (step-less) come as step 0 and are only read for sums over every step.
    """
    parts: list[str] = []
    params: list[Any] = []
    extra, extra_params = "", []
    for column, value in (("user_id", cut.user_id), ("team_id", cut.team_id)):
        if value is not None:
            extra += f" AND {column} = ?"
            extra_params.append(value)
    if cut.by_step:
        level, level_params, raw_level = " AND step > 0", [], " AND step IS NOT NULL"
    elif cut.step is not None:
        level, level_params, raw_level = " AND step = ?", [cut.step], " AND step = ?"
    else:
        level, level_params, raw_level = " AND step = 0", [], ""
    if plan.buckets:
        marks = ", ".join("?" for _ in plan.buckets)
        # One member's rows: without statistics SQLite would rather walk the bucket's steps in key order.
        # (PostgreSQL has no such hint, and its statistics choose the member index by themselves.)
        member_index = " INDEXED BY board_totals_member" if cut.user_id is not None and dialect == "sqlite" else ""
        parts.append(
            f"SELECT team_id, user_id, step, {_SUMS} FROM board_totals{member_index}"  # noqa: S608
            f" WHERE guild_id = ? AND bucket IN ({marks}){level}{extra}"
        )
        params += [guild_id, *plan.buckets, *level_params, *extra_params]
    for sign, table, start, end in plan.raw(tables):
        if cut.stepped and table == "member_sightings":
            raise ValueError("sightings have no step")
        column, sums = _RAW[table]
        bounds, bound_params = "", []
        if start is not None:
            bounds += f" AND {column} >= ?"
            bound_params.append(to_db(start))
        if end is not None:
            bounds += f" AND {column} < ?"
            bound_params.append(to_db(end))
        step, own_level = ("0 AS step", "") if table == "member_sightings" else ("step", raw_level)
        parts.append(
            f"SELECT team_id, user_id, {step}, {sums.format(sign=sign)} FROM {table}"  # noqa: S608
            f" WHERE guild_id = ?{bounds}{own_level}{extra}"
        )
        params += [guild_id, *bound_params, *(level_params if own_level else []), *extra_params]
    if not parts:
        return f"SELECT 0 AS team_id, 0 AS user_id, 0 AS step, {_SUMS} FROM board_totals WHERE 0", []  # noqa: S608
    return " UNION ALL ".join(parts), params


class BoardRepository:
    """Aggregates of point_events, answers, reflections, kudos and sightings.

    `use_totals=False` reads everything from the raw tables, as before migration 0004: slow on a long
    history, but the reference the aggregates are checked against.
    """

    def __init__(self, database: Database, *, use_totals: bool = True) -> None:
        self._db = database
        self._use_totals = use_totals

    async def _plan(self, guild_id: int, window: Window, tables: tuple[str, ...]) -> Plan:
        """The window's plan, without the raw reads that would find nothing (one cheap probe for all of them)."""
        found = plan(window, use_totals=self._use_totals)
        if not found.buckets or not found.ranges:
            return found
        probes, params, keys = [], [], []
        for index, (_, start, end) in enumerate(found.ranges):
            for table in tables:
                column = _RAW[table][0]
                probe = f"EXISTS (SELECT 1 FROM {table} WHERE guild_id = ? AND {column} >= ? AND {column} < ?)"  # noqa: S608
                probes.append(probe)
                params += [guild_id, to_db(start) if start else "", to_db(end) if end else "~"]
                keys.append((index, table))
        row = await self._db.fetchone(f"SELECT {', '.join(probes)}", params)
        assert row is not None
        return replace(found, empty=frozenset(key for key, there in zip(keys, row, strict=True) if not there))

    async def facts(
        self,
        guild_id: int,
        window: Window,
        *,
        by_step: bool = False,
        step: int | None = None,
        user_id: int | None = None,
    ) -> list[Fact]:
        """Points and answers per (team, member[, step]) in the window, optionally for one step or member only."""
        window_plan = await self._plan(guild_id, window, LEDGER)
        union, params = _union(guild_id, window_plan, LEDGER, _Cut(by_step, step, user_id), self._db.dialect)
        keys = "team_id, user_id" + (", step" if by_step else "")
        if window_plan.single(LEDGER):
            sql = f"SELECT {keys}, points, answers, correct FROM ({union}) AS u WHERE events > 0 OR answers > 0"  # noqa: S608
        else:
            sql = (
                f"SELECT {keys}, SUM(points), SUM(answers), SUM(correct) FROM ({union}) AS u"  # noqa: S608
                f" GROUP BY {keys} HAVING SUM(events) > 0 OR SUM(answers) > 0"
            )
        rows = await self._db.fetchall(sql, params)
        if by_step:
            return [Fact(row[0], row[1], row[3], row[4], row[5], row[2]) for row in rows]
        return [Fact(row[0], row[1], row[2], row[3], row[4], step) for row in rows]

    async def members(
        self, guild_id: int, window: Window, *, step: int | None = None, team_id: int | None = None
    ) -> list[Standing]:
        """Per member, summed over their teams (or in one team): points, answers and correct answers.

        Everyone with an event or an answer in the window (of that step, in that team) is there.
        """
        window_plan = await self._plan(guild_id, window, LEDGER)
        union, params = _union(guild_id, window_plan, LEDGER, _Cut(step=step, team_id=team_id), self._db.dialect)
        # "+user_id": grouping must not tempt SQLite into walking the whole guild in the member index's order
        # (PostgreSQL reads "+user_id" as an expression, not the selected column, and plans well without it)
        member = "+user_id" if self._db.dialect == "sqlite" else "user_id"
        rows = await self._db.fetchall(
            f"SELECT user_id, SUM(points), SUM(answers), SUM(correct) FROM ({union}) AS u"  # noqa: S608
            f" GROUP BY {member} HAVING SUM(events) > 0 OR SUM(answers) > 0",
            params,
        )
        return [Standing(row[0], row[1], row[2], row[3]) for row in rows]

    async def seen(self, guild_id: int, window: Window) -> dict[int, set[int]]:
        """Members seen holding each team's role in the window (the roster behind team averages)."""
        tables = ("member_sightings",)
        window_plan = await self._plan(guild_id, window, tables)
        union, params = _union(guild_id, window_plan, tables, _Cut(), self._db.dialect)
        if window_plan.single(tables):
            sql = f"SELECT team_id, user_id FROM ({union}) AS u WHERE sightings > 0"  # noqa: S608
        else:
            sql = f"SELECT team_id, user_id FROM ({union}) AS u GROUP BY team_id, user_id HAVING SUM(sightings) > 0"  # noqa: S608
        roster: dict[int, set[int]] = defaultdict(set)
        for row in await self._db.fetchall(sql, params):
            roster[int(row[0])].add(int(row[1]))
        return dict(roster)

    async def team_totals(
        self,
        guild_id: int,
        window: Window,
        excluded: Iterable[int] = (),
        *,
        step: int | None = None,
        by_step: bool = False,
    ) -> TeamTotals:
        """Per team (and step), over the members not excluded: sums, who answered, who answered unseen; who was seen.

        The same figures as adding up `facts` and `seen` per team, without carrying every member to Python.
        A member is unseen when their answers (over every step) are more than zero and their sightings are
        not; their step rows then count as unseen too.
        """
        window_plan = await self._plan(guild_id, window, EVERYTHING)
        cut = _Cut(by_step, step)
        # z: per member over every step, with sightings; m: per member and step (the same rows, if not cut).
        union, params = _union(guild_id, window_plan, EVERYTHING, _Cut(), self._db.dialect)
        if window_plan.single(EVERYTHING):
            z = f"SELECT team_id, user_id, points, answers, correct, sightings FROM ({union}) AS u"  # noqa: S608
        else:
            z = (
                "SELECT team_id, user_id, SUM(points) AS points, SUM(answers) AS answers,"  # noqa: S608
                f" SUM(correct) AS correct, SUM(sightings) AS sightings FROM ({union}) AS u GROUP BY team_id, user_id"
            )
        gone = sorted(set(excluded))
        outside = f"user_id NOT IN ({', '.join('?' * len(gone))})" if gone else "1 = 1"
        roster = (
            f"SELECT 1, team_id, NULL, COUNT(*), 0, 0, 0, 0 FROM z WHERE sightings > 0 AND {outside} GROUP BY team_id"  # noqa: S608
        )
        if not cut.stepped:
            sql = (
                f"WITH z AS ({z}) SELECT 0, team_id, NULL, SUM(points), SUM(answers), SUM(correct),"  # noqa: S608
                " SUM(CASE WHEN answers > 0 THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN answers > 0 AND sightings <= 0 THEN 1 ELSE 0 END)"
                f" FROM z WHERE {outside} GROUP BY team_id"
                f" UNION ALL {roster}"
            )
            rows = await self._db.fetchall(sql, [*params, *gone, *gone])
        else:
            stepped, stepped_params = _union(guild_id, window_plan, LEDGER, cut, self._db.dialect)
            if window_plan.single(LEDGER):
                m = f"SELECT team_id, user_id, step, points, answers, correct FROM ({stepped}) AS u"  # noqa: S608
            else:
                m = (
                    "SELECT team_id, user_id, step, SUM(points) AS points, SUM(answers) AS answers,"  # noqa: S608
                    f" SUM(correct) AS correct FROM ({stepped}) AS u GROUP BY team_id, user_id, step"
                )
            group = "step, team_id" if by_step else "team_id"
            sql = (
                f"WITH z AS ({z}), m AS ({m})"  # noqa: S608
                f" SELECT 0, team_id, {'step' if by_step else 'NULL'}, SUM(points), SUM(answers), SUM(correct),"
                " SUM(CASE WHEN answers > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN answers > 0 AND (team_id, user_id) IN"
                " (SELECT team_id, user_id FROM z WHERE answers > 0 AND sightings <= 0) THEN 1 ELSE 0 END)"
                f" FROM m WHERE {outside} GROUP BY {group} UNION ALL {roster}"
            )
            rows = await self._db.fetchall(sql, [*params, *stepped_params, *gone, *gone])
        facts = [
            TeamFact(row[1], row[2] if by_step else step, row[3], row[4], row[5], row[6], row[7])
            for row in rows
            if row[0] == 0 and any(row[3:])  # a team with nothing is the same as a team without a row
        ]
        facts.sort(key=lambda fact: (fact.team_id, fact.step or 0))
        return TeamTotals(facts, {row[1]: row[3] for row in rows if row[0] == 1})

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

    async def rebuild(self) -> None:
        """Recompute board_totals from the raw tables (they are the truth; the aggregates only follow)."""
        async with self._db.transaction() as tx:
            for statement in rebuild_statements(self._db.dialect):
                await tx.execute(statement)


def _window_sql(column: str, window: Window) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if window.start is not None:
        clauses.append(f"{column} >= ?")
        params.append(to_db(window.start))
    if window.end is not None:
        clauses.append(f"{column} < ?")
        params.append(to_db(window.end))
    return "".join(f" AND {clause}" for clause in clauses), params
