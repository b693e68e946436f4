"""Shared fixtures: the bundled catalog and where the repository is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import load_catalog
from bot.domain.model import Catalog

REPO = Path(__file__).resolve().parent.parent

# PostgreSQL for the tests that need it: fixtures postgres_server and databases, the postgres marker, CI's guard.
pytest_plugins = ["tests.postgres"]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled content, loaded once."""
    return load_catalog(REPO / "scenarios")
