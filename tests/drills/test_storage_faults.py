"""Storage faults: a database that is read-only, full, locked by another program or damaged, and an old one.

At start-up `momentos run` (its own process) refuses such a database in one line (exit status 2). While
running, a click or a command whose write fails is answered with an apology from the catalogue, the bot
carries on, answers the next click once the fault is gone, and never tells anyone an answer was recorded
unless it was committed; posts whose record failed are settled by the next tick. The faults are SQLite's
own errors: `PRAGMA query_only` (SQLITE_READONLY), `PRAGMA max_page_count` (SQLITE_FULL), a second
connection holding the write lock past the busy timeout (SQLITE_BUSY). Last, a database left by the first
released schema (`fixtures/schema_v1.sql`) is upgraded with every row and point intact.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.discord.texts import t
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.periods import Period, period_window, week_of
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import World
from bot.storage import Storage
from bot.storage.boards import BoardRepository
from bot.storage.database import migrations
from tests.drills.conftest import DrillReport
from tests.e2e.harness import Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)  # 08:50 in Mexico City
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
MEMBERS = [f"m{number:02d}" for number in range(24)]
ENGLISH = "m23"

WORLD: dict[str, Any] = {
    "guilds": [
        {
            "name": "Tienda",
            "locale": "es-ES",
            "roles": [{"name": "Ventas"}, {"name": "Gerencia", "permissions": ["manage_guild"]}],
            "channels": [{"name": "general"}, {"name": "ventas"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                *(
                    {"name": name, "roles": ["Ventas"], **({"locale": "en-US"} if name == ENGLISH else {})}
                    for name in MEMBERS
                ),
            ],
        }
    ]
}
APOLOGY = {language: t(language, "error.storage") for language in ("es", "en")}
UNLIMITED_PAGES = 1_073_741_823  # SQLite's default max_page_count


async def _ready(h: Harness) -> Any:
    """One team, a schedule, and the 09:00 challenge in #ventas."""
    record = await h.manager("team add", name="Ventas", channel=h.channel("ventas"), role=h.guild.role("Ventas"))
    assert "creado" in record.text(), record.text()
    record = await h.manager("config schedule", time="09:00", timezone="America/Mexico_City")
    assert "Horario guardado" in record.text(), record.text()
    await h.tick_at(NINE_AM)
    return h.post_in("ventas")


def _apologised(record: InteractionRecord, language: str = "es") -> bool:
    return record.acknowledged and record.ephemeral and record.text() == APOLOGY[language]


def _scored(record: InteractionRecord) -> bool:
    """The person was told their answer counted (the private answer embed with its points)."""
    titles = [str(embed.get("title", "")) for embed in record.embeds()]
    return record.ephemeral and any("+" in title for title in titles)


async def _answers(h: Harness) -> dict[int, int]:
    rows = await h.rows("SELECT user_id, COUNT(*) AS n FROM answers GROUP BY user_id")
    return {int(row["user_id"]): int(row["n"]) for row in rows}


async def _board_matches_the_ledger(h: Harness) -> tuple[int, int]:
    """board_totals equals its rebuild from the raw tables (nothing half-counted); returns (points, answers)."""
    storage = h.storage
    # Sightings are written beside the clicks, not before their answer: let those in flight land first (on
    # PostgreSQL a read does not queue behind writes as it does on SQLite's single connection).
    await storage.members.flush()
    totals = "SELECT * FROM board_totals ORDER BY guild_id, bucket, step, team_id, user_id"
    kept = [tuple(row) for row in await storage.database.fetchall(totals)]
    await storage.boards.rebuild()
    assert [tuple(row) for row in await storage.database.fetchall(totals)] == kept
    raw = await storage.database.fetchall(
        "SELECT (SELECT COALESCE(SUM(points), 0) FROM point_events), (SELECT COUNT(*) FROM answers)"
    )
    return int(raw[0][0]), int(raw[0][1])


