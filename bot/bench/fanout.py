"""Fan-out: every team of a large server due at the same minute, under Discord's global rate limit.

The figure is the time from the first post request to the last post created, as the simulator (standing
in for Discord) saw them, as a ratio of the theoretical minimum: posts ÷ the global limit per second.
Beside it: how many 429s the simulator answered, and how many posts were duplicated (two messages for
the same post id, or two posts in one team channel) — which must be none.

`observe_fanout` reads only the simulator, so it can run in the simulator's own process; `measure_fanout`
runs the simulator and the real bot in this one process for now.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from datetime import time as wall_time
from pathlib import Path
from typing import Any

from bot.app import open_app
from bot.bench.world import bench_world, team_channel, team_role
from bot.cli.settings import bundled_scenarios
from bot.content.loader import load_catalog
from bot.discord.custom_ids import Kind, parse
from bot.discord.endpoints import configure_endpoints
from bot.domain.clock import ManualClock
from bot.simulator.ratelimits import RateLimits
from bot.simulator.server import Call, Simulator
from bot.simulator.world import World

MESSAGE_CREATE = re.compile(r"^/channels/(\d+)/messages$")
# A Monday; the schedule is 09:00 UTC every day, and the tick comes 30 s later (a catch-up of all teams).
POST_TIME = wall_time(9, 0)
START = datetime(2026, 11, 23, 8, 59, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)


def _answer(custom_id: str) -> bool:
    """Whether a button is a choice of a daily post."""
    parsed = parse(custom_id)
    return parsed is not None and parsed.kind is Kind.ANSWER


def _post_of(custom_id: str) -> int:
    """The post a choice button belongs to."""
    parsed = parse(custom_id)
    assert parsed is not None
    return parsed.first


@dataclass(frozen=True, slots=True)
class FanoutResult:
    """One fan-out as the simulator saw it."""

    teams: int
    global_per_second: int
    posted: int  # team channels that got their post
    seconds: float  # first post request → last post created
    theoretical: float  # teams ÷ global limit per second
    ratio: float  # seconds ÷ theoretical
    rate_limited: int  # 429s answered during the fan-out, any scope
    limited_by_scope: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0  # extra messages for a post id or a team channel
    requests: int = 0  # REST requests during the fan-out (429s included)
    post_requests: int = 0  # message creations tried in team channels (429s and retries included)
    unhandled: int = 0  # calls to endpoints the simulator lacks (must be 0)
    # Known only when the bot runs in this process:
    from_due: float = 0.0  # the scheduler tick's start → last post created
    outcomes: dict[str, int] = field(default_factory=dict)  # the tick's results by kind (Posted, Failed…)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly."""
        return asdict(self)

    def summary(self) -> str:
        """One line for people."""
        return (
            f"fan-out of {self.teams} teams at {self.global_per_second}/s: {self.posted} posted in "
            f"{self.seconds:.2f} s = {self.ratio:.2f} x the minimum ({self.theoretical:.2f} s); "
            f"{self.rate_limited} x 429 {self.limited_by_scope or ''}, {self.duplicates} duplicates, "
            f"{self.requests} requests"
            + (f"; {self.from_due:.2f} s from the tick's start, outcomes {self.outcomes}" if self.outcomes else "")
        )


def _post_calls(sim: Simulator, channel_ids: Sequence[int], since: int) -> list[Call]:
    """Message creations in the team channels, tried from call `since` on (429s and retries included)."""
    teams = set(channel_ids)
    return [
        call
        for call in sim.calls[since:]
        if call.method == "POST" and (m := MESSAGE_CREATE.match(call.path)) and int(m.group(1)) in teams
    ]


