"""`momentos cluster`: run the bot's shards as several `momentos run` processes on one machine.

Why: one process holds every shard on one event loop (one core). Past what one core can take, the shards are
split into P contiguous ranges and each range runs in its own `momentos run --shard-count N --shards A-B`
child, all on the same PostgreSQL database (SQLite cannot be shared by processes, so P > 1 needs PostgreSQL).
This launcher is only a supervisor: it starts the children one by one (a short pause between them so their
start-ups do not all compete; pacing IDENTIFY within Discord's limits is each bot's own job), relays their
output line by line with a `[p0 shards 0-3] ` prefix, and restarts a child that crashed, alone, after a back-off
(1 s, doubling per consecutive crash up to 60 s; a child that ran 5 minutes starts again from 1 s), so a child
that crashes in a loop cannot spend Discord's daily session starts at full speed. A child that exits 2 refused
its settings or database: retrying cannot help, so every child is stopped and the cluster exits 2. On SIGTERM
or SIGINT every child gets SIGTERM and up to 20 s to finish its tick and close; a straggler is killed.

Exit status: 0 stopped cleanly by a signal; 1 a child had to be killed on the way out (or Discord could not be
asked for a shard count); 2 unusable arguments, settings or database (one line says which), or a child refused.

Zero-downtime hand-off (an upgrade, or moving shards to another machine): start the new process for the shards
first (`momentos run --shard-count N --shards A-B`, or a new cluster), wait until its shards are connected, then
stop the old one with SIGTERM. While both hold the shards an event may reach both; the shared PostgreSQL
database makes each answer count once (answers are inserted once; posts and announcements are claimed once).

The children inherit this process's environment (DISCORD_TOKEN included); it is passed through, never shown.
They run in their own process group, so a Ctrl-C in a terminal reaches them once, as the cluster's SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

import aiohttp

from bot.cli.settings import Settings, SettingsError, load_env_file
from bot.discord.endpoints import DISCORD_API

CONFIG_ERROR = 2  # as `momentos run`: retrying cannot help
RUN_COMMAND: tuple[str, ...] = (sys.executable, "-m", "bot.cli.main", "run")
POSTGRES_NEEDED = "several processes need PostgreSQL: set MOMENTOS_DATABASE_URL"
LINE_LIMIT = 1 << 20  # a longer line is relayed in pieces of this size


class ClusterRefused(Exception):
    """Arguments or settings with which no cluster can start; the message is the one line shown."""

    def __init__(self, message: str, status: int = CONFIG_ERROR) -> None:
        super().__init__(message)
        self.status = status


def shard_ranges(shard_count: int, processes: int) -> list[tuple[int, int]]:
    """Split shards 0..N-1 into P contiguous inclusive ranges, as even as possible (the first ones one larger)."""
    if processes < 1 or shard_count < processes:
        raise ValueError(f"cannot split {shard_count} shards over {processes} processes")
    size, larger = divmod(shard_count, processes)
    ranges: list[tuple[int, int]] = []
    start = 0
    for index in range(processes):
        length = size + (1 if index < larger else 0)
        ranges.append((start, start + length - 1))
        start += length
    return ranges


async def recommended_shards(api_url: str | None, token: str) -> int:
    """Discord's recommended shard count: GET /gateway/bot, field `shards`. ClusterRefused with one line if not."""
    url = (api_url or DISCORD_API).rstrip("/") + "/gateway/bot"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session,
            session.get(url, headers={"Authorization": f"Bot {token}"}) as response,
        ):
            if response.status in (401, 403):
                raise ClusterRefused(f"{url} refused DISCORD_TOKEN (HTTP {response.status}); check the token")
            if response.status != 200:
                raise ClusterRefused(f"{url} answered HTTP {response.status}; try again later or give --shard-count", 1)
            body = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        reason = type(error).__name__  # never the error's text: nothing about the request is shown
        raise ClusterRefused(f"could not ask {url} for a shard count ({reason}); give --shard-count", 1) from error
    shards = body.get("shards") if isinstance(body, dict) else None
    if not isinstance(shards, int) or isinstance(shards, bool) or shards < 1:
        raise ClusterRefused(f"{url} gave no usable `shards` field; give --shard-count", 1)
    return shards


