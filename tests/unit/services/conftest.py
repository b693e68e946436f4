"""Fixtures of the service tests: the world of two teams and a challenge posted to Ventas on Monday."""

from __future__ import annotations

import pytest

from bot.domain.model import Catalog
from bot.storage import Storage
from tests.builders import MONDAY, Game, local
from tests.unit.services.support import Posted, build_world


@pytest.fixture
async def world(storage: Storage, catalog: Catalog) -> Game:
    return await build_world(storage, catalog, local(MONDAY, 7, 0))


@pytest.fixture
async def posted(world: Game) -> Posted:
    post, item = await world.publish(world.teams["Ventas"], MONDAY, local(MONDAY, 9, 0))
    return Posted(post, item)
