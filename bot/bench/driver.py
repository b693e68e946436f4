"""`momentos bench`: every phase in one run, a table on the terminal, and BENCHMARKS.md beside it."""

from __future__ import annotations

import asyncio
import math
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord

from bot.bench.boards import SCENARIOS, measure_boards
from bot.bench.burst import BotFigures, Load, RunResult, run_bursts, run_postgres_burst
from bot.bench.fanout_phase import run_fanout
from bot.bench.floors import commits_per_second, postgres_commits_per_second
from bot.bench.history import SEED_FILE, HistoryFigures, Shape, run_history, seed_alone
from bot.bench.postgres import BenchServer, Choice, CopyFigures, choose, copy_history
from bot.bench.stats import Latency, Spread
from bot.cli.migrate import Bar
from bot.content.loader import load_catalog
from bot.storage.throwaway import ServerUnavailable

FULL = (Load(), Shape(), 200)
QUICK = (
    Load(burst_members=400, burst_runs=2, steps=(200, 400), step_seconds=2.0),
    Shape(teams=10, members=200, weeks=8, events=20_000, repeats=3, runs=1),
    40,
)
BOARD_REPEATS = {False: 30, True: 10}  # in-process board calls per case and backend (full, quick)
PG_THROUGHPUT_SHARE = 0.8  # PostgreSQL's answers/s at saturation against SQLite's of the same run
BOARD_P95_MS = 50.0
BURST_P99_MS = 250.0


@dataclass
class Target:
    """One line of the targets table."""

    name: str
    goal: str
    measured: str
    met: bool


@dataclass
class Results:
    """Everything one `momentos bench` run measured."""

    momentos: BotFigures
    bare: BotFigures
    shaped: BotFigures
    sqlite_commits: list[float]
    history: HistoryFigures
    fanout: list[dict[str, Any]]
    seconds: float
    quick: bool
    targets: list[Target] = field(default_factory=list)


@dataclass
class Comparison:
    """SQLite and PostgreSQL measured in the same run: the bursts, saturation and the history's boards."""

    server: str  # the PostgreSQL server and its durability settings
    sqlite: BotFigures
    postgres: BotFigures
    sqlite_commits: list[float]  # raw floors: one answer row per committed transaction, commits/s per run
    postgres_commits: list[float]
    events: int  # ledger events of the history both boards were measured on
    copy: CopyFigures
    sqlite_boards: dict[str, Latency]
    postgres_boards: dict[str, Latency]
    repeats: int
    seconds: float
    quick: bool


@dataclass
class Line:
    """One row of the side-by-side table; `met` None when the row has no target."""

    name: str
    sqlite: str
    postgres: str
    goal: str
    met: bool | None


def _burst_spread(figures: BotFigures, pick: str) -> Spread:
    return Spread.of([getattr(run.latency, pick) for run in figures.bursts])


def _clean(runs: list[RunResult]) -> bool:
    return all(run.clean and run.errors == 0 for run in runs)


