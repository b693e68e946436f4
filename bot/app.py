"""The composition root: a bot assembled from its parts (database, services, features). Used by `momentos run`,
the demo, the benchmark and the tests; nothing below `bot.app` knows the whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from pathlib import Path

from bot.discord.client import Feature, MomentosBot
from bot.discord.features import (
    boards,
    daily,
    help,
    insights,
    members,
    privacy,
    reflections,
    reviews,
    scenarios,
    setup,
)
from bot.discord.pacing import DISCORD_GLOBAL_LIMIT
from bot.domain.clock import Clock
from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog
from bot.domain.shards import ShardScope
from bot.services import Services
from bot.storage import Storage

log = logging.getLogger("momentos.cli")

# The features, in the order their commands are registered and their jobs run in a scheduler tick.
FEATURES: tuple[Feature, ...] = (
    setup.setup,
    daily.setup,
    reflections.setup,
    boards.setup,
    reviews.setup,
    insights.setup,
    scenarios.setup,
    privacy.setup,
    help.setup,
    members.setup,
)


@dataclass(frozen=True, slots=True)
class App:
    """A bot and the database it owns; tools and tests may look at `storage`, the bot only at its services."""

    bot: MomentosBot
    storage: Storage


async def open_app(
    *,
    database: str | Path,
    catalog: Catalog,
    clock: Clock,
    guild_ready_timeout: float = 2.0,
    run_scheduler: bool = True,
    requests_per_second: float = DISCORD_GLOBAL_LIMIT,
    heartbeat: Path | None = None,
    identify_budget: IdentifyBudget | None = None,
    shards: ShardScope | None = None,
) -> App:
    """Open (and migrate) the database (a file path or a database URL) and build a bot that owns it.

    `requests_per_second` is the bot's global REST limit on Discord (50 unless Discord raised it);
    `heartbeat` is the file the scheduler touches after every good tick (see `momentos health`);
    `identify_budget` paces new gateway sessions (bot.domain.identify; the defaults suit Discord);
    `shards` are the shards this process holds (default: all, in the count Discord recommends).
    """
    storage = await Storage.open(database)
    if identify_budget is None and shards is not None and shards.count is not None:
        identify_budget = IdentifyBudget(shards=shards.count)  # every process of the bot counts the same sessions
    bot = MomentosBot(
        Services.build(storage, catalog, clock, identify_budget=identify_budget, scope=shards),
        FEATURES,
        guild_ready_timeout=guild_ready_timeout,
        run_scheduler=run_scheduler,
        requests_per_second=requests_per_second,
        heartbeat=heartbeat,
        shards=shards,
    )
    return App(bot, storage)


async def run_until_signalled(bot: MomentosBot, token: str) -> None:
    """Run the bot until SIGTERM/SIGINT, then close it cleanly (discord.py does not handle SIGTERM itself)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    runner = asyncio.create_task(bot.start(token), name="momentos-bot")
    stopper = asyncio.create_task(stop.wait(), name="momentos-signal")
    try:
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("signal received; shutting down")
    finally:
        stopper.cancel()
        await bot.close()
        if not runner.done():
            runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
    exception = runner.exception() if runner.done() and not runner.cancelled() else None
    if exception is not None:
        raise exception
