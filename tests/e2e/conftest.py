"""Fixtures for end-to-end tests: a fresh simulator, database and clock per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.model import Catalog
from tests.e2e.harness import WORLD, Harness, running

# Monday 2026-11-23, 08:50 in Mexico City (UTC-6, no DST).
MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)


@pytest.fixture
async def harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """Simulator up, bot started and ready; torn down with a check that nothing unimplemented was called."""
    # Reproducible ids: the same server id every run, so the rotation (and the day's item) is the same too.
    async with running(WORLD, catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        yield h