async def _click_all(h: Harness, post: Any, names: list[str], choice: int) -> dict[str, InteractionRecord]:
    """Everyone in `names` presses `choice` at the same moment (one burst, shared group commits)."""
    records = await asyncio.gather(*(h.click(name, post, choice) for name in names))
    return dict(zip(names, records, strict=True))


async def test_a_full_disk_fails_whole_batches_loudly_and_loses_no_acknowledged_answer(
    tmp_path: Path, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        post = await _ready(h)
        _, right, _ = await h.item_of(post)
        pages = (await h.rows("PRAGMA page_count"))[0]["page_count"]
        await h.rows(f"PRAGMA max_page_count = {pages}")  # the file may not grow by one page: SQLITE_FULL
        drill.tried(
            f"a full disk (max_page_count = the file's {pages} pages) while {len(MEMBERS)} members click at once,"
            " then the same members again once space is back"
        )
        during = await _click_all(h, post, MEMBERS, right)
        stored = await _answers(h)
        scored = [name for name, record in during.items() if _scored(record)]
        refused = [name for name, record in during.items() if not _scored(record)]
        assert refused, "the disk never filled up: lower max_page_count"
        for name in refused:
            language = "en" if name == ENGLISH else "es"
            assert _apologised(during[name], language), (name, during[name].text())
            assert h.member(name).user.id not in stored, f"{name} was told it failed, yet the answer was stored"
        for name in scored:
            assert stored.get(h.member(name).user.id) == 1, f"{name} was told it counted, yet nothing was stored"
        board = await h.sim.command(h.member("m00"), h.channel("general"), "leaderboard")
        await board.settled()
        assert board.acknowledged and board.text() != APOLOGY["es"], "reading still works on a full disk"

        await h.rows(f"PRAGMA max_page_count = {UNLIMITED_PAGES}")
        after = await _click_all(h, post, refused, right)
        assert all(_scored(record) for record in after.values()), [r.text() for r in after.values()]
        again = await h.click(scored[0], post, right) if scored else None
        stored = await _answers(h)
        assert sorted(stored) == sorted(h.member(name).user.id for name in MEMBERS)
        assert set(stored.values()) == {1}, "nobody has two answers"
        if again is not None:
            assert "Ya respondiste" in again.text()
        points, answers = await _board_matches_the_ledger(h)
        drill.held(
            f"{len(scored)} click(s) acknowledged and stored, {len(refused)} refused with the apology (es/en) and"
            f" stored nothing; /leaderboard still answered; after the fault the"
            f" {len(refused)} answered again and counted: {answers} answers for {len(MEMBERS)} members,"
            f" 0 duplicates, board_totals = its rebuild from the ledger ({points} points)"
        )


async def test_a_read_only_database_apologises_and_recovers(
    tmp_path: Path, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        post = await _ready(h)
        _, right, wrong = await h.item_of(post)
        await h.rows("PRAGMA query_only = 1")  # every write now fails with SQLITE_READONLY
        drill.tried(
            "a read-only database (SQLITE_READONLY on every write) during clicks, /config language and /week announce"
        )
        clicks = [await h.click(name, post, wrong) for name in ("m00", "m01", ENGLISH)]
        assert _apologised(clicks[0]) and _apologised(clicks[1]) and _apologised(clicks[2], "en")
        command = await h.manager("config language", language="en")
        assert _apologised(command), command.text()
        deferred = await h.manager("week announce")  # answers "thinking…" first, then writes
        assert _apologised(deferred), deferred.text()
        assert [m for m in h.sim.messages(h.channel("general")) if not m.ephemeral] == [], "nothing announced"
        me = await h.sim.command(h.member("m02"), h.channel("general"), "me")
        await me.settled()
        assert me.acknowledged and me.text() != APOLOGY["es"], "reading still works"
        assert await _answers(h) == {}

        await h.rows("PRAGMA query_only = 0")
        after = [await h.click(name, post, right) for name in ("m00", "m01", ENGLISH)]
        assert all(_scored(record) for record in after), [record.text() for record in after]
        language = await h.manager("config language", language="en")
        assert language.text() != APOLOGY["es"]
        stored = await _answers(h)
        assert stored == {h.member(name).user.id: 1 for name in ("m00", "m01", ENGLISH)}
        points, answers = await _board_matches_the_ledger(h)
        drill.held(
            f"3 clicks and 2 commands (one deferred) refused with the apology (es/en), 0 rows written, nothing"
            f" announced, /me still answered;"
            f" once writable the same 3 clicks counted ({answers} answers, {points} points,"
            " board_totals = its rebuild from the ledger)"
            " and the command went through"
        )


async def test_a_database_locked_by_another_program_apologises_in_time_and_recovers(
    tmp_path: Path, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        post = await _ready(h)
        _, right, _ = await h.item_of(post)
        other = sqlite3.connect(h.db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another program takes the write lock and keeps it
            drill.tried("another connection holding the write lock past the busy timeout during clicks and a command")
            clicks = [await h.click(name, post, right) for name in ("m00", "m01")]
            command = await h.manager("config language", language="en")
            late = [r for r in [*clicks, command] if r.late_callbacks]
            assert late == [], "answered after Discord's 3 s deadline: the person saw 'interaction failed'"
            assert all(_apologised(record) for record in [*clicks, command]), [r.text() for r in clicks]
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert await _answers(h) == {}
        after = [await h.click(name, post, right) for name in ("m00", "m01")]
        assert all(_scored(record) for record in after), [record.text() for record in after]
        assert await _answers(h) == {h.member("m00").user.id: 1, h.member("m01").user.id: 1}
        points, answers = await _board_matches_the_ledger(h)
        drill.held(
            f"2 clicks and 1 command apologised within Discord's deadline (0 late answers), 0 rows written;"
            f" once the lock was released the same clicks counted ({answers} answers, {points} points)"
        )


# --- start-up: `momentos run` refuses an unusable database in one line -------------------------------------------

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534
# Runs `momentos run` after loading every module, optionally under a file-size limit (the disk "fills up" at
# once: writes fail with EFBIG, not a fatal SIGXFSZ) and as another user (root ignores file permissions). Every
# module `run` imports lazily is loaded first: the other user may not be able to read the checkout at all (a clone
# in a `mktemp -d` folder is 0700), and a late import then fails with ModuleNotFoundError instead of the refusal.
LAUNCH = """
import os, resource, signal, sys
import _strptime, concurrent.futures.thread, dotenv, encodings.idna, encodings.utf_8_sig, importlib.readers
import bot.cli.main, bot.cli.run, bot.storage.database
bot.storage.database.migrations()
uid, limit = int(sys.argv[1]), int(sys.argv[2])
if limit >= 0:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
if uid >= 0:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
sys.exit(bot.cli.main.main(["run"]))
"""


# `momentos run` loads and validates the whole library before it opens the database (~1 s of CPU alone). Seven
# cold interpreters at once on 2 shared cores once took longer than the test's 60 s: they now start two at a
# time (one per core), and the deadline only guards against a hang, never against a slow machine.
START_AT_ONCE = 2
START_DEADLINE = 180.0


@dataclass
class StartCase:
    """One unusable database and the words its refusal must contain."""

    name: str
    db: Path
    expected: str
    as_other_user: bool = False
    file_limit: int = -1
    untouched: bytes | None = None


async def _momentos_run(case: StartCase, cwd: Path) -> tuple[int, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN="drill-token-" + "x" * 40,
        MOMENTOS_DB=str(case.db),
        MOMENTOS_DISCORD_API_URL="http://127.0.0.1:9/api/v10",  # never reached: the database is checked first
        MOMENTOS_DISCORD_GATEWAY_URL="ws://127.0.0.1:9/gateway",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if (cwd / "scenarios").is_dir():  # the workspace's readable copy of the library (`_workspace`, as root)
        env["MOMENTOS_SCENARIOS"] = str(cwd / "scenarios")
    uid = NOBODY if case.as_other_user and os.geteuid() == 0 else -1
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LAUNCH, str(uid), str(case.file_limit),
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), START_DEADLINE)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def _healthy_database(path: Path) -> None:
    """A migrated database with a team, a post and an answer in it."""
    storage = await Storage.open(path)
    try:
        db = storage.database
        now = "2026-11-23 15:00:00.000000"
        await db.execute("INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, ?, ?)", (now, now))
        await db.execute(
            "INSERT INTO teams (guild_id, name, name_key, channel_id, role_id, created_at)"
            " VALUES (1, 'Ventas', 'ventas', 10, 20, ?)",
            (now,),
        )
    finally:
        await storage.close()


@contextmanager
def _workspace(tmp_path: Path) -> Iterator[Path]:
    """A folder the drill's processes may use; when run as root, one that another user can enter."""
    if os.geteuid() != 0:
        yield tmp_path
        return
    base = Path(tempfile.mkdtemp(prefix="momentos-drill-"))
    try:
        os.chmod(base, 0o755)
        # the other user may not be able to read the checkout (a clone in a 0700 `mktemp -d` folder): a copy of
        # the library it can read, passed as MOMENTOS_SCENARIOS (see `_momentos_run`)
        shutil.copytree(REPO / "scenarios", base / "scenarios")
        for path in [base / "scenarios", *(base / "scenarios").rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        yield base
    finally:
        for path in [base, *base.rglob("*")]:
            with contextlib.suppress(OSError):
                os.chmod(path, 0o700 if path.is_dir() else 0o600)
        shutil.rmtree(base, ignore_errors=True)


def _owned_by_runner(path: Path, case: StartCase) -> None:
    if case.as_other_user and os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


@pytest.mark.timeout(600)
async def test_start_up_refuses_an_unusable_database_in_one_line(tmp_path: Path, drill: DrillReport) -> None:
    with _workspace(tmp_path) as base:
        cases: list[StartCase] = []

        folder = base / "ro-folder"
        folder.mkdir()
        cases.append(StartCase("a read-only folder and no database yet", folder / "momentos.db", "cannot open", True))

        ro_file = base / "ro-file"
        ro_file.mkdir()
        await _healthy_database(ro_file / "momentos.db")
        cases.append(StartCase("a read-only database file", ro_file / "momentos.db", "is read-only", True))

        ro_dir = base / "ro-dir"
        ro_dir.mkdir()
        await _healthy_database(ro_dir / "momentos.db")
        cases.append(StartCase("a database in a read-only folder", ro_dir / "momentos.db", "read-only", True))

        locked = base / "locked"
        locked.mkdir()
        await _healthy_database(locked / "momentos.db")
        cases.append(StartCase("a database another program keeps locked", locked / "momentos.db", "is locked"))

        full = base / "full"
        full.mkdir()
        await _healthy_database(full / "momentos.db")
        cases.append(
            StartCase("a full disk (RLIMIT_FSIZE 0: no file may grow)", full / "momentos.db", "disk full", file_limit=0)
        )

        garbage = base / "garbage" / "momentos.db"
        garbage.parent.mkdir()
        garbage.write_bytes(random.Random(7).randbytes(64 * 1024))
        cases.append(StartCase("a file of garbage bytes", garbage, "is unusable: file is not a database"))

        truncated = base / "truncated" / "momentos.db"
        truncated.parent.mkdir()
        await _healthy_database(truncated)
        truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
        cases.append(StartCase("a database cut in half", truncated, "is unusable: database disk image is malformed"))

        for case in cases:
            if case.db.exists():
                case.untouched = case.db.read_bytes()
            for path in (case.db.parent, *case.db.parent.iterdir()):
                _owned_by_runner(path, case)
        os.chmod(ro_file / "momentos.db", 0o444)
        os.chmod(folder, 0o555)
        os.chmod(ro_dir, 0o555)

        drill.tried("`momentos run` on " + ", ".join(case.name for case in cases))
        holder = sqlite3.connect(locked / "momentos.db", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            slots = asyncio.Semaphore(START_AT_ONCE)

            async def start(case: StartCase) -> tuple[int, str]:
                async with slots:
                    return await _momentos_run(case, base)

            results = await asyncio.gather(*(start(case) for case in cases))
        finally:
            holder.close()
        for case, (status, stderr) in zip(cases, results, strict=True):
            assert status == 2, (case.name, status, stderr)
            assert stderr.count("\n") == 1 and "Traceback" not in stderr, (case.name, stderr)
            assert stderr.startswith("momentos: ") and str(case.db) in stderr, (case.name, stderr)
            assert case.expected in stderr, (case.name, stderr)
            if case.untouched is not None:
                assert case.db.read_bytes() == case.untouched, f"{case.name}: the file was changed"
        drill.held(
            f"{len(cases)} of {len(cases)} refused with exit status 2 and one line naming the file and the fault"
            " (no traceback, nothing written to the file): "
            + "; ".join(
                f"{case.name} → {stderr.strip().removeprefix('momentos: ').replace(str(case.db), '<db>')!r}"
                for case, (_, stderr) in zip(cases, results, strict=True)
            )
        )


# --- schema upgrade from the first released version ---------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schema_v1.sql"
V1_COLUMNS = {  # what schema version 1 had: these values must come through every migration unchanged
    "guild_settings": "guild_id, timezone, post_time, weekdays, answer_window_minutes, language, manager_role_id",
    "teams": "team_id, guild_id, name, name_key, channel_id, role_id, created_at, removed_at",
    "item_versions": "item_id, version, body, created_at",
    "posts": "post_id, guild_id, team_id, local_date, item_id, item_version, channel_id, message_id, trigger_kind,"
    " status, attempts, created_at, posted_at, closes_at, retry_at, last_error, error_notified_at",
    "answers": "answer_id, post_id, guild_id, team_id, user_id, choice_index, correct, answered_at",
    "point_events": "event_id, event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension, kind,"
    " points, created_at",
    "bot_meta": "meta_key, meta_value",
}
UPGRADE_WORLD: dict[str, Any] = {
    "guilds": [
        {
            "name": "Tienda",
            "locale": "es-ES",
            "roles": [{"name": "Ventas"}, {"name": "Caja"}, {"name": "Bodega"}, {"name": "Gerencia"}],
            "channels": [{"name": "general"}, {"name": "ventas"}, {"name": "caja"}, {"name": "bodega"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                {"name": "ana", "roles": ["Ventas"]},
                {"name": "bruno", "roles": ["Ventas"]},
                {"name": "elena", "roles": ["Ventas"], "locale": "en-US"},
                {"name": "carla", "roles": ["Caja"]},
                {"name": "fede", "roles": ["Bodega"]},
            ],
        }
    ]
}
MONDAY_AFTER = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)


def _v1_snapshot(connection: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: connection.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
        for table, columns in V1_COLUMNS.items()
    }


def _adopted(dump: str, world: World) -> str:
    """The v1 dump with the simulated server's ids (as if the first release had run in that server)."""
    guild = world.guild("Tienda")
    ids = {
        900000000000000001: guild.id,
        900000000000000029: guild.role("Gerencia").id,
        **{900000000000000011 + n: guild.channel(name).id for n, name in enumerate(("ventas", "caja", "bodega"))},
        **{900000000000000021 + n: guild.role(name).id for n, name in enumerate(("Ventas", "Caja", "Bodega"))},
        **{
            900000000000000101 + n: guild.member(name).user.id
            for n, name in enumerate(("ana", "bruno", "elena", "carla", "fede"))
        },
    }
    for old, new in ids.items():
        dump = dump.replace(str(old), str(new))
    return dump


async def test_a_first_release_database_upgrades_with_every_row_and_point_intact(
    tmp_path: Path, catalog: Catalog, drill: DrillReport
) -> None:
    path = tmp_path / "momentos.db"
    world = World.from_config(UPGRADE_WORLD, Snowflakes(fixed_start=MONDAY_AFTER.timestamp()))
    with contextlib.closing(sqlite3.connect(path)) as v1:
        v1.executescript(_adopted(FIXTURE.read_text(encoding="utf-8"), world))
        assert v1.execute("SELECT MAX(version) FROM schema_migrations").fetchone() == (1,)
        before = _v1_snapshot(v1)
        points_before = dict(
            v1.execute("SELECT team_id, SUM(points) FROM point_events GROUP BY team_id ORDER BY 1").fetchall()
        )
    counts = {table: len(rows) for table, rows in before.items()}
    drill.tried(
        f"a database left by the first released schema (migration 0001 only; {counts['posts']} posts,"
        f" {counts['answers']} answers, {counts['point_events']} point events, a removed team, a failed post),"
        " opened by the current code"
    )

    storage = await Storage.open(path)
    try:
        database = storage.database
        newest = migrations()[-1][0]
        assert await database.schema_version() == newest
        applied = [int(row[0]) for row in await database.fetchall("SELECT version FROM schema_migrations ORDER BY 1")]
        assert applied == [version for version, _, _ in migrations()], "every migration ran, once, in order"
        for table, rows in before.items():
            now = await database.fetchall(f"SELECT {V1_COLUMNS[table]} FROM {table} ORDER BY 1, 2")
            assert [tuple(row) for row in now] == rows, f"{table} changed in the upgrade"
        unstepped = await database.fetchall(
            "SELECT a.answer_id FROM answers a JOIN point_events e ON e.event_key = 'answer:' || a.post_id || ':'"
            " || a.user_id WHERE a.step IS NOT e.step"
        )
        assert unstepped == [], "migration 0002 gave every old answer the step of its challenge"
        for row in await database.fetchall("SELECT item_id, version FROM item_versions"):
            assert await storage.posts.item(row[0], row[1]) is not None, "every old snapshot still loads"

        reference = BoardRepository(database, use_totals=False)
        windows = [
            period_window(Period.ALL, MONDAY_AFTER, "America/Mexico_City"),
            period_window(Period.MONTH, MONDAY_AFTER, "America/Mexico_City"),
            week_of(datetime(2026, 11, 10).date(), "America/Mexico_City"),
            week_of(datetime(2026, 11, 17).date(), "America/Mexico_City"),
        ]
        guild_id = world.guild("Tienda").id
        for window in windows:
            for by_step in (False, True):
                kept = sorted(await storage.boards.facts(guild_id, window, by_step=by_step), key=repr)
                raw = sorted(await reference.facts(guild_id, window, by_step=by_step), key=repr)
                assert kept == raw, f"board_totals disagree with the ledger over {window.label}"
            assert sorted(await storage.boards.members(guild_id, window), key=repr) == sorted(
                await reference.members(guild_id, window), key=repr
            )
        everything = await storage.boards.facts(guild_id, windows[0])
        per_team: dict[int, int] = {}
        for fact in everything:
            per_team[fact.team_id] = per_team.get(fact.team_id, 0) + fact.points
        assert per_team == points_before, "the all-time board shows every old point"
    finally:
        await storage.close()

    sim = Simulator(world)
    await sim.start()
    h = Harness(sim=sim, clock=ManualClock(MONDAY_AFTER), catalog=catalog, db_path=path)
    try:
        await h.start_bot()
        board = await h.sim.command(h.member("ana"), h.channel("general"), "leaderboard", period="all")
        await board.settled()
        shown = board.text() + "".join(str(embed) for embed in board.embeds())
        week = await h.sim.command(h.member("ana"), h.channel("general"), "leaderboard", week="2026-W46")
        await week.settled()
        assert "**Bodega**" in week.text(), "a removed team is still on the boards of the weeks it played"
        after = await h.sim.command(h.member("ana"), h.channel("general"), "leaderboard", period="last-week")
        await after.settled()
        assert "Bodega" not in after.text() and "**Ventas**" in after.text(), "not after it was removed"
        for name in ("Ventas", "Caja", "Bodega"):
            assert name in shown, (name, shown)
        for total in points_before.values():
            assert f"total {total}" in board.text(), (total, board.text())
        me = await h.sim.command(h.member("ana"), h.channel("general"), "me")
        await me.settled()
        ana_points = sum(row[10] for row in before["point_events"] if row[4] == h.member("ana").user.id)
        assert str(ana_points) in me.text() + "".join(str(embed) for embed in me.embeds())
    finally:
        await h.stop_bot()
        await sim.stop()
    drill.held(
        f"schema 1 → {newest}: every migration ran once in order; all {sum(counts.values())} v1 rows of"
        f" {len(counts)} tables unchanged; every old answer got its step; {counts['item_versions']} old snapshots load;"
        f" board_totals = raw ledger over all time, the month and both weeks (by team, member and step);"
        f" /leaderboard all shows the 3 teams with their {sum(points_before.values())} points"
        f" ({', '.join(str(p) for p in points_before.values())}), week 2026-W46 shows the removed team, last week"
        f" (after its removal) does not; /me shows ana's {ana_points}"
    )


# --- posting while the database fails ----------------------------------------------------------------------------


async def test_posts_survive_a_database_that_fails_around_the_send(
    tmp_path: Path, catalog: Catalog, drill: DrillReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        record = await h.manager("team add", name="Ventas", channel=h.channel("ventas"), role=h.guild.role("Ventas"))
        assert "creado" in record.text()
        await h.manager("config schedule", time="09:00", timezone="America/Mexico_City")
        ventas = h.channel("ventas")
        drill.tried(
            "the database turning read-only right after Monday's challenge reached Discord and before it was"
            " recorded; then Tuesday's 09:00 tick on a read-only database; each fault lifted a minute later"
        )
        services = h.running.services
        record_posted = services.posting.posted

        async def fills_up_first(*args: Any, **kwargs: Any) -> Any:
            await h.rows("PRAGMA query_only = 1")  # the disk fills the moment the message is out
            return await record_posted(*args, **kwargs)

        monkeypatch.setattr(services.posting, "posted", fills_up_first)
        await h.tick_at(NINE_AM)
        monkeypatch.setattr(services.posting, "posted", record_posted)
        assert len(h.sim.messages(ventas)) == 1, "the challenge is in the channel"
        post = h.post_in("ventas")
        stuck = await h.rows("SELECT status FROM posts")
        assert stuck == [{"status": "sending"}], stuck
        await h.rows("PRAGMA query_only = 0")
        await h.tick_at(NINE_AM + timedelta(minutes=1))
        rows = await h.rows("SELECT status, message_id FROM posts")
        assert rows == [{"status": "posted", "message_id": post.id}], rows
        click = await h.click("m00", post, 0)
        assert _scored(click), click.text()
        assert len(h.sim.messages(ventas)) == 1, "never posted twice"

        tuesday = NINE_AM + timedelta(days=1)
        await h.rows("PRAGMA query_only = 1")
        await h.tick_at(tuesday)
        assert len(h.sim.messages(ventas)) == 1, "nothing is sent that could not be reserved"
        await h.rows("PRAGMA query_only = 0")
        await h.tick_at(tuesday + timedelta(minutes=1))
        assert len(h.sim.messages(ventas)) == 2, "Tuesday's challenge went out at the next tick, once"
        closed = await h.rows("SELECT closed_at FROM posts WHERE local_date = '2026-11-23'")
        assert closed[0]["closed_at"] is not None, "Monday's reveal, due during the fault, happened after it"
        drill.held(
            "the challenge sent while its record failed was adopted by the next tick (message found in the"
            " channel: 1 message, not 2) and its buttons counted answers; a tick on a read-only database sent"
            " nothing and the next one posted once; Monday's reveal, refused during the fault, went out next tick"
        )
