"""Fixtures for unit tests of services and storage: every test runs on a SQLite file and on PostgreSQL.

(The content: tests/conftest.py; the PostgreSQL server and its databases: tests/postgres.py.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage
from tests.postgres import Databases

REPO = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "m.db"


async def _migrated(url: str) -> None:
    """The template every PostgreSQL test database is cloned from: Momentos' schema, no rows."""
    await (await Storage.open(url)).close()


@pytest.fixture(params=BACKENDS)
async def target(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[str]:
    """Where a migrated, empty database is: a SQLite file path, or the URL of a PostgreSQL database of its own
    (for tests that open it, close it and open it again, as a restarted process would)."""
    if request.param == "sqlite":
        await _migrated(str(db_path))
        yield str(db_path)
        return
    databases: Databases = request.getfixturevalue("postgres_databases")  # sync and session-wide: safe here
    try:
        yield await databases.fresh(await databases.template("momentos", _migrated))
    finally:
        await databases.drop_created()


@pytest.fixture
async def storage(target: str) -> AsyncIterator[Storage]:
    """A freshly migrated database on either backend, closed after the test."""
    opened = await Storage.open(target)
    try:
        yield opened
    finally:
        await opened.close()
