"""Moving an install from one database to another (SQLite → PostgreSQL, or back), and proving nothing changed.

Every table is copied in one target transaction, in foreign-key order, keeping its ids; the board aggregates are
not copied but recomputed from the copied rows; then both sides are compared table by table (row counts and an
order-free digest of every row) and board by board. A target that already holds data is refused unless the
caller asks to replace it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.storage.boards import rebuild_statements
from bot.storage.database import Database, Row, StorageError, Transaction

# Parents before children; board_totals is derived (recomputed), schema_migrations is each side's own.
TABLES = (
    "guild_settings",
    "teams",
    "item_versions",
    "posts",
    "answers",
    "point_events",
    "bot_meta",
    "reflections",
    "kudos",
    "member_sightings",
    "members",
    "pauses",
    "announcements",
    "custom_items",
    "retired_items",
    "scheduled_items",
    "scenario_drafts",
    "gateway_identifies",
    "reviews",
    "confidence",
    "digests",
    "memory_parameters",
)
DERIVED = ("board_totals",)
# Tables whose id a database hands out: after copying explicit ids, PostgreSQL's sequence must continue past them.
IDENTITIES = {
    "teams": "team_id",
    "posts": "post_id",
    "answers": "answer_id",
    "point_events": "event_id",
    "reflections": "reflection_id",
    "gateway_identifies": "identify_id",
    "reviews": "review_id",
    "confidence": "confidence_id",
}
# Tables whose triggers keep board_totals: off while copying on PostgreSQL, the aggregates are rebuilt after.
TRIGGERED = ("point_events", "answers", "member_sightings")
CHUNK = 2000

Progress = Callable[[str, int, int], None]  # (table, rows copied so far, rows in the table)


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One table compared on both sides."""

    table: str
    source_rows: int
    target_rows: int
    same_rows: bool  # every row equal (an order-free digest of all columns)

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.same_rows


@dataclass(frozen=True, slots=True)
class Verification:
    """What the comparison found: per table, and the boards (every bucket of every guild, team and member)."""

    tables: list[TableCheck]
    board_rows: int
    boards_equal: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.boards_equal and all(check.ok for check in self.tables)


async def columns(database: Database, table: str) -> list[str]:
    """A table's columns in their declared order."""
    if database.dialect == "sqlite":
        rows = await database.fetchall(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")  # noqa: S608
    else:
        rows = await database.fetchall(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
    return [str(row[0]) for row in rows]


async def count(database: Database, table: str) -> int:
    row = await database.fetchone(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a name from TABLES
    return int(row[0]) if row else 0


async def occupied(database: Database) -> list[tuple[str, int]]:
    """The Momentos tables of `database` that hold rows, with their counts."""
    found = []
    for table in TABLES:
        rows = await count(database, table)
        if rows:
            found.append((table, rows))
    return found


def _digest(rows: list[Row], into: int) -> int:
    """Add rows to an order-free digest (a sum of per-row hashes, so each side may read in its own order)."""
    for row in rows:
        text = repr(tuple(row)).encode()
        into = (into + int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")) % (1 << 64)
    return into


async def digest(database: Database, table: str, names: list[str]) -> tuple[int, int]:
    """(rows, digest) of a table's rows over the given columns."""
    rows, value = 0, 0
    async for chunk in database.stream(f"SELECT {', '.join(names)} FROM {table}", size=CHUNK):  # noqa: S608
        rows += len(chunk)
        value = _digest(chunk, value)
    return rows, value


async def copy(source: Database, target: Database, *, replace: bool = False, progress: Progress | None = None) -> None:
    """Copy every table from `source` into `target` (both open and migrated to the same version), all or nothing."""
    source_version, target_version = await source.schema_version(), await target.schema_version()
    if source_version != target_version:
        raise StorageError(
            f"the source is at schema version {source_version} and the target at {target_version}; open both with"
            " this Momentos first (it upgrades them) and try again"
        )
    present = await occupied(target)
    if present and not replace:
        listing = ", ".join(f"{table} ({rows})" for table, rows in present[:4])
        raise StorageError(
            f"{target.location} already holds Momentos data: {listing}{' …' if len(present) > 4 else ''};"
            " copy into an empty database, or pass --replace to erase it first"
        )
    plan = {table: await columns(source, table) for table in TABLES}
    sizes = {table: await count(source, table) for table in TABLES}
    async with target.transaction() as tx:
        postgres = target.dialect == "postgresql"
        if postgres:
            for table in TRIGGERED:
                await tx.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        if present:
            for table in (*reversed(TABLES), *DERIVED):
                await tx.execute(f"DELETE FROM {table}")  # noqa: S608
        for table in TABLES:
            await _copy_table(source, tx, table, plan[table], sizes[table], progress)
        if postgres:
            for table, column in IDENTITIES.items():
                await tx.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"  # noqa: S608
                    f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                )
            for table in TRIGGERED:
                await tx.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for statement in rebuild_statements(target.dialect):
            await tx.execute(statement)


async def _copy_table(
    source: Database, tx: Transaction, table: str, names: list[str], size: int, progress: Progress | None
) -> None:
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
    done = 0
    if progress:
        progress(table, 0, size)
    async for chunk in source.stream(f"SELECT {', '.join(names)} FROM {table}", size=CHUNK):  # noqa: S608
        await tx.executemany(insert, [tuple(row) for row in chunk])
        done += len(chunk)
        if progress:
            progress(table, done, size)


async def verify(source: Database, target: Database) -> Verification:
    """Both sides compared: each table's rows, and the boards recomputed from the copied rows."""
    checks = []
    for table in TABLES:
        names = await columns(source, table)
        source_rows, source_digest = await digest(source, table, names)
        target_rows, target_digest = await digest(target, table, names)
        checks.append(TableCheck(table, source_rows, target_rows, source_digest == target_digest))
    names = await columns(source, "board_totals")
    source_boards = await digest(source, "board_totals", names)
    target_boards = await digest(target, "board_totals", names)
    problems = [
        f"{check.table}: {check.source_rows} rows here, {check.target_rows} there"
        + ("" if check.source_rows != check.target_rows or check.same_rows else " (same count, different rows)")
        for check in checks
        if not check.ok
    ]
    if source_boards != target_boards:
        problems.append(
            f"board_totals: {source_boards[0]} aggregate rows in the source, {target_boards[0]} recomputed in the"
            " target, and they differ"
        )
    return Verification(checks, target_boards[0], source_boards == target_boards, problems)
