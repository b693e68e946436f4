"""Storage faults: a database that is read-only, full, locked by another program or damaged.

At start-up `momentos run` refuses such a database in one line (exit status 2). While running, a click or a
command whose write fails is answered with an apology from the catalogue, the bot carries on, answers the
next click once the fault is gone, and never tells anyone an answer was recorded unless it was committed.
The faults are SQLite's own errors: `PRAGMA query_only` (SQLITE_READONLY), `PRAGMA max_page_count`
(SQLITE_FULL), a second connection holding the write lock past the busy timeout (SQLITE_BUSY).
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.discord.texts import t
from bot.domain.model import Catalog
from bot.simulator.interactions import InteractionRecord
from bot.storage import Storage
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
    """board_totals equals a recomputation from the raw tables; returns (ledger points, answers)."""
    database = h.running.services.storage.database
    totals = await database.fetchall(
        "SELECT COALESCE(SUM(points), 0), COALESCE(SUM(answers), 0) FROM board_totals WHERE bucket = 'all' AND step = 0"
    )
    raw = await database.fetchall(
        "SELECT (SELECT COALESCE(SUM(points), 0) FROM point_events), (SELECT COUNT(*) FROM answers)"
    )
    assert tuple(totals[0]) == tuple(raw[0]), (tuple(totals[0]), tuple(raw[0]))
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
            f"{len(scored)} clicks acknowledged and stored, {len(refused)} refused with the apology (es/en) and"
            f" stored nothing; /leaderboard still answered; after the fault the"
            f" {len(refused)} answered again and counted: {answers} answers for {len(MEMBERS)} members,"
            f" 0 duplicates, board_totals = ledger ({points} points)"
        )


async def test_a_read_only_database_apologises_and_recovers(
    tmp_path: Path, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        post = await _ready(h)
        _, right, wrong = await h.item_of(post)
        await h.rows("PRAGMA query_only = 1")  # every write now fails with SQLITE_READONLY
        drill.tried("a read-only database (SQLITE_READONLY on every write) during clicks and commands")
        clicks = [await h.click(name, post, wrong) for name in ("m00", "m01", ENGLISH)]
        assert _apologised(clicks[0]) and _apologised(clicks[1]) and _apologised(clicks[2], "en")
        command = await h.manager("config language", language="en")
        assert _apologised(command), command.text()
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
            f"3 clicks and 1 command refused with the apology (es/en), 0 rows written, /me still answered;"
            f" once writable the same 3 clicks counted ({answers} answers, {points} points, board_totals = ledger)"
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
# once: writes fail with EFBIG, not a fatal SIGXFSZ) and as another user (root ignores file permissions).
LAUNCH = """
import os, resource, signal, sys
import _strptime, concurrent.futures.thread, encodings.idna, encodings.utf_8_sig, importlib.readers
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
    uid = NOBODY if case.as_other_user and os.geteuid() == 0 else -1
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LAUNCH, str(uid), str(case.file_limit),
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
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
        yield base
    finally:
        for path in [base, *base.rglob("*")]:
            with contextlib.suppress(OSError):
                os.chmod(path, 0o700 if path.is_dir() else 0o600)
        shutil.rmtree(base, ignore_errors=True)


def _owned_by_runner(path: Path, case: StartCase) -> None:
    if case.as_other_user and os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


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
            results = await asyncio.gather(*(_momentos_run(case, base) for case in cases))
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
