"""Phase 5 of the benchmark: many team channels due at once, the simulator enforcing Discord's global limit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.bench.burst import MOMENTOS, prepare_database
from bot.bench.processes import READY_LINE, BotHandle, SimHandle


async def run_fanout(teams: int, per_second: int, runs: int, workdir: Path) -> list[dict[str, Any]]:
    """Each run: a fresh rate-limited simulator and database whose `teams` posts are all due; start the bot.

    Its scheduler catches up the posts due a minute ago, all at once: the simulator measures from the first
    post request to the last post created, and counts 429s and duplicates.
    """
    results = []
    for run in range(runs):
        now = datetime.now(UTC)
        if now.hour == 0 and now.minute < 2:  # "a minute ago" must still be today in UTC
            await asyncio.sleep(125 - now.minute * 60 - now.second)
        sim = await SimHandle.start(teams, teams, global_limit=per_second)
        try:
            db_path = workdir / f"fanout-{run}.db"
            await prepare_database(db_path, sim.info, datetime.now(UTC))
            bot = await BotHandle.start(MOMENTOS, sim, db_path, workdir / f"fanout-{run}.log")
            try:
                await bot.wait_for_log(READY_LINE)
                results.append(await sim.call("fanout", limit=120, global_per_second=per_second))
            finally:
                await bot.stop()
        finally:
            await sim.stop()
    return results