async def resolve_shard_count(
    processes: int, shard_count: int | None, settings: Settings, env: Mapping[str, str]
) -> int:
    """N: --shard-count, else MOMENTOS_SHARD_COUNT, else Discord's recommendation raised to at least P."""
    if shard_count is None:
        raw = (env.get("MOMENTOS_SHARD_COUNT") or "").strip()
        if raw:
            try:
                shard_count = int(raw)
            except ValueError:
                raise ClusterRefused(f"MOMENTOS_SHARD_COUNT must be a whole number, got {raw!r}") from None
    if shard_count is None:
        try:
            token = settings.require_token()
        except SettingsError as error:
            raise ClusterRefused(str(error)) from None
        return max(await recommended_shards(settings.api_url, token), processes)
    if shard_count < 1:
        raise ClusterRefused(f"the shard count must be at least 1, got {shard_count}")
    if shard_count < processes:
        raise ClusterRefused(
            f"{shard_count} shard(s) cannot be split over {processes} processes (some process would hold none):"
            f" use --processes {max(shard_count, 1)} or more shards"
        )
    return shard_count


@dataclass
class _Child:
    index: int
    first: int
    last: int
    process: asyncio.subprocess.Process | None = None
    starts: int = 0

    @property
    def shards(self) -> str:
        return f"{self.first}-{self.last}"

    @property
    def name(self) -> str:
        return f"p{self.index} (shards {self.shards})"


@dataclass
class _Supervisor:
    children: list[_Child]
    shard_count: int
    env: dict[str, str]
    command: tuple[str, ...]
    backoff_start: float
    backoff_max: float
    stable_after: float
    grace: float
    start_pause: float
    out: TextIO
    err: TextIO
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    deadline: float = 0.0
    refused: bool = False
    killed: bool = False

    def say(self, line: str) -> None:
        self._write(self.err, f"momentos cluster: {line}\n")

    @staticmethod
    def _write(sink: TextIO, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed terminal must not take the children with it
            sink.write(text)
            sink.flush()

    def stop(self, reason: str) -> None:
        if self.stopping.is_set():
            return
        self.deadline = asyncio.get_running_loop().time() + self.grace
        live = sum(1 for child in self.children if child.process is not None and child.process.returncode is None)
        waiting = f" {live} process(es) (up to {self.grace:g} s each to close)" if live else ""
        self.say(f"{reason}; stopping{waiting}")
        self.stopping.set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop, f"{signal.Signals(signum).name} received")
        try:
            tasks: list[asyncio.Task[None]] = []
            for child in self.children:
                if child.index and await self._sleep(self.start_pause):
                    break
                tasks.append(asyncio.create_task(self._supervise(child), name=f"momentos-cluster-p{child.index}"))
            await self.stopping.wait()
            results = await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        if self.refused:
            return CONFIG_ERROR
        return 1 if self.killed else 0

    async def _sleep(self, seconds: float) -> bool:
        """Wait `seconds` or until the cluster stops; whether it is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)
        return self.stopping.is_set()

    async def _supervise(self, child: _Child) -> None:
        try:
            await self._keep_running(child)
        except BaseException:
            self.stop(f"supervising {child.name} failed")
            raise

    async def _keep_running(self, child: _Child) -> None:
        loop = asyncio.get_running_loop()
        crashes = 0
        while not self.stopping.is_set():
            started = loop.time()
            try:
                process = await asyncio.create_subprocess_exec(
                    *self.command,
                    "--shard-count",
                    str(self.shard_count),
                    "--shards",
                    child.shards,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.PIPE,
                    env=self.env,
                    limit=LINE_LIMIT,
                    process_group=0,
                )
            except OSError as error:
                self.say(f"cannot start {child.name}: {error.strerror or type(error).__name__}")
                self.refused = True
                self.stop("a process cannot start")
                return
            child.process, child.starts = process, child.starts + 1
            prefix = f"[p{child.index} shards {child.shards}] "
            assert process.stdout is not None
            assert process.stderr is not None
            relays = [
                asyncio.create_task(self._relay(process.stdout, self.out, prefix)),
                asyncio.create_task(self._relay(process.stderr, self.err, prefix)),
            ]
            waiter = asyncio.create_task(process.wait())
            stopper = asyncio.create_task(self.stopping.wait())
            await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if not waiter.done():
                await self._stop_child(child, process, waiter)
            status = await waiter
            await self._drain(relays)
            if self.stopping.is_set():
                return
            ran = loop.time() - started
            if status == CONFIG_ERROR:
                self.refused = True
                self.stop(f"{child.name} refused to start (exit status 2; restarting cannot help)")
                return
            crashes = 1 if ran >= self.stable_after else crashes + 1
            delay = min(self.backoff_start * 2 ** (crashes - 1), self.backoff_max)
            self.say(
                f"{child.name} exited with status {status} after {ran:.1f} s; restarting in {delay:g} s"
                f" (crash {crashes} in a row)"
            )
            if await self._sleep(delay):
                return

    async def _stop_child(self, child: _Child, process: asyncio.subprocess.Process, waiter: asyncio.Task[int]) -> None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        remaining = max(self.deadline - asyncio.get_running_loop().time(), 0.0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter), remaining)
        if not waiter.done():
            self.say(f"{child.name} did not stop within {self.grace:g} s; killing it")
            self.killed = True
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    @staticmethod
    async def _drain(relays: list[asyncio.Task[None]]) -> None:
        """Let the relays print what the child wrote last; a grandchild holding the pipe cannot hold us."""
        _, pending = await asyncio.wait(relays, timeout=5)
        for relay in pending:
            relay.cancel()
        await asyncio.gather(*relays, return_exceptions=True)

    async def _relay(self, stream: asyncio.StreamReader, sink: TextIO, prefix: str) -> None:
        """Copy the child's lines to `sink`, each prefixed and written whole (lines never interleave)."""
        while True:
            try:
                chunk = await stream.readuntil(b"\n")
            except asyncio.IncompleteReadError as end:
                chunk = end.partial
                if not chunk:
                    return
            except asyncio.LimitOverrunError as long:
                chunk = await stream.readexactly(long.consumed)
            self._write(sink, prefix + chunk.decode("utf-8", errors="replace").rstrip("\r\n") + "\n")