def judge(results: Results, load: Load) -> list[Target]:
    """The issue's targets against the medians measured."""
    m, bare = results.momentos, results.bare
    ledger = m.ledger
    exact = ledger is not None and ledger.answers == ledger.answer_events and ledger.duplicate_answers == 0
    p99, worst = _burst_spread(m, "p99"), _burst_spread(m, "max")
    ours, floor = m.saturation(load.p99_limit_ms), bare.saturation(load.p99_limit_ms)
    ratio = ours / floor if floor else math.nan
    history = results.history
    boards = {name: history.latency(name) for name in history.queries}
    slowest = max(boards.items(), key=lambda kv: kv[1].p95) if boards else None
    fan = Spread.of([float(f["ratio"]) for f in results.fanout])
    doubled = sum(int(f["duplicates"]) for f in results.fanout)
    rss = max([m.peak_rss_mb, *history.peak_rss_mb], default=math.nan)
    return [
        Target("Burst p99", "≤ 250 ms", p99.show(0, " ms"), p99.median <= 250),
        Target("Burst max", "≤ 1 s", worst.show(0, " ms"), worst.high <= 1000),
        Target(
            "Burst: lost / doubled answers",
            "0 / 0, one ledger row per answer",
            f"{sum(r.lost for r in m.bursts)} / {sum(r.doubled for r in m.bursts)}, ledger exact: {exact}",
            _clean(m.bursts) and exact,
        ),
        Target(
            "Throughput vs bare discord.py",
            "≥ 70%",
            f"{ratio:.0%} ({ours:.0f} vs {floor:.0f} answers/s)",
            ratio >= 0.7,
        ),
        Target(
            f"Slowest board p95 at {history.seeded_events:,} events",
            "≤ 50 ms",
            f"{slowest[1].p95:.1f} ms ({slowest[0]})" if slowest else "—",
            slowest is not None and slowest[1].p95 <= 50,
        ),
        Target(
            "Announcement with chart",
            "≤ 2 s",
            Spread.of(history.announcements).show(2, " s"),
            bool(history.announcements) and statistics.median(history.announcements) <= 2,
        ),
        Target(
            "/insights, every team (50), a quarter, with its heat map",
            "≤ 2 s",
            Spread.of(history.insights).show(2, " s"),
            bool(history.insights) and statistics.median(history.insights) <= 2,
        ),
        Target(
            "Start-up with that database (serving)",
            "≤ 2 s",
            Spread.of(history.startups).show(2, " s"),
            bool(history.startups) and statistics.median(history.startups) <= 2,
        ),
        Target("Fan-out vs theoretical minimum", "≤ 1.2×", fan.show(2, "×"), fan.median <= 1.2 and doubled == 0),
        Target("Peak RSS (burst, history)", "≤ 150 MB", f"{rss:.0f} MB", rss <= 150),
    ]


class Steps:
    """Counted progress on stderr: `[3/9] what runs now (elapsed)`."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def __call__(self, text: str) -> None:
        self.done += 1
        elapsed = time.monotonic() - self.started
        print(f"[{self.done}/{self.total}] {text}  ({elapsed / 60:.1f} min in)", file=sys.stderr, flush=True)


class Cases:
    """Board cases done, redrawn in place on a terminal, one line at the end otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        line = f"  boards on {self.label}: {done}/{total} cases"
        if self.tty:
            sys.stderr.write("\r" + line + ("\n" if done >= total else ""))
        elif done >= total:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


@dataclass
class Run:
    """What one `momentos bench` measured: the SQLite phases and/or the side-by-side comparison."""

    load: Load
    results: Results | None
    comparison: Comparison | None


async def _postgres_floor(server: BenchServer) -> list[float]:
    url = await server.fresh("floor")
    return [await postgres_commits_per_second(url) for _ in range(3)]


async def _sqlite_phases(
    quick: bool, workdir: Path, step: Steps, server: BenchServer | None
) -> tuple[Results, BotFigures | None, list[float]]:
    """Every SQLite phase; Momentos on PostgreSQL right after Momentos on SQLite when there is a server, and
    PostgreSQL's raw commit floor right after SQLite's."""
    load, shape, fanout_teams = QUICK if quick else FULL
    started = time.monotonic()
    step("SQLite: Momentos' answer burst and saturation…")
    (momentos,) = await run_bursts(load, workdir, names=("momentos",))
    postgres = None
    if server is not None:
        step("PostgreSQL: Momentos' answer burst and saturation on a fresh database…")
        postgres = await run_postgres_burst(load, workdir, await server.fresh("burst"))
    step("the bare discord.py floors (plain, then with Momentos' shapes)…")
    bare, shaped = await run_bursts(load, workdir, names=("bare", "bare, shaped"))
    step("raw aiosqlite floor…")
    commits = [await commits_per_second(workdir / f"floor-{run}.db") for run in range(3)]
    postgres_commits = []
    if server is not None:
        step("raw asyncpg floor: one answer row per committed transaction…")
        postgres_commits = await _postgres_floor(server)
    step(f"history on SQLite: seeding {shape.events:,} events, then boards and /me through the bot…")
    history = await run_history(shape, workdir)
    step(f"fan-out of {fanout_teams} team channels…")
    fanout = await run_fanout(fanout_teams, 50, 3 if not quick else 1, workdir)
    results = Results(momentos, bare, shaped, commits, history, fanout, time.monotonic() - started, quick)
    results.targets = judge(results, load)
    return results, postgres, postgres_commits


