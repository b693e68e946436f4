"""PostgreSQL faults: the server restarted mid-burst, every connection dropped mid-burst, and a server that
cannot be used at start-up.

While running, a click whose write meets the fault is answered with the catalogue's apology and stores nothing;
the pool reconnects by itself, the same members click again and count once; no acknowledged answer is lost and
board_totals equals its rebuild from the ledger. At start-up `momentos run` refuses an unreachable server, a
missing database and a refused login in one line, exit status 2. Each drill has a server of its own (it is
restarted), started like the suite's (bot/storage/throwaway.py).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.domain.model import Catalog
from bot.storage.throwaway import ThrowawayServer
from tests.drills.conftest import DrillReport
from tests.drills.test_storage_faults import (
    ENGLISH,
    MEMBERS,
    MONDAY_0850,
    WORLD,
    _answers,
    _apologised,
    _board_matches_the_ledger,
    _ready,
    _scored,
)
from tests.e2e.harness import Harness, running
from tests.postgres import start_throwaway

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[ThrowawayServer]:
    """A server of this drill's own, with an empty database `momentos` (the bot creates its tables)."""
    own = start_throwaway()
    try:
        asyncio.run(_create(own.url))
        yield own
    finally:
        own.stop()


async def _create(admin: str) -> None:
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute("CREATE DATABASE momentos")
    finally:
        await connection.close()


async def _drop_connections(admin: str) -> int:
    """Terminate every backend of database momentos (what a failover or a network cut does to the pool)."""
    connection = await asyncpg.connect(admin)
    try:
        rows = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'momentos'"
        )
        return len(rows)
    finally:
        await connection.close()


async def _burst_with_fault(h: Harness, post: object, right: int, fault: asyncio.Future[object]) -> dict[str, object]:
    """Everyone clicks while the fault happens (half the clicks before it starts, half while it runs)."""
    first = [asyncio.ensure_future(h.click(name, post, right)) for name in MEMBERS[: len(MEMBERS) // 2]]
    await asyncio.sleep(0.01)
    second = [asyncio.ensure_future(h.click(name, post, right)) for name in MEMBERS[len(MEMBERS) // 2 :]]
    records = await asyncio.gather(*first, *second)
    await fault
    return dict(zip(MEMBERS, records, strict=True))


async def _check_and_recover(h: Harness, post: object, right: int, during: dict[str, object]) -> tuple[int, int, int]:
    """What the members were told matches what was stored; then the refused ones click again and count once."""
    stored = await _answers(h)
    scored = [name for name, record in during.items() if _scored(record)]
    refused = [name for name in during if name not in scored]
    for name in refused:
        language = "en" if name == ENGLISH else "es"
        assert _apologised(during[name], language), (name, during[name].text())  # type: ignore[arg-type, attr-defined]
        assert h.member(name).user.id not in stored, f"{name} was told it failed, yet the answer was stored"
    for name in scored:
        assert stored.get(h.member(name).user.id) == 1, f"{name} was told it counted, yet nothing was stored"
    again = await asyncio.gather(*(h.click(name, post, right) for name in refused))
    assert all(_scored(record) for record in again), [record.text() for record in again]
    stored = await _answers(h)
    assert sorted(stored) == sorted(h.member(name).user.id for name in MEMBERS)
    assert set(stored.values()) == {1}, "nobody has two answers"
    points, _ = await _board_matches_the_ledger(h)
    return len(scored), len(refused), points


@pytest.mark.timeout(300)
async def test_a_server_restarted_mid_burst_loses_no_acknowledged_answer(
    server: ThrowawayServer, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, server.url_for("momentos"), MONDAY_0850) as h:
        post = await _ready(h)
        _, right, _ = await h.item_of(post)
        drill.tried(f"PostgreSQL restarted (pg_ctl stop -m fast, start) while {len(MEMBERS)} members click at once")
        restart = asyncio.ensure_future(asyncio.to_thread(server.restart))
        during = await _burst_with_fault(h, post, right, restart)
        scored, refused, points = await _check_and_recover(h, post, right, during)
        drill.held(
            f"{scored} click(s) acknowledged and stored, {refused} apologised for and not stored; the pool"
            f" reconnected by itself and the {refused} counted on their next click; {len(MEMBERS)} answers,"
            f" 0 duplicates, board_totals = its rebuild ({points} points)"
        )


@pytest.mark.timeout(300)
async def test_every_connection_dropped_mid_burst_loses_no_acknowledged_answer(
    server: ThrowawayServer, catalog: Catalog, drill: DrillReport
) -> None:
    async with running(WORLD, catalog, server.url_for("momentos"), MONDAY_0850) as h:
        post = await _ready(h)
        _, right, _ = await h.item_of(post)
        drill.tried(f"every connection of the bot terminated by the server while {len(MEMBERS)} members click")
        dropped = asyncio.ensure_future(_drop_connections(server.url))
        during = await _burst_with_fault(h, post, right, dropped)
        scored, refused, points = await _check_and_recover(h, post, right, during)
        drill.held(
            f"{dropped.result()} connection(s) cut; {scored} click(s) acknowledged and stored, {refused} apologised"
            f" for and not stored, then counted once on their next click; 0 duplicates, board_totals = its rebuild"
            f" ({points} points)"
        )


LAUNCH = "import sys, bot.cli.main; sys.exit(bot.cli.main.main(['run']))"


async def _momentos_run(url: str, cwd: Path) -> tuple[int, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_", "PG"))}
    env.update(
        DISCORD_TOKEN="drill-token-" + "x" * 40,
        MOMENTOS_DATABASE_URL=url,
        MOMENTOS_DISCORD_API_URL="http://127.0.0.1:9/api/v10",  # never reached: the database is checked first
        MOMENTOS_DISCORD_GATEWAY_URL="ws://127.0.0.1:9/gateway",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LAUNCH, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 180)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


@pytest.mark.timeout(600)
async def test_start_up_refuses_an_unusable_server_in_one_line(
    server: ThrowawayServer, tmp_path: Path, drill: DrillReport
) -> None:
    port = server.port
    cases = [
        ("a database that does not exist", server.url_for("nowhere"), "has no such database"),
        ("a user the server does not know", f"postgresql://intruder:secret@127.0.0.1:{port}/momentos", "refused"),
    ]
    down = ("a server that is down", f"postgresql://postgres@127.0.0.1:{port}/momentos", "connection refused")
    drill.tried("`momentos run` against " + ", ".join(name for name, _, _ in cases) + ", then " + down[0])
    results = [(name, expected, await _momentos_run(url, tmp_path)) for name, url, expected in cases]
    await asyncio.to_thread(server.stop)
    results.append((down[0], down[2], await _momentos_run(down[1], tmp_path)))
    for name, expected, (status, stderr) in results:
        assert status == 2, (name, status, stderr)
        assert stderr.count("\n") == 1 and "Traceback" not in stderr, (name, stderr)
        assert stderr.startswith("momentos: ") and expected in stderr, (name, stderr)
        assert "secret" not in stderr, "the password never reaches the output"
    drill.held(
        "3 of 3 refused with exit status 2 and one line, no password shown: "
        + "; ".join(f"{name} → {stderr.strip().removeprefix('momentos: ')!r}" for name, _, (_, stderr) in results)
    )
