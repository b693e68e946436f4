"""When the bot may open a new gateway session: Discord resets a bot's token after 1,000 IDENTIFYs in a day.

A RESUME continues a session and costs nothing; an IDENTIFY starts one. A process that a supervisor
restarts again and again (systemd `Restart=`, Docker `restart:`), or a gateway that keeps invalidating the
session, would spend the day's 1,000 within hours. This rule, given when the past sessions were started,
says how long to wait before the next one: the first few go at once, then each waits for the previous one
plus a delay that doubles with every further session, and a hard cap bounds any window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

DISCORD_DAILY_IDENTIFIES = 1000  # Discord's session_start_limit for a bot; over it, the token is reset
SHARDED_CAP = 900  # a sharded bot's hard cap a day: a margin under Discord's 1,000 for sessions we cannot see


@dataclass(frozen=True, slots=True)
class IdentifyBudget:
    """The thresholds; the defaults keep a crash loop to ~65 sessions a day, far under Discord's 1,000."""

    free: int = 10  # sessions within `window` that start at once (deploys, a few restarts)
    base: timedelta = timedelta(seconds=15)  # the wait after the last session once `free` are spent
    longest: timedelta = timedelta(minutes=30)  # the doubling stops here
    cap: int = 100  # never more than this many within `window`
    window: timedelta = timedelta(hours=24)  # Discord counts a day
    gap: timedelta = timedelta(seconds=5)  # at least this after the last one when reconnecting in-process
    # The bot's shards in all: a start costs one session per shard, so `free`, `cap` and the doubling count starts,
    # not sessions; and with several shards (maybe in several processes) every session keeps Discord's 5 s gap.
    shards: int = 1

    def __post_init__(self) -> None:
        if self.free < 0 or self.cap < 1 or self.cap > DISCORD_DAILY_IDENTIFIES:
            raise ValueError("free must be >= 0 and cap between 1 and Discord's daily 1,000")
        if self.shards < 1:
            raise ValueError("shards must be at least 1")
        if min(self.base, self.longest, self.window, self.gap) < timedelta(0) or self.longest < self.base:
            raise ValueError("durations must not be negative and longest must be at least base")


@dataclass(frozen=True, slots=True)
class IdentifyTurn:
    """The verdict: wait this long, given `recent` sessions started within the window."""

    wait: timedelta
    recent: int
    capped: bool  # the hard cap (not the doubling) set the wait


def identify_turn(
    history: Iterable[datetime], now: datetime, budget: IdentifyBudget, *, reconnect: bool
) -> IdentifyTurn:
    """How long to wait before the next IDENTIFY, from the instants of past ones (any order, aware datetimes).

    The wait counts from the last session, so a bot that was up for hours never waits. Instants in the
    future (the system clock went back) count as now, so a clock jump never makes the bot wait for a day.
    """
    recent = sorted(min(at, now) for at in history if at > now - budget.window)
    count = len(recent)
    if not recent:
        return IdentifyTurn(timedelta(0), 0, capped=False)
    free = budget.free * budget.shards
    cap = budget.cap if budget.shards == 1 else min(budget.cap * budget.shards, SHARDED_CAP)
    delay = timedelta(0)
    if count >= free:
        delay = budget.base
        for _ in range((count - free) // budget.shards):
            if delay >= budget.longest:
                break
            delay *= 2
        delay = min(delay, budget.longest)
    if reconnect or budget.shards > 1:
        delay = max(delay, budget.gap)
    next_at = recent[-1] + delay
    capped = False
    if count >= cap:
        # Enough of the oldest must leave the window that fewer than `cap` remain in it.
        leaves = recent[count - cap] + budget.window
        if leaves > next_at:
            next_at, capped = leaves, True
    return IdentifyTurn(max(timedelta(0), next_at - now), count, capped)