def observe_fanout(sim: Simulator, channel_ids: Sequence[int], global_per_second: int, since: int = 0) -> FanoutResult:
    """Measure the fan-out from the simulator's records: its calls from index `since` on, and the channels."""
    calls = sim.calls[since:]
    posts = _post_calls(sim, channel_ids, since)
    created = [call.done for call in posts if call.status == 200 and call.done is not None]
    seconds = max(created) - min(call.at for call in posts) if created else 0.0
    per_post: Counter[str] = Counter()
    duplicates = 0
    posted = 0
    for channel_id in channel_ids:
        found = [
            message
            for message in sim.world.channel_messages(channel_id)
            if any(_answer(custom_id) for custom_id in message.custom_ids)
        ]
        posted += bool(found)
        duplicates += max(0, len(found) - 1)
        for message in found:
            per_post[str(_post_of(message.custom_ids[0]))] += 1
    duplicates = max(duplicates, sum(count - 1 for count in per_post.values()))
    scopes = Counter(call.limited or "injected" for call in calls if call.status == 429)
    theoretical = len(channel_ids) / global_per_second if global_per_second else 0.0
    return FanoutResult(
        teams=len(channel_ids),
        global_per_second=global_per_second,
        posted=posted,
        seconds=seconds,
        theoretical=theoretical,
        ratio=seconds / theoretical if theoretical else 0.0,
        rate_limited=sum(scopes.values()),
        limited_by_scope=dict(scopes),
        duplicates=duplicates,
        requests=len(calls),
        post_requests=len(posts),
        unhandled=len(sim.unhandled),
    )


async def measure_fanout(
    teams: int = 200, global_per_second: int = 50, *, bot_per_second: float | None = None, quiet: float = 1.2
) -> FanoutResult:
    """Start a rate-limited simulator and the bot in this process, make `teams` teams due at once, tick once.

    The teams are stored through the bot's services (not 200 slash commands), the bot's own start-up calls
    are left to age out of the global window first, and the one scheduler tick is the catch-up that posts
    every team whose post time has just passed. `bot_per_second` is the limit the bot believes in (by
    default the simulator's): set it higher to see how the bot copes with 429s. `quiet` is how long to
    wait before the tick, so the bot's start-up requests have left the global window.
    """
    world = World.from_config(bench_world(teams, 0))
    guild = world.guild("Bench")
    channels = [guild.channel(team_channel(index)) for index in range(teams)]
    sim = Simulator(world, rate_limits=RateLimits(global_per_second=global_per_second))
    await sim.start()
    configure_endpoints(sim.api_url, sim.gateway_url)
    clock = ManualClock(START)
    with tempfile.TemporaryDirectory(prefix="momentos-fanout-") as scratch:
        app = await open_app(
            database=Path(scratch) / "momentos.db",
            catalog=load_catalog(bundled_scenarios()),
            clock=clock,
            guild_ready_timeout=0.05,
            run_scheduler=False,
            requests_per_second=bot_per_second or global_per_second,
        )
        bot = app.bot
        runner = asyncio.create_task(bot.start(sim.token))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 30)
            setup = bot.services.setup
            for index, channel in enumerate(channels):
                role = guild.role(team_role(index))
                await setup.add_team(guild.id, role.name, channel.id, role.id, clock.now())
            await setup.set_schedule(
                guild.id,
                post_time=POST_TIME,
                timezone="UTC",
                weekdays=frozenset(range(1, 8)),
                window=None,
                now=clock.now(),
            )
            await asyncio.sleep(quiet)
            since = len(sim.calls)
            clock.set(DUE)
            started = time.monotonic()
            results = await bot.scheduler.tick()
            result_channels = [channel.id for channel in channels]
            result = observe_fanout(sim, result_channels, global_per_second, since)
            created = [
                call.done for call in _post_calls(sim, result_channels, since) if call.done and call.status == 200
            ]
            result = replace(
                result,
                from_due=max(created, default=started) - started,
                outcomes=dict(Counter(type(outcome).__name__ for outcome in results)),
            )
        finally:
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(runner, 10)
            await sim.stop()
    return result


def main() -> None:  # pragma: no cover - a manual entry point: python -m bot.bench.fanout [teams] [per_second]
    """Print one measurement."""
    import sys

    teams = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_second = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(asyncio.run(measure_fanout(teams, per_second)).summary())


if __name__ == "__main__":
    main()
