"""Phases 1–3 of the benchmark: the answer burst, saturation, and the same load on the bare discord.py floor."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import asyncpg

from bot.bench.processes import READY_LINE, BotHandle, SimHandle, cpu_seconds, server_backends
from bot.bench.stats import Latency
from bot.bench.world import team_role
from bot.services.setup import SetupService
from bot.storage import Storage
from bot.storage.database import is_postgres_url

ANSWER_PREFIX = "momentos:answer:"
BARE_PREFIX = "bench:"
MOMENTOS = ["-m", "bot.cli.main", "run"]
BARE = ["-m", "bot.bench.bare"]
SHAPED = ["-m", "bot.bench.bare", "--shaped"]


@dataclass(frozen=True, slots=True)
class Load:
    """The shape of the load: how many teams and members, and the saturation steps."""

    teams: int = 20
    burst_members: int = 2000
    burst_seconds: float = 5.0
    burst_runs: int = 3
    steps: tuple[int, ...] = (300, 500, 700, 900, 1100, 1300, 1500, 1750, 2000, 2500, 3000)
    step_seconds: float = 2.5
    p99_limit_ms: float = 1000.0

    def step_count(self, rate: int) -> int:
        """Clicks in one saturation step (at least 1,000)."""
        return max(1000, int(rate * self.step_seconds))

    @property
    def members(self) -> int:
        """Members the world needs: one pool per burst run and per step (nobody answers a post twice)."""
        return self.burst_members * self.burst_runs + sum(self.step_count(rate) for rate in self.steps)


@dataclass
class RunResult:
    """One batch of clicks as the simulator saw it."""

    rate: float
    sent: int
    answered: int
    lost: int
    late: int
    doubled: int
    errors: int
    samples: list[str]
    latency: Latency
    throughput: float  # answers per second over the batch

    @classmethod
    def of(cls, rate: float, raw: dict[str, Any]) -> RunResult:
        """From the simulator's report."""
        span = max(float(raw["span_seconds"]), 1e-9)
        return cls(
            rate=rate,
            sent=int(raw["sent"]),
            answered=int(raw["answered"]),
            lost=int(raw["lost"]),
            late=int(raw["late"]),
            doubled=int(raw["doubled"]),
            errors=int(raw["errors"]),
            samples=list(raw.get("samples", [])),
            latency=Latency.of(raw["latencies"]),
            throughput=int(raw["answered"]) / span,
        )

    @property
    def clean(self) -> bool:
        """Every click got exactly one timely answer."""
        return self.lost == 0 and self.late == 0 and self.doubled == 0


@dataclass
class Ledger:
    """What the database holds after the bursts, for the exactly-once check."""

    answers: int
    answer_events: int
    duplicate_answers: int


@dataclass
class BotFigures:
    """Everything measured on one bot (Momentos or the floor)."""

    name: str
    startup_seconds: float = float("nan")
    bursts: list[RunResult] = field(default_factory=list)
    steps: list[RunResult] = field(default_factory=list)
    peak_rss_mb: float = float("nan")
    # CPU milliseconds per answer over the bursts and steps: the bot's process (SQLite works inside it), the
    # PostgreSQL backends serving its database (NaN on SQLite or a server elsewhere), the simulator.
    cpu_ms: dict[str, float] = field(default_factory=dict)
    ledger: Ledger | None = None

    def saturation(self, p99_limit_ms: float) -> float:
        """The highest step rate answered cleanly with p99 under the limit (0 if none)."""
        good = [s.throughput for s in self.steps if s.clean and s.latency.p99 <= p99_limit_ms]
        return max(good, default=0.0)


async def prepare_database(path: Path | str, info: dict[str, Any], now: datetime) -> None:
    """Teams and a daily schedule, as a manager would set them with /team add and /config schedule (a SQLite
    file path or a `postgresql://` URL of an empty database)."""
    storage = await Storage.open(path)
    try:
        setup = SetupService(storage)
        guild_id = int(info["guild_id"])
        for index, team in enumerate(info["teams"]):
            await setup.add_team(guild_id, team_role(index), int(team["channel_id"]), int(team["role_id"]), now)
        post_at = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
        await setup.set_schedule(
            guild_id,
            post_time=time(post_at.hour, post_at.minute),
            timezone="UTC",
            weekdays=frozenset(range(1, 8)),
            window=timedelta(hours=8),
            now=now,
        )
    finally:
        await storage.close()


