"""The boards on a long history, measured in-process: what each command costs the bot, without Discord.

Every case makes the same service calls as its command in `bot/discord/features/boards/cog.py` (configuration,
teams, the board, the embed) against a database seeded by `bot.bench.seed`, `repeats` times, and reports
p50/p95 in milliseconds. The weekly announcement is timed whole (results, JSON, chart, embed), and start-up
as the work the bot does against the database before it is ready (open and migrate, build the services,
the scheduler's first look at what is due), plus loading the content.

    python -m bot.bench.boards --db /tmp/history.db [--seed] [--repeats 30]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bot.bench.seed import SEED_END_KEY, SEED_GUILD_KEY, seed_history
from bot.bench.stats import Latency
from bot.content.loader import load_catalog
from bot.discord.features.boards.announcements import draw_chart
from bot.discord.features.boards.embeds import (
    me_embed,
    people_board_embed,
    steps_board_embed,
    team_board_embed,
    week_embed,
)
from bot.discord.look import period_label
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.periods import Period, week_of
from bot.domain.schedule import local_date
from bot.domain.state import PostStatus
from bot.services import Services
from bot.services.announcements import announcement_instant
from bot.services.boards import PersonalStats, resolve_window
from bot.storage import Storage
from bot.storage.boards import BoardRepository

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
PERIODS = ("week", "last-week", "month", "all")


@dataclass(frozen=True, slots=True)
class History:
    """Which server and moment a seeded database is about, and members to ask /me for."""

    guild_id: int
    now: datetime
    callers: list[tuple[int, int]]  # (user id, team id)
    team_name: str


def read_history(db_path: Path, callers: int = 30) -> History:
    """The seed's guild and end (from bot_meta), and members spread over the people board (by user id)."""
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT meta_key, meta_value FROM bot_meta").fetchall())
        guild_id = int(meta[SEED_GUILD_KEY])
        now = datetime.fromisoformat(meta[SEED_END_KEY]).astimezone(UTC)
        rows = connection.execute(
            "SELECT user_id, MAX(team_id) FROM member_sightings WHERE guild_id = ? GROUP BY user_id ORDER BY user_id",
            (guild_id,),
        ).fetchall()
        name = connection.execute("SELECT name FROM teams WHERE guild_id = ? ORDER BY team_id", (guild_id,)).fetchone()
    finally:
        connection.close()
    step = max(1, len(rows) // callers)
    return History(guild_id, now, [(int(u), int(team)) for u, team in rows[::step][:callers]], str(name[0]))


async def _time(repeats: int, call: Callable[[int], Awaitable[object]]) -> Latency:
    samples = []
    for number in range(repeats):
        start = time.perf_counter()
        await call(number)
        samples.append(time.perf_counter() - start)
    return Latency.of(samples)


async def _leaderboard(
    services: Services,
    history: History,
    board: str,
    period: str,
    *,
    step: int | None = None,
    team: str | None = None,
    week: str | None = None,
    caller: int = 0,
) -> None:
    """What /leaderboard does between the interaction and its reply."""
    config = await services.setup.config(history.guild_id)
    language = config.language
    window = resolve_window(config, Period(period), services.clock.now(), week)
    teams = await services.setup.teams(config.guild_id)
    chosen = next((known for known in teams if known.name.casefold() == team.casefold()), None) if team else None
    user_id, team_id = history.callers[caller % len(history.callers)]
    if board == "steps":
        mine = next((known for known in teams if known.team_id == team_id), None)
        picked = chosen.team_id if chosen else mine.team_id if mine else None
        steps_board_embed(await services.boards.steps(config, window, picked), services.catalog, language)
    elif board == "people":
        people = await services.boards.people(config, window, step, chosen.team_id if chosen else None)
        people_board_embed(people, language, user_id, step, chosen.name if chosen else None)
    else:
        team_board_embed(await services.boards.teams(config, window, step), language, step)


async def _me(services: Services, history: History, caller: int) -> None:
    """What /me does between the interaction and its reply (without a pause)."""
    user_id, team_id = history.callers[caller % len(history.callers)]
    config = await services.setup.config(history.guild_id)
    language = config.language
    now = services.clock.now()
    teams = await services.setup.teams(config.guild_id)
    team = next((known for known in teams if known.team_id == team_id), None)
    windows = [resolve_window(config, period, now) for period in (Period.WEEK, Period.MONTH, Period.ALL)]
    found = await services.boards.personal(config, user_id, windows, now, team.team_id if team else None)
    stats: list[tuple[str, PersonalStats]] = [(period_label(personal.window, language), personal) for personal in found]
    me_embed(stats, found[0], language, "bench")


async def announce(services: Services, history: History) -> tuple[float, float, float]:
    """The weekly announcement of the current week up to now: (results, chart, total) in milliseconds."""
    config = await services.setup.config(history.guild_id)
    now = services.clock.now()
    week = week_of(local_date(now, config.timezone), config.timezone)
    cutoff = min(now, announcement_instant(config, week))
    start = time.perf_counter()
    results = await services.announcements.results(config, week, cutoff)
    results.to_json()
    computed = time.perf_counter()
    language = config.language
    chart = await draw_chart(results, language)
    drawn = time.perf_counter()
    week_embed(results, language, config.timezone, with_chart=True)
    assert chart
    done = time.perf_counter()
    return (computed - start) * 1000, (drawn - computed) * 1000, (done - start) * 1000


async def startup(db_path: Path, catalog: Catalog, now: datetime) -> float:
    """Milliseconds of the start-up work against the database: open (migrate), services, first scheduler look."""
    start = time.perf_counter()
    storage = await Storage.open(db_path)
    try:
        services = Services.build(storage, catalog, ManualClock(now))
        await storage.meta.get("commands_hash")
        await storage.posts.with_status(PostStatus.SENDING)
        await services.announcements.pending(now)
        await services.posting.due(now)
        await services.posting.retries_due(now)
        await services.closing.reminders_due(now)
        await services.closing.due(now)
        await services.announcements.due(now)
        await services.posting.next_wakeup(now)
        await services.closing.next_event(now)
        await services.announcements.next_instant(now)
        return (time.perf_counter() - start) * 1000
    finally:
        await storage.close()


Case = Callable[[Services, int], Awaitable[None]]


def cases(history: History) -> dict[str, Case]:
    """Every measured command, by the name it is reported under; a case runs once per call (n: the repetition)."""
    past = week_of(local_date(history.now - timedelta(weeks=20), "UTC"), "UTC").label

    def board(kind: str, period: str, **options: Any) -> Case:
        async def run(services: Services, n: int) -> None:
            await _leaderboard(services, history, kind, period, caller=n, **options)

        return run

    async def me(services: Services, n: int) -> None:
        await _me(services, history, n)

    found = {f"{kind} {period}": board(kind, period) for kind in ("teams", "people", "steps") for period in PERIODS}
    found["teams week step=3"] = board("teams", "week", step=3)
    found["people all step=3"] = board("people", "all", step=3)
    found["people month team=…"] = board("people", "month", team=history.team_name)
    found[f"teams week:{past}"] = board("teams", "week", week=past)
    found["me"] = me
    return found


@dataclass(frozen=True, slots=True)
class Report:
    """Everything measured on one history."""

    boards: dict[str, Latency]
    announcement_ms: list[float]  # total per run
    announcement_parts: tuple[float, float]  # results, chart of the last run
    startup_ms: list[float]
    catalog_ms: float


async def measure_boards(
    db_path: Path,
    *,
    repeats: int = 30,
    catalog: Catalog | None = None,
    freeze: bool = True,
    raw: bool = False,
    on: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Latency]:
    """p50/p95 (ms) of every board command on the seeded database at `db_path`.

    `on` runs the same calls, with the same inputs (read from the seed at `db_path`), against another copy of
    that history: e.g. the `postgresql://` URL of a database `transfer.copy` filled from it. `progress` hears
    (cases done, cases). `freeze` does what `momentos run` does once the bot is built: `gc.freeze()`, so the
    garbage collector's full passes skip what start-up made (without it, one board in ten pays a ~20 ms pass).
    """
    history = read_history(db_path)
    storage = await Storage.open(on if on is not None else db_path)
    try:
        # raw: every board read from the ledger itself, as before board_totals (the "before" figures)
        board_storage = replace(storage, boards=BoardRepository(storage.database, use_totals=False)) if raw else storage
        services = Services.build(board_storage, catalog or load_catalog(SCENARIOS), ManualClock(history.now))
        if freeze:
            gc.freeze()
        found = {}
        measured = cases(history)
        for number, (name, case) in enumerate(measured.items(), start=1):
            found[name] = await _time(repeats, partial(case, services))
            if progress is not None:
                progress(number, len(measured))
        return found
    finally:
        await storage.close()


async def measure(
    db_path: Path,
    *,
    repeats: int = 30,
    announcements: int = 3,
    startups: int = 5,
    freeze: bool = True,
    raw: bool = False,
) -> Report:
    """Boards, announcement and start-up on one history."""
    started = time.perf_counter()
    catalog = load_catalog(SCENARIOS)
    catalog_ms = (time.perf_counter() - started) * 1000
    history = read_history(db_path)
    startup_ms = [await startup(db_path, catalog, history.now) for _ in range(startups)]
    boards = await measure_boards(db_path, repeats=repeats, catalog=catalog, freeze=freeze, raw=raw)
    storage = await Storage.open(db_path)
    try:
        if raw:
            storage = replace(storage, boards=BoardRepository(storage.database, use_totals=False))
        services = Services.build(storage, catalog, ManualClock(history.now))
        runs = [await announce(services, history) for _ in range(announcements)]
    finally:
        await storage.close()
    return Report(boards, [run[2] for run in runs], (runs[-1][0], runs[-1][1]), startup_ms, catalog_ms)


def render(report: Report) -> str:
    """A Markdown table of the report."""
    lines = ["| case | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|"]
    for name, latency in report.boards.items():
        lines.append(f"| {name} | {latency.p50:.1f} | {latency.p95:.1f} | {latency.max:.1f} |")
    first, *rest = report.announcement_ms
    lines.append(
        f"\nannouncement: first {first:.0f} ms, then {', '.join(f'{ms:.0f}' for ms in rest)} ms"
        f" (last: results {report.announcement_parts[0]:.0f} ms, chart {report.announcement_parts[1]:.0f} ms)"
    )
    lines.append(
        f"start-up against the database: {', '.join(f'{ms:.0f}' for ms in report.startup_ms)} ms;"
        f" loading the content: {report.catalog_ms:.0f} ms"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Seed (if asked) and measure; prints Markdown."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.boards")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", action="store_true", help="write a fresh history first")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--raw", action="store_true", help="read boards from the raw ledger (before board_totals)")
    parser.add_argument("--no-freeze", action="store_true", help="leave the garbage collector as Python starts it")
    args = parser.parse_args(argv)
    if args.seed:
        end = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)  # a Friday, 15:00 in Mexico City
        summary = seed_history(args.db, events=args.events, end=end)
        print(f"seeded {summary.events} events in {summary.seconds:.1f} s", file=sys.stderr)
    print(render(asyncio.run(measure(args.db, repeats=args.repeats, freeze=not args.no_freeze, raw=args.raw))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
