"""Fixtures for unit tests of services and storage: a real SQLite file per test (the content: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "m.db"


@pytest.fixture
async def storage(db_path: Path) -> AsyncIterator[Storage]:
    """A freshly migrated database file, closed after the test."""
    opened = await Storage.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()