def read_ledger(path: Path) -> Ledger:
    """Count answers and their 'answer' point events straight from the file (read-only)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        events = db.execute("SELECT COUNT(*) FROM point_events WHERE kind = 'answer'").fetchone()[0]
        duplicates = db.execute(
            "SELECT COUNT(*) FROM (SELECT post_id, user_id FROM answers GROUP BY post_id, user_id HAVING COUNT(*) > 1)"
        ).fetchone()[0]
    return Ledger(int(answers), int(events), int(duplicates))


async def read_ledger_at(target: Path | str) -> Ledger:
    """The same counts from either backend: the SQLite file read-only, a PostgreSQL database through a client."""
    if not (isinstance(target, str) and is_postgres_url(target)):
        return read_ledger(Path(target))
    connection = await asyncpg.connect(target, timeout=30)
    try:
        answers = await connection.fetchval("SELECT COUNT(*) FROM answers")
        events = await connection.fetchval("SELECT COUNT(*) FROM point_events WHERE kind = 'answer'")
        duplicates = await connection.fetchval(
            "SELECT COUNT(*) FROM (SELECT post_id, user_id FROM answers GROUP BY post_id, user_id HAVING COUNT(*) > 1)"
            " AS doubled"
        )
    finally:
        await connection.close()
    return Ledger(int(answers), int(events), int(duplicates))


def _cpu(bot: BotHandle, sim: SimHandle, database: str | None) -> dict[str, float]:
    """CPU seconds so far of the bot, its database server's backends (a backend that connected later counts
    from zero), and the simulator."""
    backends = server_backends(unquote(database)) if database else {}
    server = sum(backends.values()) if backends else math.nan
    return {"bot": cpu_seconds(bot.process.pid), "server": server, "simulator": cpu_seconds(sim.process.pid)}


async def measure_bot(
    name: str,
    module: list[str],
    prefix: str,
    sim: SimHandle,
    load: Load,
    workdir: Path,
    seed: int,
    database_url: str | None = None,
) -> BotFigures:
    """Start a bot, get its posts up, then run the bursts and the saturation steps against it.

    Momentos plays on a fresh SQLite file in `workdir`, or on the empty PostgreSQL database `database_url`.
    """
    figures = BotFigures(name)
    db_path: Path | str | None = None
    if module == MOMENTOS:
        db_path = database_url or workdir / f"{name.replace(', ', '-')}.db"
        await prepare_database(db_path, sim.info, datetime.now(UTC))
    bot = await BotHandle.start(module, sim, db_path, workdir / f"{name.replace(', ', '-')}.log")
    try:
        ready = READY_LINE if module == MOMENTOS else "bare bot ready"
        figures.startup_seconds = await bot.wait_for_log(ready)
        if module == MOMENTOS:
            found = await sim.call("wait_posts", prefix=prefix, limit=5)
            if found["posts"] < load.teams:
                await sim.call("command", path="challenge post")
        found = await sim.call("wait_posts", prefix=prefix, limit=60)
        if found["posts"] < load.teams:
            raise RuntimeError(f"{name}: only {found['posts']} of {load.teams} team posts appeared")
        first = 0
        bot.reset_peak_memory()
        database = urlsplit(db_path).path.lstrip("/") if isinstance(db_path, str) else None
        before = _cpu(bot, sim, database)
        rate = load.burst_members / load.burst_seconds
        for run in range(load.burst_runs):
            raw = await sim.call(
                "clicks", first=first, count=load.burst_members, rate=rate, prefix=prefix, seed=seed + run
            )
            figures.bursts.append(RunResult.of(rate, raw))
            first += load.burst_members
        figures.peak_rss_mb = bot.peak_rss_mb()
        for step in load.steps:
            count = load.step_count(step)
            raw = await sim.call("clicks", first=first, count=count, rate=step, prefix=prefix, seed=seed + step)
            result = RunResult.of(step, raw)
            figures.steps.append(result)
            first += count
            if not result.clean or result.latency.p99 > load.p99_limit_ms:
                break
        after = _cpu(bot, sim, database)
        answered = sum(run.answered for run in (*figures.bursts, *figures.steps))
        figures.cpu_ms = {
            name: (after[name] - before[name]) * 1000 / answered if answered else math.nan for name in after
        }
        if db_path is not None:
            figures.ledger = await read_ledger_at(db_path)
    finally:
        await bot.stop()
    return figures


BOTS = (
    ("momentos", MOMENTOS, ANSWER_PREFIX),
    ("bare", BARE, BARE_PREFIX),
    ("bare, shaped", SHAPED, BARE_PREFIX),
)


async def run_bursts(
    load: Load, workdir: Path, seed: int = 7, bots: int = 3, names: tuple[str, ...] | None = None
) -> list[BotFigures]:
    """Momentos and the two bare floors (or the ones `names` picks, in their order), each against its own fresh
    simulator with the same world and load."""
    results = []
    chosen = [bot for bot in BOTS if bot[0] in names] if names is not None else list(BOTS[:bots])
    for name, module, prefix in chosen:
        sim = await SimHandle.start(load.teams, load.members)
        try:
            results.append(await measure_bot(name, module, prefix, sim, load, workdir, seed))
        finally:
            await sim.stop()
    return results


async def run_postgres_burst(load: Load, workdir: Path, database_url: str, seed: int = 7) -> BotFigures:
    """The same bursts and saturation steps with Momentos on the empty PostgreSQL database `database_url`."""
    sim = await SimHandle.start(load.teams, load.members)
    try:
        return await measure_bot(
            "momentos, postgresql", MOMENTOS, ANSWER_PREFIX, sim, load, workdir, seed, database_url=database_url
        )
    finally:
        await sim.stop()
