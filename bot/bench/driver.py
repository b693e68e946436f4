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

from bot.bench.burst import BotFigures, Load, RunResult, run_bursts
from bot.bench.fanout_phase import run_fanout
from bot.bench.floors import commits_per_second
from bot.bench.history import HistoryFigures, Shape, run_history
from bot.bench.stats import Latency, Spread

FULL = (Load(), Shape(), 200)
QUICK = (
    Load(burst_members=400, burst_runs=2, steps=(200, 400), step_seconds=2.0),
    Shape(teams=10, members=200, weeks=8, events=20_000, repeats=3, runs=1),
    40,
)


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


async def measure(quick: bool) -> tuple[Results, Load]:
    """Run every phase; the work files live in a temporary directory."""
    load, shape, fanout_teams = QUICK if quick else FULL
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="momentos-bench-") as tmp:
        workdir = Path(tmp)
        print("· answer burst, saturation and the bare discord.py floor…", file=sys.stderr, flush=True)
        momentos, bare, shaped = await run_bursts(load, workdir)
        print("· raw aiosqlite floor…", file=sys.stderr, flush=True)
        commits = [await commits_per_second(workdir / f"floor-{run}.db") for run in range(3)]
        print(f"· history: seeding {shape.events:,} events, then boards and /me…", file=sys.stderr, flush=True)
        history = await run_history(shape, workdir)
        print(f"· fan-out of {fanout_teams} team channels…", file=sys.stderr, flush=True)
        fanout = await run_fanout(fanout_teams, 50, 3 if not quick else 1, workdir)
    results = Results(momentos, bare, shaped, commits, history, fanout, time.monotonic() - started, quick)
    results.targets = judge(results, load)
    return results, load


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


def verdict(target: Target, quick: bool, met: str = "met", missed: str = "MISSED") -> str:
    """A quick run's small loads cannot judge the targets (nothing saturates, the history is small)."""
    if quick:
        return "n/a (quick)"
    return met if target.met else missed


BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"


def write(out: Path, measured: str) -> None:
    """Replace the measured section of `out` (between the markers), keeping the hand-written prose."""
    text = out.read_text(encoding="utf-8") if out.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    out.write_text(f"{head}{BEGIN}\n{measured}{END}{tail}", encoding="utf-8")


def run_bench(out: Path, quick: bool) -> int:
    """Measure, print the targets table, update `out`; exit status 0 whatever the figures (they are the news)."""
    results, load = asyncio.run(measure(quick))
    measured = report(results, load)
    write(out, measured)
    width = max(len(t.name) for t in results.targets)
    print(f"\n{machine()}")
    for target in results.targets:
        print(f"{target.name:<{width}}  {target.goal:<34} {target.measured:<46} {verdict(target, results.quick)}")
    if results.quick:
        print("\n--quick: loads too small to saturate or to reach the issue's sizes; no verdict, only a try")
    print(f"\nWrote {out}")
    return 0
