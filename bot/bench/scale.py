"""`momentos bench --scale`: many guilds over S shards held by two `momentos run` processes, on PostgreSQL.

The issue's full shape (10,000 guilds, 20,000 team channels, 200,000 members, 333 clicks/s for ten minutes) is
far beyond a 2-core machine running the bots, the simulator, the load generator and PostgreSQL at once, so the
shapes here are scaled down (`DEFAULT`, `QUICK`) and the report says so. The run:

1. a simulator process (this module's `main`) builds G guilds, each with one or two team channels, their roles
   and members, requiring S shards (its `max_guilds_per_shard` is G/S, as Discord's 2,500 would for 10,000);
2. the database is seeded directly (teams, schedule and today's post of every team through the services, the
   post's message created in the simulator with its buttons): thousands of slash commands would only measure
   the set-up;
3. two `momentos run --shard-count S --shards …` processes start together; the IDENTIFY turn they share through
   the database spaces every session ≥ 5 s apart, so serving every shard takes ≥ 5·(S−1) s;
4. a steady click load at a fixed rate (each click a different member of a post's team), checked against the
   database ledger;
5. the same load again while the second process is killed with SIGKILL and restarted (as a supervisor would):
   its guilds' clicks fail while it is down, the first process' guilds must not notice;
6. RSS and CPU of every process (CPU from /proc/<pid>/stat).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import logging
import math
import os
import signal
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import asyncpg

from bot.bench.processes import READY_LINE, BotHandle, SimHandle, cpu_seconds, server_backends
from bot.bench.stats import Latency
from bot.bench.world import team_channel, team_role
from bot.simulator.gateway import shard_for
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.world import Member, Message, World

log = logging.getLogger("momentos.bench.scale")

MOMENTOS = ["-m", "bot.cli.main", "run"]
ANSWER = "answer"  # the game's answer (an embed): the click was acknowledged
KINDS = ("answer", "other", "late", "none")


@dataclass(frozen=True, slots=True)
class ScaleShape:
    """How big a run is: the world, the shards and processes, and the load."""

    guilds: int
    shards: int
    processes: int
    members_per_team: int
    rate: float  # clicks per second, fixed
    load_seconds: float  # the steady load
    kill_seconds: float  # the load during which one process is killed and restarted
    kill_after: float  # seconds into that load when the SIGKILL comes

    def __post_init__(self) -> None:
        if self.shards < self.processes or self.processes < 2 or self.guilds < self.shards:
            raise ValueError("need at least 2 processes, a shard per process and a guild per shard")
        if not 0 < self.kill_after < self.kill_seconds:
            raise ValueError("the kill must come during its load")

    @property
    def teams(self) -> int:
        """Guild i has 1 + i % 2 team channels: 1.5 a guild on average."""
        return sum(teams_of(i) for i in range(self.guilds))

    @property
    def members(self) -> int:
        return self.teams * self.members_per_team

    @property
    def clicks(self) -> int:
        """Clicks of both loads; each goes to a different (member, post) pair."""
        return load_clicks(self.rate, self.load_seconds) + load_clicks(self.rate, self.kill_seconds)

    @property
    def max_guilds_per_shard(self) -> int:
        """What the simulator allows a shard, so that the world needs exactly `shards` (Discord: 2,500)."""
        return -(-self.guilds // self.shards)

    def ranges(self) -> list[tuple[int, int]]:
        """The shards of each process, as contiguous ranges (first, last), as `momentos cluster` splits them."""
        base, extra = divmod(self.shards, self.processes)
        out, first = [], 0
        for index in range(self.processes):
            size = base + (1 if index < extra else 0)
            out.append((first, first + size - 1))
            first += size
        return out

    def describe(self) -> str:
        return (
            f"{self.guilds:,} guilds, {self.teams:,} team channels, {self.members:,} members, {self.shards} shards"
            f" in {self.processes} processes; {self.rate:.0f} clicks/s for {self.load_seconds:.0f} s, then"
            f" {self.kill_seconds:.0f} s with a SIGKILL at {self.kill_after:.0f} s"
        )

    def fraction_of(self, target: ScaleShape) -> dict[str, float]:
        """How much of `target` (the issue's shape) this shape is, figure by figure."""
        return {
            "guilds": self.guilds / target.guilds,
            "channels": self.teams / target.teams,
            "members": self.members / target.members,
            "rate": self.rate / target.rate,
            "duration": self.load_seconds / target.load_seconds,
        }


def teams_of(guild_index: int) -> int:
    """Team channels of guild `guild_index`: one or two."""
    return 1 + guild_index % 2


def load_clicks(rate: float, seconds: float) -> int:
    return max(1, int(rate * seconds))


def fitted(shape: ScaleShape) -> ScaleShape:
    """The shape with just enough members per team for every click to be a different member's (plus one)."""
    needed = -(-shape.clicks // shape.teams) + 1
    return replace(shape, members_per_team=max(shape.members_per_team, needed))


# The issue's §4: 10,000 guilds with two team channels and 20 members each, 333 clicks/s for ten minutes.
ISSUE = ScaleShape(10_000, 8, 2, 10, 333.0, 600.0, 600.0, 300.0)
# Teams here are 1.5 a guild: ISSUE.teams counts 15,000, so the issue's 20,000 channels are quoted by hand.
ISSUE_CHANNELS, ISSUE_MEMBERS = 20_000, 200_000
DEFAULT = fitted(ScaleShape(3_000, 4, 2, 4, 150.0, 150.0, 120.0, 40.0))  # ≤ 10 min on 2 cores
QUICK = fitted(ScaleShape(500, 4, 2, 4, 40.0, 30.0, 40.0, 10.0))  # ≤ 3 min


def shape_for(quick: bool) -> ScaleShape:
    return QUICK if quick else DEFAULT


# ----------------------------------------------------------------------------------------------- the simulator


def scale_world(guilds: int, members_per_team: int) -> World:
    """G guilds 'g00001'…, guild i with `teams_of(i)` team channels and roles, `members_per_team` each."""
    world = World()
    world.bot.username = world.bot.global_name = "Momentos"
    for index in range(guilds):
        teams = teams_of(index)
        world.add_guild(
            {
                "name": f"g{index:05d}",
                "locale": "es-ES",
                "roles": [{"name": team_role(t)} for t in range(teams)],
                "channels": [{"name": "general"}] + [{"name": team_channel(t)} for t in range(teams)],
                "members": [
                    {"name": f"g{index}t{t}m{m}", "roles": [team_role(t)]}
                    for t in range(teams)
                    for m in range(members_per_team)
                ],
            }
        )
    return world


@dataclass
class SimTeam:
    guild_id: int
    channel_id: int
    role_id: int
    members: list[Member]
    message: Message | None = None
    buttons: list[str] = field(default_factory=list)


class ScaleSim:
    """The simulator process' state: the world's teams in a fixed order, and the loads it generates."""

    def __init__(self, shape: ScaleShape) -> None:
        self.shape = shape
        self.sim = Simulator(
            scale_world(shape.guilds, shape.members_per_team),
            validate=True,
            max_guilds_per_shard=shape.max_guilds_per_shard,
        )
        self.teams: list[SimTeam] = []
        for guild in self.sim.world.guilds.values():
            for t in range(teams_of(int(guild.name[1:]))):
                role = guild.role(team_role(t))
                channel = guild.channel(team_channel(t))
                members = [m for m in guild.members.values() if role.id in m.roles]
                self.teams.append(SimTeam(guild.id, channel.id, role.id, members))
        self.loads: dict[str, asyncio.Task[dict[str, Any]]] = {}

    def info(self) -> dict[str, Any]:
        return {
            "api_url": self.sim.api_url,
            "gateway_url": self.sim.gateway_url,
            "token": self.sim.token,
            "teams": [[t.guild_id, t.channel_id, t.role_id] for t in self.teams],
        }

    def publish(self, posts: list[list[int]]) -> dict[str, int]:
        """Put each seeded post's message (channel_id, post_id, choices) in its channel, with its buttons."""
        by_channel = {t.channel_id: t for t in self.teams}
        made: dict[str, int] = {}
        world = self.sim.world
        for channel_id, post_id, choices in posts:
            team = by_channel[channel_id]
            buttons = [f"momentos:answer:{post_id}:{i}" for i in range(choices)]
            row = [{"type": 2, "style": 1, "label": chr(65 + i), "custom_id": c} for i, c in enumerate(buttons)]
            message = Message(
                id=world.ids.next(),
                channel_id=channel_id,
                guild_id=team.guild_id,
                author=world.bot,
                content="",
                embeds=[{"title": "Reto del día"}],
                components=[{"type": 1, "components": row}],
            )
            world.messages[message.id] = message
            team.message, team.buttons = message, buttons
            made[str(channel_id)] = message.id
        return made

    def shards(self) -> dict[str, Any]:
        gateway = self.sim.gateway
        n = self.shape.shards
        return {
            "live": [i for i in range(n) if gateway.live_sessions((i, n))],
            "identified_at": list(gateway.identified_at),
            "refused": len(gateway.refusals),
            "rate_limited": len(gateway.rate_limited),
        }

    async def load(self, rate: float, count: int, offset: int) -> dict[str, Any]:
        """`count` clicks at a fixed `rate`: click k goes to team k mod T, member offset + k // T of it."""
        records: list[tuple[int, InteractionRecord]] = []
        n = self.shape.shards
        start = time.monotonic()
        for k in range(count):
            delay = start + k / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            team = self.teams[k % len(self.teams)]
            assert team.message is not None
            member = team.members[offset + k // len(self.teams)]
            button = team.buttons[k % len(team.buttons)]
            record = await self.sim.click(member, team.message, button, wait=False)
            records.append((shard_for(team.guild_id, n), record))
        sent = time.monotonic() - start
        deadline = time.monotonic() + self.sim.interaction_timeout + 3
        while any(not r.responded.is_set() for _, r in records) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        return {
            "start": start,
            "send_seconds": sent,
            "clicks": [
                [
                    shard,
                    r.created,
                    (r.answered_at - r.created) if r.answered_at else None,
                    _kind(r),
                    r.user.id,
                    r.channel_id,
                    r.refused_callbacks,
                ]
                for shard, r in records
            ],
        }


def _kind(record: InteractionRecord) -> str:
    if record.answered_at is not None:
        return ANSWER if record.embeds() else "other"
    return "late" if record.late_callbacks else "none"


async def serve(shape: ScaleShape) -> None:
    """JSON-line requests with an id, handled concurrently (a load runs while shards are polled)."""
    process = ScaleSim(shape)
    await process.sim.start()
    print(json.dumps({"ready": True, **process.info()}), flush=True)
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()
    gc.collect()
    gc.freeze()

    async def handle(request: dict[str, Any]) -> None:
        op, args = request["op"], request.get("args", {})
        try:
            if op == "publish":
                result: Any = process.publish(args["posts"])
            elif op == "shards":
                result = process.shards()
            elif op == "load":
                result = await process.load(args["rate"], args["count"], args["offset"])
            else:
                raise ValueError(f"unknown op {op!r}")
            answer = {"id": request["id"], "ok": True, "result": result}
        except Exception as error:
            log.exception("request %s failed", op)
            answer = {"id": request["id"], "ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)

    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        request = json.loads(line)
        if request["op"] == "quit":
            print(json.dumps({"id": request["id"], "ok": True}), flush=True)
            break
        task = asyncio.create_task(handle(request))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await process.sim.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.bench.scale --guilds 500 --shards 4 --members-per-team 6` (the simulator process)."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.scale")
    parser.add_argument("--guilds", type=int, required=True)
    parser.add_argument("--shards", type=int, required=True)
    parser.add_argument("--members-per-team", type=int, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    shape = ScaleShape(args.guilds, args.shards, 2, args.members_per_team, 1.0, 1.0, 2.0, 1.0)
    asyncio.run(serve(shape))
    return 0


# ----------------------------------------------------------------------------------------------- the driver


class SimClient:
    """The simulator process, with requests answered by id (several may be outstanding)."""

    def __init__(self, process: asyncio.subprocess.Process, info: dict[str, Any]) -> None:
        self.process = process
        self.info = info
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.next_id = 0
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, shape: ScaleShape) -> SimClient:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.bench.scale",
            "--guilds",
            str(shape.guilds),
            "--shards",
            str(shape.shards),
            "--members-per-team",
            str(shape.members_per_team),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=256 * 1024 * 1024,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 300)
        if not line:
            raise RuntimeError("the simulator process exited before it was ready")
        return cls(process, json.loads(line))

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            answer = json.loads(line)
            future = self.pending.pop(answer["id"], None)
            if future is None or future.done():
                continue
            if answer.get("ok"):
                future.set_result(answer.get("result"))
            else:
                future.set_exception(RuntimeError(f"simulator: {answer.get('error')}"))
        for future in self.pending.values():
            if not future.done():
                future.set_exception(RuntimeError("the simulator process died"))

    async def call(self, op: str, limit: float = 900, **args: Any) -> Any:
        assert self.process.stdin is not None
        self.next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        self.process.stdin.write((json.dumps({"id": self.next_id, "op": op, "args": args}) + "\n").encode())
        await self.process.stdin.drain()
        return await asyncio.wait_for(future, limit)

    async def stop(self) -> None:
        if self.process.returncode is None:
            try:
                await self.call("quit", limit=10)
                await asyncio.wait_for(self.process.wait(), 10)
            except (TimeoutError, RuntimeError, BrokenPipeError, ConnectionResetError):
                self.process.kill()
                await self.process.wait()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader


async def seed(url: str, sim: SimClient, now: datetime, concurrency: int = 8) -> dict[int, int]:
    """Teams, a daily schedule and today's posted challenge for every team, straight into the database (as
    /team add, /config schedule and the scheduler would leave them); returns channel id → post id."""
    from bot.bench.boards import SCENARIOS
    from bot.content.loader import load_catalog
    from bot.domain.clock import ManualClock
    from bot.domain.state import Trigger
    from bot.services import Services
    from bot.services.posting import Reserved
    from bot.storage import Storage

    storage = await Storage.open(url)
    services = Services.build(storage, load_catalog(SCENARIOS), ManualClock(now))
    by_guild: dict[int, list[tuple[int, int]]] = {}
    for guild_id, channel_id, role_id in sim.info["teams"]:
        by_guild.setdefault(int(guild_id), []).append((int(channel_id), int(role_id)))
    slots = asyncio.Semaphore(concurrency)
    posts: dict[int, int] = {}

    async def one(guild_id: int, teams: list[tuple[int, int]]) -> None:
        async with slots:
            config = await services.setup.set_schedule(
                guild_id,
                post_time=clock_time(0, 0),
                timezone="UTC",
                weekdays=frozenset(range(1, 8)),
                window=timedelta(hours=12),
                now=now,
            )
            reserved = []
            for index, (channel_id, role_id) in enumerate(teams):
                team = await services.setup.add_team(guild_id, team_role(index), channel_id, role_id, now)
                got = await services.posting.reserve(config, team, now.date(), Trigger.SCHEDULE, now)
                if not isinstance(got, Reserved):
                    raise RuntimeError(f"guild {guild_id}: no post reserved ({got!r})")
                reserved.append(got)
            made = await sim.call(
                "publish", posts=[[r.post.channel_id, r.post.post_id, len(r.item.choices)] for r in reserved]
            )
            for r in reserved:
                await services.posting.posted(r.post, int(made[str(r.post.channel_id)]), now, config)
                posts[r.post.channel_id] = r.post.post_id

    try:
        await asyncio.gather(*(one(guild_id, teams) for guild_id, teams in by_guild.items()))
    finally:
        await storage.close()
    return posts


@dataclass
class Usage:
    """CPU seconds of the processes of a run at one instant."""

    at: float
    cpu: dict[str, float]
    backends: dict[int, float] = field(default_factory=dict)  # the database's PostgreSQL backends, by pid

    @classmethod
    def now(cls, pids: dict[str, int], database: str) -> Usage:
        return cls(time.monotonic(), {name: cpu_seconds(pid) for name, pid in pids.items()}, server_backends(database))

    def share(self, *later: Usage) -> dict[str, float]:
        """Each process' CPU from this instant to the last of `later`, as a share of one core. PostgreSQL: every
        backend seen, up to the last snapshot it was seen in (a killed bot's backends end with it; new ones count
        from zero), NaN when none could be seen (a server elsewhere)."""
        end = later[-1]
        wall = max(end.at - self.at, 1e-9)
        shares = {name: (end.cpu[name] - self.cpu.get(name, math.nan)) / wall for name in end.cpu}
        seen: dict[int, float] = {}
        for snapshot in later:
            seen.update(snapshot.backends)
        # A backend's pid can be reused by a new one (which starts from zero): never count time backwards.
        server = sum(max(0.0, value - self.backends.get(pid, 0.0)) for pid, value in seen.items())
        shares["postgresql"] = server / wall if seen else math.nan
        return shares


@dataclass
class LoadFigures:
    """One load as the simulator saw it."""

    clicks: int
    target_rate: float
    send_seconds: float
    answered: int
    latency: Latency
    kinds: dict[str, int]
    doubled: int
    cpu: dict[str, float]  # share of one core per process over the load

    @property
    def sent_rate(self) -> float:
        return self.clicks / self.send_seconds if self.send_seconds > 0 else math.nan


@dataclass
class KillFigures:
    """The load during which one process was killed and restarted."""

    load: LoadFigures
    killed_shards: tuple[int, int]
    down_seconds: float  # SIGKILL → every shard of the restarted process live again
    ready_seconds: float  # SIGKILL → the restarted process logged ready
    failed_killed: int  # clicks to the killed process' guilds without an answer
    answered_killed_after: int  # its guilds' clicks answered after the restart
    first_answer_after: float  # SIGKILL → first answer to its guilds again (s)
    failed_others: int  # clicks to the other process' guilds without an answer (should be 0)
    others: int
    failed_in_flight: int = 0  # of failed_killed: sent before the SIGKILL
    failed_after_back: int = 0  # of failed_killed: sent once its shards were live again (should be 0)
    others_failures: dict[str, int] = field(default_factory=dict)  # the other guilds' failures by kind


@dataclass
class LedgerCheck:
    acknowledged: int
    stored: int
    lost: int  # acknowledged, not in the database
    doubled: int  # (post, member) pairs stored twice, plus callbacks Discord refused as second answers
    stored_unacknowledged: int  # stored, no answer reached the member (in flight at the SIGKILL, or late)
    events_match: bool  # one 'answer' point event per stored answer


@dataclass
class ProcessMemory:
    name: str
    guilds: int
    rss_mb: float
    peak_mb: float

    @property
    def per_1000_guilds(self) -> float:
        return self.rss_mb / (self.guilds / 1000) if self.guilds else math.nan


@dataclass
class ScaleFigures:
    shape: ScaleShape
    quick: bool
    server: str
    world_seconds: float
    seed_seconds: float
    startup_seconds: float  # launch → every shard live
    ready_seconds: list[float]  # launch → each process logged ready
    identify_gaps: list[float]  # seconds between consecutive accepted IDENTIFYs at start-up
    identify_refused: int
    steady: LoadFigures
    kill: KillFigures
    ledger: LedgerCheck
    memory: list[ProcessMemory]
    seconds: float
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)


def read_rss(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB from /proc, NaN once gone."""
    found = {"VmRSS:": math.nan, "VmHWM:": math.nan}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0] + ":"
            if key in found:
                found[key] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return found["VmRSS:"], found["VmHWM:"]


def load_figures(raw: dict[str, Any], rate: float, cpu: dict[str, float]) -> LoadFigures:
    clicks = raw["clicks"]
    kinds = {kind: sum(1 for c in clicks if c[3] == kind) for kind in KINDS}
    latencies = [c[2] for c in clicks if c[3] == ANSWER and c[2] is not None]
    return LoadFigures(
        clicks=len(clicks),
        target_rate=rate,
        send_seconds=float(raw["send_seconds"]),
        answered=kinds[ANSWER],
        latency=Latency.of(latencies),
        kinds=kinds,
        doubled=sum(int(c[6]) for c in clicks),
        cpu=cpu,
    )


async def check_ledger(url: str, posts: dict[int, int], loads: list[dict[str, Any]]) -> LedgerCheck:
    """Every acknowledged click stored exactly once: compared pair by pair with the `answers` table."""
    acknowledged = {(posts[int(c[5])], int(c[4])) for raw in loads for c in raw["clicks"] if c[3] == ANSWER}
    refused = sum(int(c[6]) for raw in loads for c in raw["clicks"])
    connection = await asyncpg.connect(url, timeout=30)
    try:
        rows = await connection.fetch("SELECT post_id, user_id, COUNT(*) AS n FROM answers GROUP BY post_id, user_id")
        events = await connection.fetchval("SELECT COUNT(*) FROM point_events WHERE kind = 'answer'")
        total = await connection.fetchval("SELECT COUNT(*) FROM answers")
    finally:
        await connection.close()
    stored = {(int(r["post_id"]), int(r["user_id"])) for r in rows}
    twice = sum(1 for r in rows if r["n"] > 1)
    return LedgerCheck(
        acknowledged=len(acknowledged),
        stored=int(total),
        lost=len(acknowledged - stored),
        doubled=twice + refused,
        stored_unacknowledged=len(stored - acknowledged),
        events_match=int(events) == int(total),
    )


def _bot_args(shape: ScaleShape, first: int, last: int) -> list[str]:
    return [*MOMENTOS, "--shard-count", str(shape.shards), "--shards", f"{first}-{last}"]


async def _wait_live(sim: SimClient, wanted: set[int], limit: float) -> float:
    """Wait until every shard in `wanted` has a live session; the monotonic instant it happened."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        state = await sim.call("shards", limit=30)
        if wanted <= set(state["live"]):
            return time.monotonic()
        await asyncio.sleep(0.05)
    raise TimeoutError(f"shards {sorted(wanted)} never all went live")


def _progress(text: str, started: float) -> None:
    print(f"  [scale {time.monotonic() - started:5.0f} s] {text}", file=sys.stderr, flush=True)


async def measure_scale(quick: bool, workdir: Path, shape: ScaleShape | None = None) -> ScaleFigures:
    """The whole run (see the module's docstring); every process and database it starts is stopped."""
    from bot.bench.postgres import BenchServer

    shape = shape or shape_for(quick)
    started = time.monotonic()
    print(f"momentos bench --scale{' --quick' if quick else ''}: {shape.describe()}", file=sys.stderr, flush=True)
    server = await BenchServer.start()
    sim: SimClient | None = None
    bots: list[BotHandle] = []
    try:
        _progress(server.description, started)
        url = await server.fresh("scale")
        database = unquote(urlsplit(url).path.lstrip("/"))
        t = time.monotonic()
        sim = await SimClient.start(shape)
        world_seconds = time.monotonic() - t
        _progress(f"simulator up with its world in {world_seconds:.1f} s; seeding the database…", started)
        t = time.monotonic()
        posts = await seed(url, sim, datetime.now(UTC))
        seed_seconds = time.monotonic() - t
        _progress(f"seeded {len(posts):,} teams and posts in {seed_seconds:.1f} s; starting the processes…", started)
        handle = SimHandle(sim.process, sim.info)
        ranges = shape.ranges()
        launched = time.monotonic()
        for index, (first, last) in enumerate(ranges):
            bots.append(await BotHandle.start(_bot_args(shape, first, last), handle, url, workdir / f"p{index}.log"))
        every = set(range(shape.shards))
        live_at = await _wait_live(sim, every, 60 + 10 * shape.shards)
        ready = [await bot.wait_for_log(READY_LINE, 120) for bot in bots]
        state = await sim.call("shards")
        stamps = sorted(state["identified_at"])
        gaps = [b - a for a, b in itertools.pairwise(stamps)]
        startup = live_at - launched
        _progress(f"every shard live {startup:.1f} s after launch; steady load…", started)

        def pids() -> dict[str, int]:
            named = {f"process {i + 1}": bot.process.pid for i, bot in enumerate(bots)}
            assert sim is not None
            return named | {"simulator": sim.process.pid, "driver": os.getpid()}

        clicks_steady = load_clicks(shape.rate, shape.load_seconds)
        before = Usage.now(pids(), database)
        steady_raw = await sim.call("load", rate=shape.rate, count=clicks_steady, offset=0)
        steady = load_figures(steady_raw, shape.rate, before.share(Usage.now(pids(), database)))
        _progress(f"steady: {steady.answered:,}/{steady.clicks:,} answered; the load with a SIGKILL…", started)

        victim = len(bots) - 1
        killed = set(range(ranges[victim][0], ranges[victim][1] + 1))
        offset = -(-clicks_steady // shape.teams)
        before = Usage.now(pids(), database)
        load = asyncio.create_task(
            sim.call("load", rate=shape.rate, count=load_clicks(shape.rate, shape.kill_seconds), offset=offset)
        )
        await asyncio.sleep(shape.kill_after)
        at_kill = Usage.now(pids(), database)
        kill_at = time.monotonic()
        os.kill(bots[victim].process.pid, signal.SIGKILL)
        await bots[victim].process.wait()
        old_log = bots[victim].log_path
        bots[victim] = await BotHandle.start(
            _bot_args(shape, *ranges[victim]), handle, url, old_log.with_name(f"p{victim}-restarted.log")
        )
        back_at = await _wait_live(sim, killed, 60 + 10 * shape.shards)
        restarted_ready = await bots[victim].wait_for_log(READY_LINE, 120)
        ready_after = bots[victim].started + restarted_ready - kill_at
        kill_raw = await load
        end = Usage.now(pids(), database)
        cpu = before.share(at_kill, end)
        name = f"process {victim + 1}"  # the killed process' CPU until the kill, then the restarted one's
        cpu[name] = (at_kill.cpu[name] - before.cpu[name] + end.cpu[name]) / max(end.at - before.at, 1e-9)
        kill_load = load_figures(kill_raw, shape.rate, cpu)
        mine = [c for c in kill_raw["clicks"] if c[0] in killed]
        others = [c for c in kill_raw["clicks"] if c[0] not in killed]
        after = [c[1] + c[2] for c in mine if c[3] == ANSWER and c[1] + c[2] > kill_at]
        kill = KillFigures(
            load=kill_load,
            killed_shards=ranges[victim],
            down_seconds=back_at - kill_at,
            ready_seconds=ready_after,
            failed_killed=sum(1 for c in mine if c[3] != ANSWER),
            answered_killed_after=sum(1 for c in mine if c[3] == ANSWER and c[1] > kill_at),
            first_answer_after=(min(after) - kill_at) if after else math.nan,
            failed_others=sum(1 for c in others if c[3] != ANSWER),
            others=len(others),
            failed_in_flight=sum(1 for c in mine if c[3] != ANSWER and c[1] < kill_at),
            failed_after_back=sum(1 for c in mine if c[3] != ANSWER and c[1] > back_at),
            others_failures={kind: n for kind in KINDS[1:] if (n := sum(1 for c in others if c[3] == kind))},
        )
        _progress(f"killed and restarted; back {kill.down_seconds:.1f} s after the SIGKILL; the ledger…", started)
        ledger = await check_ledger(url, posts, [steady_raw, kill_raw])
        counts = [0] * len(bots)
        for guild_id in {int(g) for g, _c, _r in sim.info["teams"]}:
            shard = shard_for(guild_id, shape.shards)
            counts[next(i for i, (a, b) in enumerate(ranges) if a <= shard <= b)] += 1
        memory = []
        for index, bot in enumerate(bots):
            rss, peak = read_rss(bot.process.pid)
            name = f"process {index + 1}" + (" (restarted)" if index == victim else "")
            memory.append(ProcessMemory(name, counts[index], rss, peak))
        rss, peak = read_rss(sim.process.pid)
        memory.append(ProcessMemory("simulator (whole world)", shape.guilds, rss, peak))
        return ScaleFigures(
            shape=shape,
            quick=quick,
            server=server.description,
            world_seconds=world_seconds,
            seed_seconds=seed_seconds,
            startup_seconds=startup,
            ready_seconds=ready,
            identify_gaps=gaps,
            identify_refused=int(state["rate_limited"]),
            steady=steady,
            kill=kill,
            ledger=ledger,
            memory=memory,
            seconds=time.monotonic() - started,
        )
    finally:
        for bot in bots:
            await bot.stop()
        if sim is not None:
            await sim.stop()
        await server.close()


# ----------------------------------------------------------------------------------------------- the report


def _pct(share: float) -> str:
    return "—" if math.isnan(share) else f"{share * 100:.0f}%"


def _cpu_line(cpu: dict[str, float]) -> str:
    return ", ".join(f"{name} {_pct(share)}" for name, share in cpu.items())


def limit_note(load: LoadFigures, cores: int) -> str:
    """Who limits the load: how busy the machine was, the bots' part of it, the rate at which the cores would be
    full at this CPU per click, and the generator when it fell behind or costs more than any bot process."""
    shares = {name: share for name, share in load.cpu.items() if not math.isnan(share)}
    total = sum(shares.values())
    bots = sum(share for name, share in shares.items() if name.startswith("process"))
    busiest = max(shares, key=lambda name: shares[name]) if shares else "—"
    behind = load.sent_rate < load.target_rate * 0.95
    parts = [
        f"the machine was {total / cores:.0%} busy ({total * 100:.0f}% of one core in all, {cores} cores), the"
        f" bot processes {bots / total if total else math.nan:.0%} of that; the busiest process: {busiest}"
        f" ({_pct(shares.get(busiest, math.nan))} of a core)"
    ]
    if total > 0:
        rate = load.sent_rate if math.isfinite(load.sent_rate) else load.target_rate
        parts.append(f"at this CPU per click the {cores} cores would be full at ≈ {rate * cores / total:.0f} clicks/s")
    if behind:
        parts.append(
            f"the load generator fell behind its rate ({load.sent_rate:.0f}/s sent of {load.target_rate:.0f}/s)"
        )
    if busiest in ("simulator", "driver"):
        parts.append(
            "the single-threaded simulator/load generator costs more CPU than either bot process, so it, not a bot,"
            " is the first process to run out of its core as the rate grows"
        )
    return "; ".join(parts)


def _kinds(kinds: dict[str, int]) -> str:
    """' (late 1, none 2)': how clicks failed (no answer; answered after Discord's 3 s; another reply)."""
    shown = ", ".join(f"{kind} {n}" for kind, n in kinds.items() if n)
    return f" ({shown})" if shown else ""


def _gaps(gaps: list[float]) -> str:
    if not gaps:
        return "—"
    return f"min {min(gaps):.2f} s, max {max(gaps):.2f} s over {len(gaps)} gaps"


def render(figures: ScaleFigures) -> str:
    """BENCHMARKS.md's "Sharded processes" section (between its own markers)."""
    shape, steady, kill, ledger = figures.shape, figures.steady, figures.kill, figures.ledger
    fractions = shape.fraction_of(ISSUE)
    min_start = 5.0 * (shape.shards - 1)
    ok = ledger.lost == 0 and ledger.doubled == 0 and ledger.events_match
    run = f"momentos bench --scale{' --quick' if figures.quick else ''}"
    bots = [m for m in figures.memory if m.name.startswith("process")]
    lines = [
        "### Sharded processes",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `{run}` ({figures.seconds / 60:.1f} min) on"
        f" {figures.cores} cores; {figures.server}.",
        f"Shape: {shape.describe()}. Each `momentos run --shard-count {shape.shards} --shards A-B` process holds"
        f" {' and '.join(f'shards {a}–{b}' for a, b in shape.ranges())}; the simulator (its own process) requires"
        f" {shape.shards} shards ({shape.max_guilds_per_shard:,} guilds a shard at most) and enforces Discord's"
        " one IDENTIFY per 5 s.",
        "",
        "**Scaled down.** The issue's run is 10,000 guilds, 20,000 team channels, 200,000 members, 333 clicks/s"
        f" for 10 minutes with p99 ≤ 1 s. This one is {fractions['guilds']:.1%} of the guilds,"
        f" {shape.teams / ISSUE_CHANNELS:.1%} of the channels, {shape.members / ISSUE_MEMBERS:.1%} of the"
        f" members, {fractions['rate']:.0%} of the rate and {fractions['duration']:.1%} of the duration: bots,"
        " simulator, load generator and PostgreSQL share this machine's cores, and the set-up (world, seed) and"
        " start-up alone take minutes at full size. No target is judged from these figures.",
        "",
        "| Figure | Measured |",
        "|---|---|",
        f"| Set-up (not product time) | world built in the simulator {figures.world_seconds:.1f} s; database"
        f" seeded through the services {figures.seed_seconds:.1f} s ({shape.teams:,} teams and posts) |",
        f"| Start-up: launch → every shard serving | {figures.startup_seconds:.1f} s (floor 5 s × (S−1) ="
        f" {min_start:.0f} s); processes logged ready at"
        f" {', '.join(f'{s:.1f} s' for s in figures.ready_seconds)} |",
        f"| IDENTIFY spacing seen by the gateway | {_gaps(figures.identify_gaps)}; refused as too fast:"
        f" {figures.identify_refused} |",
        f"| Steady load: {steady.clicks:,} clicks at {steady.target_rate:.0f}/s | answered {steady.answered:,};"
        f" p50 {steady.latency.p50:.0f} ms, p95 {steady.latency.p95:.0f} ms, p99 {steady.latency.p99:.0f} ms,"
        f" max {steady.latency.max:.0f} ms; no answer {steady.kinds['none']}, late {steady.kinds['late']}, other"
        f" replies {steady.kinds['other']}, doubled {steady.doubled} |",
        f"| SIGKILL of the process with shards {kill.killed_shards[0]}–{kill.killed_shards[1]},"
        f" {kill.load.clicks:,} clicks at {kill.load.target_rate:.0f}/s | its shards live again"
        f" {kill.down_seconds:.1f} s after the kill (restart logged ready at {kill.ready_seconds:.1f} s); its"
        f" guilds' clicks failed: {kill.failed_killed:,} ({kill.failed_in_flight} in flight at the kill,"
        f" {kill.failed_after_back} sent after its shards were back), answered after the restart:"
        f" {kill.answered_killed_after:,} (first {kill.first_answer_after:.1f} s after the kill); the other"
        f" process' guilds: {kill.failed_others} failed of {kill.others:,}{_kinds(kill.others_failures)} |",
        f"| Answers during that load | p50 {kill.load.latency.p50:.0f} ms, p95 {kill.load.latency.p95:.0f} ms,"
        f" p99 {kill.load.latency.p99:.0f} ms, max {kill.load.latency.max:.0f} ms |",
        f"| Ledger (both loads) | acknowledged {ledger.acknowledged:,}, stored {ledger.stored:,}; acknowledged"
        f" but lost {ledger.lost}, doubled {ledger.doubled}, stored but unacknowledged"
        f" {ledger.stored_unacknowledged} (in flight at the SIGKILL or answered late); point events match:"
        f" {'yes' if ledger.events_match else '**no**'} — {'exact' if ok else '**not exact**'} |",
        *(
            f"| RSS, {m.name} ({m.guilds:,} guilds) | {m.rss_mb:.0f} MB now, peak {m.peak_mb:.0f} MB;"
            f" {m.per_1000_guilds:.0f} MB per 1,000 guilds (the interpreter's fixed part included) |"
            for m in figures.memory
        ),
        f"| CPU, steady load (share of one core) | {_cpu_line(steady.cpu)} |",
        f"| CPU, SIGKILL load | {_cpu_line(kill.load.cpu)} |",
        "",
        f"- What limits what, steady load: {limit_note(steady, figures.cores)}.",
        f"- The issue's p99 ≤ 1 s {'holds' if steady.latency.p99 <= 1000 else '**does not hold**'} at this"
        f" scaled-down load (steady p99 {steady.latency.p99:.0f} ms at {steady.target_rate:.0f}/s); that is no"
        f" verdict on {ISSUE.rate:.0f}/s over {ISSUE.guilds:,} guilds.",
        "- Most of a bot's RSS is its fixed part (interpreter, discord.py, the content): per 1,000 guilds it only"
        " means something when set beside a run with other G (`--quick` against the default).",
        f"- The bots held {sum(m.guilds for m in bots):,} guilds between them; a click reaches the process holding"
        " its guild's shard only, so a dead process fails only its own guilds' clicks (Discord does not replay an"
        " interaction to a new session), and the restart waits for its IDENTIFY turn (≥ 5 s after the last).",
        "- Failed clicks are those with no answer within Discord's 3 s; an acknowledged click is one that got the"
        " game's answer (an embed); the ledger compares them pair by pair (post, member) with `answers`.",
    ]
    return "\n".join(lines) + "\n"


def print_summary(figures: ScaleFigures) -> None:
    s, k, ledger = figures.steady, figures.kill, figures.ledger
    print(f"\nSharded processes: {figures.shape.describe()}")
    print(
        f"  start-up to every shard serving: {figures.startup_seconds:.1f} s;"
        f" IDENTIFY gaps {_gaps(figures.identify_gaps)}"
    )
    print(
        f"  steady: {s.answered}/{s.clicks} answered, p50/p95/p99 {s.latency.p50:.0f}/{s.latency.p95:.0f}/"
        f"{s.latency.p99:.0f} ms"
    )
    print(
        f"  SIGKILL: back after {k.down_seconds:.1f} s; its guilds' clicks failed {k.failed_killed}, others failed"
        f" {k.failed_others}"
    )
    print(f"  ledger: lost {ledger.lost}, doubled {ledger.doubled}, events match {ledger.events_match}")
    for m in figures.memory:
        print(f"  RSS {m.name}: {m.rss_mb:.0f} MB ({m.per_1000_guilds:.0f} MB per 1,000 guilds)")


if __name__ == "__main__":
    sys.exit(main())
