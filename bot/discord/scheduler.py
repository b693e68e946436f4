"""The state-driven loop: ask each job what is due, do it, sleep until the next thing any job expects.

The loop knows no feature: features hand it jobs (the daily posts; the weekly announcement) in the order
they must run within a tick. Nothing is kept in memory between ticks: every decision is re-read from the
database, so a restart at any moment resumes exactly where the last run stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Protocol

from bot.domain.clock import Clock

log = logging.getLogger("momentos.scheduler")

MAX_SLEEP = 60.0
MIN_SLEEP = 0.05
STOP_GRACE = 5.0  # seconds a stop gives the tick in flight (Docker waits 10 s before SIGKILL)


class Job(Protocol):
    """One thing the loop does every tick; each job catches and logs its own per-item failures."""

    async def recover(self) -> None:
        """At start-up, before the first tick: settle what a crash left half done."""

    async def tick(self, now: datetime) -> list[object]:
        """Do what is due at `now`; returns what was posted (for tests and logs)."""

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next instant something of this job could become due."""


class Host(Protocol):
    """What the loop needs of the bot that runs it."""

    async def wait_until_ready(self) -> None:
        """Until the gateway is ready."""

    def is_closed(self) -> bool:
        """Whether the bot is shutting down."""

    def beat(self) -> None:
        """A good tick happened (heartbeat)."""


class Scheduler:
    """Wakes at least once a minute (or when poked), runs every job, and recovers after crashes."""

    def __init__(self, host: Host, clock: Clock) -> None:
        self.host = host
        self.clock = clock
        self.jobs: list[Job] = []
        self.lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self.ticks = 0

    def add(self, job: Job) -> None:
        """Run `job` every tick, after the jobs added before it."""
        self.jobs.append(job)

    def poke(self) -> None:
        """Wake the loop now (after a schedule change, or when a test moves the clock)."""
        self._wake.set()

    async def run(self) -> None:
        """Recover interrupted work, then tick forever."""
        await self.host.wait_until_ready()
        await self.recover()
        while not self.host.is_closed():
            # Clear before reading the clock: a poke that arrives during the tick triggers another one.
            self._wake.clear()
            try:
                await self._whole_tick()
            except Exception:
                log.exception("scheduler tick failed; trying again at the next one")
            else:
                self.host.beat()
            await self._sleep()

    async def _whole_tick(self) -> None:
        """A tick that a stop does not cut in half: cancelling the loop (SIGTERM, a restart) lets it finish.

        Cut between a send and its record, a reminder would go out again after the restart. The tick gets
        STOP_GRACE seconds; past that it is cancelled, and posts and announcements are recovered at start-up.
        """
        tick = asyncio.create_task(self.tick(), name="momentos-tick")
        try:
            await asyncio.shield(tick)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(tick, STOP_GRACE)
            raise

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The earliest instant any job expects something to become due."""
        moments = [await job.next_wakeup(now) for job in self.jobs]
        return min((moment for moment in moments if moment is not None), default=None)

    async def _sleep(self) -> None:
        now = self.clock.now()
        try:
            wake = await self.next_wakeup(now)
        except Exception:
            log.exception("could not compute the next wake-up")
            wake = None
        delay = MAX_SLEEP if wake is None else min(MAX_SLEEP, max(MIN_SLEEP, (wake - now).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    async def recover(self) -> None:
        """What a crash left half done, job by job (posts half sent, announcements unsent)."""
        async with self.lock:
            for job in self.jobs:
                await job.recover()

    async def tick(self) -> list[object]:
        """Run every job once, in order, at the clock's now (a job that raises fails the tick: no heartbeat)."""
        async with self.lock:
            self.ticks += 1
            now = self.clock.now()
            done: list[object] = []
            for job in self.jobs:
                done += await job.tick(now)
            return done
