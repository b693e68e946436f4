"""IDENTIFY budget: a gateway that keeps invalidating the session, and a supervisor that keeps restarting the bot.

Discord resets a bot's token after 1,000 IDENTIFYs in a day. The budget (bot/domain/identify.py) is stored in
the database, so both loops slow down: the waits double and the number of sessions stays bounded. The drill
runs the real bot against the simulator with the production rule on a small time scale (tenths of a second
instead of minutes), so it takes seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.identify import DISCORD_DAILY_IDENTIFIES, IdentifyBudget, identify_turn
from bot.domain.model import Catalog
from bot.storage.database import from_db
from tests.drills.conftest import DrillReport
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
# The production shape on a small time scale: 3 free sessions, then 0.05 s doubling up to 0.4 s.
FAST = IdentifyBudget(
    free=3,
    base=timedelta(seconds=0.05),
    longest=timedelta(seconds=0.4),
    gap=timedelta(seconds=0.02),
)
SLACK = 0.001  # a timer may fire a hair before the wall clock says so
HOP = 0.05  # at most this between the bot noting an IDENTIFY and the simulator receiving it
INVALIDATED = 6  # sessions the gateway refuses right after READY, one after another
RESTARTS = 3  # then the "supervisor" restarts the bot this many times, at once


@pytest.fixture
async def harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """The e2e harness, its bot (and every bot it restarts) on the small-scale budget."""
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        h.identify_budget = FAST
        h.running.identify_gate.budget = FAST
        yield h


async def _ready_again(h: Harness, identifies: int) -> None:
    """Wait until the gateway has seen `identifies` sessions and the bot is ready on the last one."""
    readies: list[float] = []

    async def on_ready() -> None:
        readies.append(time.monotonic())

    h.running.add_listener(on_ready, "on_ready")
    try:
        for _ in range(1000):
            gateway = h.sim.gateway
            if gateway.identify_count >= identifies and readies and readies[-1] > gateway.identified_at[-1]:
                return
            await asyncio.sleep(0.01)
    finally:
        h.running.remove_listener(on_ready, "on_ready")
    raise TimeoutError(f"only {h.sim.gateway.identify_count} IDENTIFYs, ready {len(readies)} times")


async def _stored_gaps(h: Harness) -> list[float]:
    """Seconds between consecutive IDENTIFYs as the bot stored them (right before sending each)."""
    rows = await h.rows("SELECT identified_at FROM gateway_identifies ORDER BY identified_at")
    instants = [from_db(row["identified_at"]) for row in rows]
    return [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(instants)]


def _expected_waits(sessions: int, *, reconnect: bool, already: int) -> list[float]:
    """What the rule asks before each of `sessions` IDENTIFYs sent back to back after `already` ones."""
    waits = []
    now = MONDAY_0850
    history = [now] * already
    for _ in range(sessions):
        wait = identify_turn(history, now, FAST, reconnect=reconnect).wait
        now += wait
        history.append(now)
        waits.append(wait.total_seconds())
    return waits


async def test_a_gateway_that_invalidates_every_session_and_a_restart_loop_are_paced(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    gateway = h.sim.gateway
    assert gateway.identify_count == 1

    # 1. The gateway invalidates each new session right after READY: the bot must IDENTIFY again each time.
    gateway.invalidate_after_ready = INVALIDATED
    await gateway.drop(resumable=False)
    await _ready_again(h, 1 + INVALIDATED + 1)
    gaps = await _stored_gaps(h)
    expected = _expected_waits(INVALIDATED + 1, reconnect=True, already=1)
    drill.tried(f"the gateway invalidated {INVALIDATED} sessions in a row, each right after its READY")
    assert gateway.identify_count == 1 + INVALIDATED + 1, "one IDENTIFY per refused session, then one that lasts"
    assert all(gap >= wait - SLACK for gap, wait in zip(gaps, expected, strict=True)), (gaps, expected)
    assert expected == sorted(expected) and expected[-1] == FAST.longest.total_seconds()
    drill.held(
        f"{INVALIDATED + 1} IDENTIFYs for {INVALIDATED} invalidations (no extra); gaps "
        + ", ".join(f"{gap:.2f}" for gap in gaps)
        + f" s, each at least the rule's wait ({', '.join(f'{w:.2f}' for w in expected)} s, doubling to the cap)"
    )

    # 2. A supervisor restarts the bot at once, again and again: each new process reads the stored budget.
    before = gateway.identify_count
    sockets = []
    for _ in range(RESTARTS):
        last_session = gateway.identified_at[-1]
        await h.restart_bot()
        sockets.append(gateway.opened_at[-1] - last_session)
    restart_gaps = (await _stored_gaps(h))[-RESTARTS:]
    drill.tried(f"{RESTARTS} restarts of the bot, each right after the previous one, on the same database")
    assert gateway.identify_count == before + RESTARTS
    assert all(gap >= FAST.longest.total_seconds() - SLACK for gap in restart_gaps), restart_gaps
    # Measured from when the simulator received the previous IDENTIFY, a loopback hop after the bot noted it.
    assert all(wait >= FAST.longest.total_seconds() - HOP for wait in sockets), f"it waits before connecting: {sockets}"
    stored = await h.rows("SELECT COUNT(*) AS n FROM gateway_identifies")
    assert stored[0]["n"] == gateway.identify_count, "every IDENTIFY is in the database before it is sent"
    drill.held(
        f"each restarted bot waited before even opening a socket ({', '.join(f'{gap:.2f}' for gap in sockets)} s"
        f" after the previous session, cap {FAST.longest.total_seconds():.2f} s); "
        f"{stored[0]['n']} IDENTIFYs stored = {gateway.identify_count} seen by the gateway"
    )

    # The bot is serving again (it never exited on the way).
    record = await h.sim.command(h.member("ana"), h.channel("general"), "help")
    await record.settled()
    assert "momento de verdad" in record.text()
    assert gateway.resume_count == 0

    # The same rule at production scale: a crash loop restarting every 10 s for a whole day.
    production = IdentifyBudget()
    history: list[datetime] = []
    now, end = MONDAY_0850, MONDAY_0850 + timedelta(days=1)
    while now < end:
        now += identify_turn(history, now, production, reconnect=False).wait + timedelta(seconds=10)
        history.append(now)
    assert len(history) < DISCORD_DAILY_IDENTIFIES / 10
    drill.held(
        f"/help answered after the storm; at production scale a bot crashing every 10 s starts {len(history)}"
        f" sessions in 24 h (Discord resets the token at {DISCORD_DAILY_IDENTIFIES:,})"
    )