async def _compare_history(
    quick: bool, seed: Path, events: int, server: BenchServer, step: Steps
) -> tuple[CopyFigures, dict[str, Latency], dict[str, Latency]]:
    """The seeded history copied into PostgreSQL (timed, then ANALYZE), and every board on both backends."""
    step(f"PostgreSQL: copying the {events:,}-event history with transfer.copy (migrate-db's copy), then ANALYZE…")
    url = await server.fresh("history")
    copied = await copy_history(seed, url, progress=Bar(sys.stderr))
    print(
        f"  copied {copied.rows:,} rows in {copied.seconds:.1f} s ({copied.rows_per_second:,.0f} rows/s);"
        f" ANALYZE {copied.analyze_seconds:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    repeats = BOARD_REPEATS[quick]
    catalog = load_catalog(SCENARIOS)
    step(f"boards in-process, {repeats} calls per case: SQLite, then PostgreSQL (same inputs)…")
    on_sqlite = await measure_boards(seed, repeats=repeats, catalog=catalog, progress=Cases("SQLite"))
    on_postgres = await measure_boards(seed, repeats=repeats, catalog=catalog, on=url, progress=Cases("PostgreSQL"))
    return copied, on_sqlite, on_postgres


async def measure(quick: bool, choice: Choice | None = None) -> Run:
    """Run the phases `choice` asks for; the work files live in a temporary directory."""
    choice = choice or Choice("sqlite", requested=True)
    load, shape, _ = QUICK if quick else FULL
    started = time.monotonic()
    server: BenchServer | None = None
    wanted = choice.postgresql
    # SQLite alone: 5 steps; with PostgreSQL: + the server, its burst, its floor, the copy, the boards; the
    # comparison alone: the server, both bursts, both floors, the seed, the copy, the boards.
    step = Steps((5 if choice.sqlite else 0) + (5 if choice.sqlite else 7) * wanted)
    try:
        if wanted:
            step("PostgreSQL: starting a durable throwaway server (fsync on), or using the one given…")
            try:
                server = await BenchServer.start()
            except ServerUnavailable as error:
                if choice.requested:
                    raise
                print(f"  PostgreSQL skipped: {error}", file=sys.stderr, flush=True)
                step.total -= 4
            else:
                print(f"  {server.description}", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="momentos-bench-") as tmp:
            workdir = Path(tmp)
            results: Results | None = None
            comparison: Comparison | None = None
            postgres: BotFigures | None = None
            if choice.sqlite:
                results, postgres, postgres_commits = await _sqlite_phases(quick, workdir, step, server)
                sqlite_burst, seed, events = results.momentos, workdir / SEED_FILE, results.history.seeded_events
                sqlite_commits = results.sqlite_commits
            else:
                assert server is not None  # a requested PostgreSQL run raised above when there was none
                step("SQLite: Momentos' answer burst and saturation…")
                (sqlite_burst,) = await run_bursts(load, workdir, names=("momentos",))
                step("PostgreSQL: Momentos' answer burst and saturation on a fresh database…")
                postgres = await run_postgres_burst(load, workdir, await server.fresh("burst"))
                step("raw commit floors, one answer row per committed transaction: aiosqlite, then asyncpg…")
                sqlite_commits = [await commits_per_second(workdir / f"floor-{run}.db") for run in range(3)]
                postgres_commits = await _postgres_floor(server)
                step(f"seeding the {shape.events:,}-event history into SQLite…")
                seed, seeded = seed_alone(shape, workdir)
                events = seeded.seeded_events
            if server is not None and postgres is not None:
                copied, on_sqlite, on_postgres = await _compare_history(quick, seed, events, server, step)
                comparison = Comparison(
                    server.description,
                    sqlite_burst,
                    postgres,
                    sqlite_commits,
                    postgres_commits,
                    events,
                    copied,
                    on_sqlite,
                    on_postgres,
                    BOARD_REPEATS[quick],
                    time.monotonic() - started,
                    quick,
                )
    finally:
        if server is not None:
            await server.close()
    return Run(load, results, comparison)


def machine() -> str:
    """What the figures were measured on."""
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"discord.py {discord.__version__}, SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def _run_row(run: RunResult) -> str:
    lat = run.latency
    return (
        f"| {run.rate:.0f}/s | {run.sent} | {run.answered} | {run.throughput:.0f} | {lat.p50:.0f} | {lat.p95:.0f}"
        f" | {lat.p99:.0f} | {lat.max:.0f} | {run.lost} | {run.doubled} |"
    )


def report(results: Results, load: Load) -> str:
    """BENCHMARKS.md's measured section (the prose around it is written by hand)."""
    m, bare, history = results.momentos, results.bare, results.history
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; `momentos bench"
        f"{' --quick' if results.quick else ''}` took {results.seconds / 60:.1f} min.",
        "Each figure is the median over runs, with (min–max) when there were several.",
        "",
        "### Targets",
        "",
        "| Target | Goal | Measured | Met |",
        "|---|---|---|---|",
        *(
            f"| {t.name} | {t.goal} | {t.measured} | {verdict(t, results.quick, 'yes', '**no**')} |"
            for t in results.targets
        ),
        "",
        f"### 1. Answer burst: {load.burst_members:,} members, {load.teams} teams, {load.burst_seconds:.0f} s",
        "",
        "Latency is measured by the simulator: interaction dispatched → callback received (ms).",
        "",
        "| Bot | p50 | p95 | p99 | max | answers/s | lost | doubled | start-up | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for figures in (m, bare, results.shaped):
        spread = {k: _burst_spread(figures, k) for k in ("p50", "p95", "p99", "max")}
        lines.append(
            f"| {figures.name} | {spread['p50'].show()} | {spread['p95'].show()} | {spread['p99'].show()}"
            f" | {spread['max'].show()} | {Spread.of([r.throughput for r in figures.bursts]).show()}"
            f" | {sum(r.lost for r in figures.bursts)} | {sum(r.doubled for r in figures.bursts)}"
            f" | {figures.startup_seconds:.2f} s | {figures.peak_rss_mb:.0f} MB |"
        )
    if m.ledger is not None:
        lines += [
            "",
            f"Ledger after every Momentos batch: {m.ledger.answers:,} answers, {m.ledger.answer_events:,} answer"
            f" events, {m.ledger.duplicate_answers} duplicates.",
        ]
    for figures in (m, bare, results.shaped):
        lines += [
            "",
            f"### 2. Saturation — {figures.name} (steps until p99 passes {load.p99_limit_ms:.0f} ms)",
            "",
            "| offered | sent | answered | answers/s | p50 | p95 | p99 | max | lost | doubled |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *(_run_row(run) for run in figures.steps),
            "",
            f"Highest clean rate with p99 ≤ {load.p99_limit_ms:.0f} ms: "
            f"**{figures.saturation(load.p99_limit_ms):.0f} answers/s**.",
        ]
    commits = Spread.of(results.sqlite_commits)
    ours = m.saturation(load.p99_limit_ms)
    lines += [
        "",
        "### 3. Floors",
        "",
        f"- bare discord.py (one button, static ephemeral answer): {bare.saturation(load.p99_limit_ms):.0f}"
        f" answers/s; Momentos reaches {ours / max(bare.saturation(load.p99_limit_ms), 1):.0%} of it.",
        f"- bare discord.py with Momentos' shapes (a challenge's embed and four buttons posted, an answer-sized"
        f" embed sent back): {results.shaped.saturation(load.p99_limit_ms):.0f} answers/s; Momentos reaches"
        f" {ours / max(results.shaped.saturation(load.p99_limit_ms), 1):.0%} of it — the cost of its own logic.",
        f"- raw aiosqlite, one answer row per committed transaction (WAL, synchronous=FULL): {commits.show()}"
        f" commits/s; Momentos reaches {ours / max(commits.median, 1):.0%} of it (group commit lets it pass"
        " one transaction per answer).",
        "",
        f"### 4. History: {history.seeded_events:,} ledger events ({history.database_mb:.0f} MB,"
        f" seeded in {history.seed_seconds:.0f} s)",
        "",
        "Interaction → final answer (ms), every query repeated across runs:",
        "",
        "| Query | p50 | p95 | callback p95 |",
        "|---|---|---|---|",
    ]
    for name in history.queries:
        final, callback = history.latency(name), Latency.of(history.callbacks.get(name, []))
        lines.append(f"| {name} | {final.p50:.1f} | {final.p95:.1f} | {callback.p95:.1f} |")
    lines += [
        "",
        f"- Weekly announcement with chart (`/week announce`, to the final answer):"
        f" {Spread.of(history.announcements).show(2, ' s')}",
        f"- `/insights period:quarter` for every team, with its heat map (to the final answer):"
        f" {Spread.of(history.insights).show(2, ' s')}",
        f"- Start-up with that database, process start → first slash command answered:"
        f" {Spread.of(history.startups).show(2, ' s')}; → discord.py's `on_ready`:"
        f" {Spread.of(history.ready).show(2, ' s')} (discord.py waits `guild_ready_timeout`, 2 s, after the last"
        " GUILD_CREATE before it fires on_ready; interactions are answered before that)",
        f"- Peak RSS during the history queries: {Spread.of(history.peak_rss_mb).show(0, ' MB')}",
        "",
        "### 5. Fan-out: team channels due at the same minute, simulator enforcing 50 requests/s",
        "",
        "| teams | last post after first request | theoretical minimum | ratio | 429s | duplicates |",
        "|---|---|---|---|---|---|",
        *(
            f"| {f['teams']} | {f['seconds']:.2f} s | {f['theoretical']:.2f} s | {f['ratio']:.2f}×"
            f" | {f['rate_limited']} | {f['duplicates']} |"
            for f in results.fanout
        ),
        "",
        "### 6. Memory",
        "",
        f"Peak RSS of the bot process: {m.peak_rss_mb:.0f} MB during the bursts,"
        f" {Spread.of(history.peak_rss_mb).show(0, ' MB')} during the history queries.",
    ]
    return "\n".join(lines) + "\n"


def _lost_doubled(figures: BotFigures) -> tuple[str, bool]:
    ledger = figures.ledger
    exact = ledger is not None and ledger.answers == ledger.answer_events and ledger.duplicate_answers == 0
    lost, doubled = sum(r.lost for r in figures.bursts), sum(r.doubled for r in figures.bursts)
    return f"{lost} / {doubled}, ledger exact: {'yes' if exact else 'no'}", _clean(figures.bursts) and exact


def compare(comparison: Comparison, load: Load) -> list[Line]:
    """The side-by-side rows; the targets are PostgreSQL's (the issue's §6), SQLite's column is its reference."""
    lite, pg = comparison.sqlite, comparison.postgres
    p99 = _burst_spread(pg, "p99")
    lite_lost, _ = _lost_doubled(lite)
    pg_lost, pg_clean = _lost_doubled(pg)
    ours, reference = pg.saturation(load.p99_limit_ms), lite.saturation(load.p99_limit_ms)
    share = ours / reference if reference else math.nan
    lines = [
        Line(
            "Burst p99",
            _burst_spread(lite, "p99").show(0, " ms"),
            p99.show(0, " ms"),
            f"≤ {BURST_P99_MS:.0f} ms",
            p99.runs > 0 and p99.median <= BURST_P99_MS,
        ),
        Line("Burst: lost / doubled answers", lite_lost, pg_lost, "0 / 0, ledger exact", pg_clean and bool(pg.bursts)),
        Line(
            f"Throughput: answers/s at saturation (p99 ≤ {load.p99_limit_ms / 1000:.0f} s, nothing lost)",
            f"{reference:.0f}/s (100%)",
            f"{ours:.0f}/s ({share:.0%})",
            f"≥ {PG_THROUGHPUT_SHARE:.0%} of SQLite",
            share >= PG_THROUGHPUT_SHARE,
        ),
        Line(
            "Raw floor: commits/s, one answer row per transaction",
            Spread.of(comparison.sqlite_commits).show(),
            Spread.of(comparison.postgres_commits).show(),
            "—",
            None,
        ),
        Line("CPU per answer (bursts and steps)", _cpu_line(lite), _cpu_line(pg), "—", None),
    ]
    for name, latency in comparison.postgres_boards.items():
        sqlite = comparison.sqlite_boards.get(name)
        lines.append(
            Line(
                f"Board p95: {name}",
                f"{sqlite.p95:.1f} ms" if sqlite else "—",
                f"{latency.p95:.1f} ms",
                f"≤ {BOARD_P95_MS:.0f} ms",
                latency.p95 <= BOARD_P95_MS,
            )
        )
    copied = comparison.copy
    lines.append(
        Line(
            f"History copy SQLite → PostgreSQL ({copied.rows:,} rows, transfer.copy as migrate-db)",
            "—",
            f"{copied.seconds:.1f} s ({copied.rows_per_second:,.0f} rows/s); ANALYZE {copied.analyze_seconds:.1f} s",
            "—",
            None,
        )
    )
    return lines


def _met(line: Line, quick: bool) -> str:
    if line.met is None:
        return "—"
    return "n/a (quick)" if quick else "yes" if line.met else "**no**"


def _cpu_line(figures: BotFigures) -> str:
    """'bot 1.30 ms, server 0.88 ms, simulator 0.77 ms' (the server only when its backends could be seen)."""
    parts = [
        f"{name} {figures.cpu_ms[name]:.2f} ms"
        for name in ("bot", "server", "simulator")
        if not math.isnan(figures.cpu_ms.get(name, math.nan))
    ]
    return ", ".join(parts) or "—"


def _ms_per(commits: list[float]) -> str:
    """The median commit's cost, from commits/s."""
    rate = Spread.of(commits).median
    return f"{1000 / rate:.2f} ms" if rate and not math.isnan(rate) else "—"


def _gap(comparison: Comparison) -> tuple[float, float]:
    """Median over the board cases of PostgreSQL's p50 minus SQLite's, and the slowest PostgreSQL p95 (ms)."""
    gaps = [
        latency.p50 - comparison.sqlite_boards[name].p50
        for name, latency in comparison.postgres_boards.items()
        if name in comparison.sqlite_boards
    ]
    slowest = max((latency.p95 for latency in comparison.postgres_boards.values()), default=math.nan)
    return (statistics.median(gaps) if gaps else math.nan), slowest


def side_by_side(comparison: Comparison, load: Load) -> str:
    """BENCHMARKS.md's "SQLite and PostgreSQL side by side" section (between its own markers)."""
    lines = compare(comparison, load)
    lite, pg = comparison.sqlite, comparison.postgres
    reference, ours = lite.saturation(load.p99_limit_ms), pg.saturation(load.p99_limit_ms)
    share = ours / reference if reference else math.nan
    gap, slowest = _gap(comparison)
    p50 = _burst_spread(lite, "p50"), _burst_spread(pg, "p50")
    out = [
        "### SQLite and PostgreSQL side by side",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in one `momentos bench"
        f"{' --quick' if comparison.quick else ''}` run ({comparison.seconds / 60:.1f} min) on {machine()};"
        f" {comparison.server}.",
        f"Burst and saturation: the same load as section 1–2 ({load.burst_members:,} members, {load.teams} teams,"
        f" {load.burst_runs} bursts, then the steps), Momentos on a fresh database of each backend, one after the"
        " other. Boards: in-process (each command's service calls and embed, as `python -m bot.bench.boards`),"
        f" {comparison.repeats} calls per case with the same inputs, on the {comparison.events:,}-event seed and on"
        " its PostgreSQL copy after `ANALYZE` (section 4 times SQLite's boards through Discord instead).",
        "",
        "| Figure | SQLite | PostgreSQL | Target (PostgreSQL) | Met |",
        "|---|---|---|---|---|",
        *(
            f"| {line.name} | {line.sqlite} | {line.postgres} | {line.goal} | {_met(line, comparison.quick)} |"
            for line in lines
        ),
        "",
        f"- A commit: {_ms_per(comparison.postgres_commits)} on PostgreSQL (round trips over loopback, then the"
        f" server's WAL flush) against {_ms_per(comparison.sqlite_commits)} on SQLite (one fsync inside the bot's"
        " process), for one answer row per transaction (the raw floor); Momentos shares each transaction among the"
        " clicks that arrive together (group commit: ≈ 6 round trips a batch on PostgreSQL, the sightings in a"
        " second one).",
        f"- What limits what: bot, simulator and database share {os.cpu_count()} cores. CPU per answer over the"
        f" bursts and steps — SQLite: {_cpu_line(lite)}; PostgreSQL: {_cpu_line(pg)}. The server's part (where the"
        " inserts and their `board_totals` triggers run) is CPU the bot's event loop no longer has: PostgreSQL"
        f" sustains {share:.0%} of SQLite's answers/s, burst p50 {p50[1].show(0, ' ms')} against"
        f" {p50[0].show(0, ' ms')}.",
        f"- The boards read `board_totals` on both; on PostgreSQL each of a command's queries is a round trip to"
        f" another process and a plan: the median case is {gap:+.1f} ms at p50 against SQLite, the slowest p95"
        f" {slowest:.1f} ms.",
        "- On PostgreSQL only the burst, saturation and the boards are measured; start-up, the floors, history"
        " through the bot, the announcement, /insights, fan-out and memory are SQLite's (sections 1–6).",
    ]
    return "\n".join(out) + "\n"


def verdict(target: Target, quick: bool, met: str = "met", missed: str = "MISSED") -> str:
    """A quick run's small loads cannot judge the targets (nothing saturates, the history is small)."""
    if quick:
        return "n/a (quick)"
    return met if target.met else missed


BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
# The side-by-side section has markers of its own: a SQLite-only run leaves it as it was (it says when it was
# measured), and `--backend postgresql` rewrites only it.
PG_BEGIN = "<!-- bench:postgresql:begin -->"
PG_END = "<!-- bench:postgresql:end -->"
# `--scale` (sharded processes on PostgreSQL) writes only its own section.
SCALE_BEGIN = "<!-- bench:scale:begin -->"
SCALE_END = "<!-- bench:scale:end -->"


def write(out: Path, measured: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace one measured section of `out` (between its markers), keeping the hand-written prose."""
    text = out.read_text(encoding="utf-8") if out.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    out.write_text(f"{head}{begin}\n{measured}{end}{tail}", encoding="utf-8")


def run_scale_bench(out: Path, quick: bool) -> int:
    """`momentos bench --scale`: sharded processes on PostgreSQL (bot.bench.scale); 2 without a server."""
    from bot.bench.scale import measure_scale, print_summary, render

    try:
        with tempfile.TemporaryDirectory(prefix="momentos-scale-") as tmp:
            figures = asyncio.run(measure_scale(quick, Path(tmp)))
    except ServerUnavailable as error:
        print(f"momentos bench --scale: no PostgreSQL server: {error}", file=sys.stderr)
        return 2
    write(out, render(figures), SCALE_BEGIN, SCALE_END)
    print_summary(figures)
    print(f"\nWrote {out}")
    return 0


def run_bench(out: Path, quick: bool, backend: str | None = None, *, scale: bool = False) -> int:
    """Measure, print the targets, update `out`; exit status 0 whatever the figures (they are the news), 2 when
    a PostgreSQL run was asked for and no server could be had. `scale`: only the sharded-processes run."""
    if scale:
        return run_scale_bench(out, quick)
    choice = choose(backend)
    if choice.note:
        print(f"momentos bench: {choice.note}", file=sys.stderr)
    try:
        run = asyncio.run(measure(quick, choice))
    except ServerUnavailable as error:
        print(f"momentos bench: no PostgreSQL server for --backend {choice.backend}: {error}", file=sys.stderr)
        return 2
    print(f"\n{machine()}")
    if run.results is not None:
        results = run.results
        write(out, report(results, run.load))
        width = max(len(t.name) for t in results.targets)
        for target in results.targets:
            print(f"{target.name:<{width}}  {target.goal:<34} {target.measured:<46} {verdict(target, quick)}")
    if run.comparison is not None:
        write(out, side_by_side(run.comparison, run.load), PG_BEGIN, PG_END)
        print(f"\nSQLite and PostgreSQL side by side ({run.comparison.server}):")
        lines = compare(run.comparison, run.load)
        width = max(len(line.name) for line in lines)
        left, right = max(len(line.sqlite) for line in lines), max(len(line.postgres) for line in lines)
        print(f"{'':<{width}}  {'SQLite':<{left}}  {'PostgreSQL':<{right}}  {'target':<20} met")
        for line in lines:
            met = "" if line.met is None else verdict(Target(line.name, line.goal, line.postgres, line.met), quick)
            print(f"{line.name:<{width}}  {line.sqlite:<{left}}  {line.postgres:<{right}}  {line.goal:<20} {met}")
    elif choice.postgresql:
        print("\nPostgreSQL was not measured (see above); the side-by-side section was left as it was")
    if quick:
        print("\n--quick: loads too small to saturate or to reach the issue's sizes; no verdict, only a try")
    print(f"\nWrote {out}")
    return 0
