"""Phase 4 of the benchmark: a year of history (a million ledger events), the boards and /me through the
simulator, the weekly announcement with its chart, and start-up time — all with the bot in its own process."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.bench.processes import READY_LINE, BotHandle, SimHandle
from bot.bench.seed import clear_current_announcement, seed_history
from bot.bench.stats import Latency

MOMENTOS = ["-m", "bot.cli.main", "run"]
SEED_FILE = "history-seed.db"  # the seeded history, kept untouched in the work folder (each run plays on a copy)
BOARDS = ("teams", "people", "steps")
PERIODS = ("week", "last-week", "month", "all")


@dataclass(frozen=True, slots=True)
class Shape:
    """How big the history is, and how often each query is repeated."""

    teams: int = 50
    members: int = 2000
    weeks: int = 52
    events: int = 1_000_000
    repeats: int = 20
    runs: int = 3


@dataclass
class HistoryFigures:
    """Per query: callback and final-answer latencies over every run; per run: start-up, announcement, RSS."""

    seeded_events: int = 0
    seed_seconds: float = 0.0
    database_mb: float = 0.0
    queries: dict[str, list[float]] = field(default_factory=dict)  # final-answer seconds, all runs pooled
    callbacks: dict[str, list[float]] = field(default_factory=dict)
    startups: list[float] = field(default_factory=list)  # process start → first slash command answered
    ready: list[float] = field(default_factory=list)  # process start → discord.py's on_ready
    announcements: list[float] = field(default_factory=list)
    caught_up: int = 0  # runs whose bot had announced the week by itself at start-up (weekend runs)
    insights: list[float] = field(default_factory=list)  # /insights, every team, a quarter, with its heat map
    peak_rss_mb: list[float] = field(default_factory=list)

    def latency(self, name: str) -> Latency:
        """p50/p95 of one query, to the final answer."""
        return Latency.of(self.queries.get(name, []))


def _queries() -> list[tuple[str, str, dict[str, str]]]:
    """(label, command, options) of every board and period, then /me."""
    found = [
        (f"/leaderboard {board} {period}", "leaderboard", {"board": board, "period": period})
        for board in BOARDS
        for period in PERIODS
    ]
    return [*found, ("/me", "me", {})]


async def run_history(shape: Shape, workdir: Path) -> HistoryFigures:
    """Seed once, then for each run: a fresh copy of the database, a fresh bot, every query, the announcement."""
    figures = HistoryFigures()
    sim = await SimHandle.start(shape.teams, shape.members)
    try:
        info = sim.info
        seeded = workdir / SEED_FILE
        summary = seed_history(
            seeded,
            members=shape.members,
            teams=shape.teams,
            weeks=shape.weeks,
            events=shape.events,
            end=datetime.now(UTC),
            guild_id=int(info["guild_id"]),
            team_discord_ids=[(int(t["channel_id"]), int(t["role_id"])) for t in info["teams"]],
            user_ids=[int(user) for user in info["members"][: shape.members]],
        )
        figures.seeded_events = int(summary.events)
        figures.seed_seconds = float(summary.seconds)
        figures.database_mb = seeded.stat().st_size / 1e6
        for run in range(shape.runs):
            db_path = workdir / f"history-{run}.db"
            shutil.copyfile(seeded, db_path)
            bot = await BotHandle.start(MOMENTOS, sim, db_path, workdir / f"history-{run}.log")
            try:
                serving = await sim.call("probe", limit=60)
                figures.startups.append(float(serving["answered_at"]) - bot.started)
                figures.ready.append(await bot.wait_for_log(READY_LINE))
                bot.reset_peak_memory()
                for number in range(shape.repeats):
                    for label, path, options in _queries():
                        who = str((number * 97 + 13) % shape.members)  # a different member each time
                        answer = await sim.call("command", path=path, options=options, who=who)
                        figures.queries.setdefault(label, []).append(float(answer["final"]))
                        figures.callbacks.setdefault(label, []).append(float(answer["callback"]))
                guild_id = int(info["guild_id"])
                if clear_current_announcement(db_path, datetime.now(UTC), guild_id):
                    figures.caught_up += 1  # a weekend run: the bot announced at start-up; time a fresh one
                announced = await sim.call("command", path="week announce", options={})
                if "Anuncio publicado" not in str(announced["text"]):
                    raise RuntimeError(f"the announcement did not go out: {announced['text']}")
                figures.announcements.append(float(announced["final"]))
                for _ in range(3):
                    seen = await sim.call("command", path="insights", options={"period": "quarter"})
                    if "Perspectivas" not in str(seen["text"]):
                        raise RuntimeError(f"/insights did not answer: {seen['text']}")
                    figures.insights.append(float(seen["final"]))
                figures.peak_rss_mb.append(bot.peak_rss_mb())
            finally:
                await bot.stop()
    finally:
        await sim.stop()
    return figures


def seed_alone(shape: Shape, workdir: Path) -> tuple[Path, HistoryFigures]:
    """The same history without a simulator (made-up ids), for runs that only compare the backends."""
    seeded = workdir / SEED_FILE
    summary = seed_history(
        seeded, members=shape.members, teams=shape.teams, weeks=shape.weeks, events=shape.events, end=datetime.now(UTC)
    )
    figures = HistoryFigures(int(summary.events), float(summary.seconds), seeded.stat().st_size / 1e6)
    return seeded, figures
