"""Fixtures for end-to-end tests: a fresh simulator, database and clock per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import World
from tests.e2e.harness import WORLD, Harness

# Monday 2026-11-23, 08:50 in Mexico City (UTC-6, no DST).
MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)


@pytest.fixture
async def harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """Simulator up, bot started and ready; torn down with a check that nothing unimplemented was called."""
    # Reproducible ids: the same server id every run, so the rotation (and the day's item) is the same too.
    sim = Simulator(World.from_config(WORLD, Snowflakes(fixed_start=MONDAY_0850.timestamp())))
    await sim.start()
    h = Harness(sim=sim, clock=ManualClock(MONDAY_0850), catalog=catalog, db_path=tmp_path / "momentos.db")
    try:
        await h.start_bot()
        yield h
    finally:
        await h.stop_bot()
        await sim.stop()
    assert sim.unhandled == [], f"the bot called endpoints the simulator does not implement: {sim.unhandled}"