def cluster(
    processes: int,
    shard_count: int | None = None,
    *,
    env: Mapping[str, str] | None = None,
    command: Sequence[str] = RUN_COMMAND,
    backoff_start: float = 1.0,
    backoff_max: float = 60.0,
    stable_after: float = 300.0,
    grace: float = 20.0,
    start_pause: float = 1.0,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Start and supervise P `momentos run` children until SIGTERM/SIGINT; the exit status (module docstring).

    `command` replaces `momentos run` (the shard flags are appended to it), for tests; `env` replaces this
    process's environment (default: it, after reading `.env` as `momentos run` does).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if env is None:
        load_env_file()
        env = os.environ
    child_env = dict(env)
    child_env.setdefault("PYTHONUNBUFFERED", "1")  # the children's lines reach the relay as they are written
    try:
        if processes < 1:
            raise ClusterRefused(f"--processes must be at least 1, got {processes}")
        try:
            settings = Settings.from_env(env)
        except SettingsError as error:
            raise ClusterRefused(str(error)) from None
        if processes > 1 and not settings.uses_postgres:
            raise ClusterRefused(POSTGRES_NEEDED)
        count = asyncio.run(resolve_shard_count(processes, shard_count, settings, env))
    except ClusterRefused as refusal:
        print(f"momentos cluster: {refusal}", file=err)
        return refusal.status
    children = [_Child(index, first, last) for index, (first, last) in enumerate(shard_ranges(count, processes))]
    plan = ", ".join(f"p{child.index} {child.shards}" for child in children)
    print(f"momentos cluster: {processes} process(es) for {count} shard(s): {plan}", file=err, flush=True)
    supervisor = _Supervisor(
        children=children,
        shard_count=count,
        env=child_env,
        command=tuple(command),
        backoff_start=backoff_start,
        backoff_max=backoff_max,
        stable_after=stable_after,
        grace=grace,
        start_pause=start_pause,
        out=out,
        err=err,
    )
    return asyncio.run(supervisor.run())
