"""The simulator's process during a benchmark: Discord stand-in and load generator, driven over stdin/stdout.

It runs apart from the bot (as Discord does), so the load it generates never shares an event loop with the
bot. Requests and answers are JSON lines; latencies are taken here, where Discord would see them:
from the interaction's dispatch to the bot's callback.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import random
import sys
import time
from typing import Any

from bot.bench.world import MANAGER, bench_world, member_name, team_channel, team_role
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.world import Channel, Member, Message, World

log = logging.getLogger("momentos.bench.sim")


class SimProcess:
    """One simulated server with `teams` team channels and `members` members, answering driver requests."""

    def __init__(self, teams: int, members: int, rate_limits: Any = None) -> None:
        config = bench_world(teams, members)
        options: dict[str, Any] = {"validate": True}
        if rate_limits is not None:
            options["rate_limits"] = rate_limits
        self.sim = Simulator(World.from_config(config), **options)
        self.guild = self.sim.world.guild("Bench")
        self.teams = teams
        self.members: list[Member] = [self.guild.member(member_name(n)) for n in range(members)]
        self.channels: list[Channel] = [self.guild.channel(team_channel(i)) for i in range(teams)]

    def info(self) -> dict[str, Any]:
        """What the driver needs to configure a bot: endpoints, token, and the ids of teams."""
        return {
            "api_url": self.sim.api_url,
            "gateway_url": self.sim.gateway_url,
            "token": self.sim.token,
            "guild_id": self.guild.id,
            "teams": [
                {"channel_id": channel.id, "role_id": self.guild.role(team_role(i)).id}
                for i, channel in enumerate(self.channels)
            ],
            "members": [member.user.id for member in self.members],
        }

    def _posts(self, prefix: str) -> dict[int, Message]:
        """The newest message with a button of `prefix` in each team channel."""
        found: dict[int, Message] = {}
        for channel in self.channels:
            for message in reversed(self.sim.messages(channel)):
                if any(custom_id.startswith(prefix) for custom_id in message.custom_ids):
                    found[channel.id] = message
                    break
        return found

    async def wait_posts(self, prefix: str, limit: float) -> dict[str, Any]:
        """Wait until every team channel shows a message with such buttons."""
        deadline = time.monotonic() + limit
        while len(self._posts(prefix)) < self.teams and time.monotonic() < deadline:  # noqa: ASYNC110 - polls the world
            await asyncio.sleep(0.05)
        return {"posts": len(self._posts(prefix))}

    async def command(self, path: str, options: dict[str, Any], who: str = MANAGER) -> dict[str, Any]:
        """Run a slash command in #general; report the time to the first callback and to the final answer."""
        member = self.guild.member(who) if not who.isdigit() else self.members[int(who)]
        record = await self.sim.command(member, self.guild.channel("general"), path, wait=False, **options)
        await record.settled(timeout=30)
        final = time.monotonic()
        return {
            "callback": (record.answered_at or final) - record.created,
            "final": final - record.created,
            "text": record.text()[:300],
            "files": sum(len(message.attachments) for message in record.messages),
        }

    async def clicks(
        self,
        first: int,
        count: int,
        rate: float,
        prefix: str,
        seed: int,
        *,
        members: list[int] | None = None,
        settle: float = 30.0,
        outcomes: bool = False,
    ) -> dict[str, Any]:
        """`count` members from `first` each press a random button on their team's post, at `rate` per second.

        Arrival times are random (uniform over count/rate seconds, i.e. a Poisson-like burst). Returns the
        latency of every click and what went wrong (no answer, late, answered twice). `members` picks the
        members by number instead (first and count are then ignored); `settle` is how long to wait for the
        last answers; `outcomes` adds what each click got (for drills that kill the bot mid-burst).
        """
        posts = self._posts(prefix)
        rng = random.Random(seed)  # noqa: S311 - a load pattern, not a secret
        numbers = list(members) if members is not None else list(range(first, first + count))
        if numbers and max(numbers) >= len(self.members):
            raise ValueError(f"only {len(self.members)} members; the world needs more")
        window = len(numbers) / rate
        arrivals = sorted(rng.uniform(0, window) for _ in numbers)
        records: list[InteractionRecord] = []
        start = time.monotonic()
        for at, number in zip(arrivals, numbers, strict=True):
            delay = start + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            team = self.channels[number % self.teams]
            message = posts[team.id]
            buttons = [c for c in message.custom_ids if c.startswith(prefix)]
            records.append(await self.sim.click(self.members[number], message, rng.choice(buttons), wait=False))
        sent = time.monotonic() - start
        deadline = time.monotonic() + settle
        while any(not r.responded.is_set() for r in records) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        answered = [r for r in records if r.answered_at is not None]
        span = max((r.answered_at or 0) for r in answered) - start if answered else 0.0
        return {
            "sent": len(records),
            "send_seconds": sent,
            "answered": len(answered),
            "latencies": [(r.answered_at or 0) - r.created for r in answered],
            "lost": len(records) - len(answered),
            "late": sum(r.late_callbacks for r in records),
            "doubled": sum(r.refused_callbacks for r in records),
            "span_seconds": span,
            "errors": sum(1 for r in answered if _is_error(r)),
            "samples": sorted({r.text()[:80] for r in answered if _is_error(r)})[:5],
            **({"outcomes": [_outcome(n, r) for n, r in zip(numbers, records, strict=True)]} if outcomes else {}),
        }

    async def probe(self, limit: float) -> dict[str, Any]:
        """Ask /help every 50 ms until the bot answers one: when it starts serving people (monotonic clock)."""
        member = self.guild.member(MANAGER)
        general = self.guild.channel("general")
        deadline = time.monotonic() + limit
        quiet = logging.getLogger("momentos.simulator")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # unanswered probes are the point until the bot serves, not news
        try:
            while time.monotonic() < deadline:
                try:
                    record = await self.sim.command(member, general, "help", wait=True, timeout=0.05)
                except Exception:  # no command registered yet, or no gateway session: not serving
                    await asyncio.sleep(0.05)
                    continue
                if record.answered_at is not None:
                    return {"answered_at": record.answered_at}
        finally:
            quiet.setLevel(level)
        raise TimeoutError("the bot never answered /help")

    async def fanout(self, limit: float, global_per_second: int) -> dict[str, Any]:
        """Wait until every team channel has its post, then measure the fan-out from the simulator's records."""
        from bot.bench.fanout import observe_fanout

        await self.wait_posts("momentos:answer:", limit)
        return observe_fanout(self.sim, [c.id for c in self.channels], global_per_second).as_dict()

    def counters(self) -> dict[str, Any]:
        """REST calls seen so far, by status."""
        statuses: dict[str, int] = {}
        for call in self.sim.calls:
            statuses[str(call.status)] = statuses.get(str(call.status), 0) + 1
        return {"calls": len(self.sim.calls), "statuses": statuses}


def _outcome(number: int, record: InteractionRecord) -> dict[str, Any]:
    """What one click got: 'answer' (the game's reply), 'other' (any other reply), 'late' (the bot answered
    after Discord's 3 s and got 10062) or 'none' (no answer at all)."""
    if record.answered_at is not None:
        kind = "other" if _is_error(record) else "answer"
    else:
        kind = "late" if record.late_callbacks else "none"
    return {"member": number, "user_id": record.user.id, "kind": kind, "text": record.text()[:120]}


def _is_error(record: InteractionRecord) -> bool:
    """A reply that is not the game's answer: Momentos answers an accepted click with an embed, the floor with 'ok'."""
    if record.embeds():
        return False
    return record.text() != "ok"


async def serve(process: SimProcess) -> None:
    """Answer JSON-line requests from the driver until 'quit' or end of input."""
    await process.sim.start()
    print(json.dumps({"ready": True, **process.info()}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        # The load generator must not be what limits a floor: what exists between requests (the world, every
        # recorded interaction) is frozen out of the garbage collector's full passes, which would otherwise
        # walk tens of thousands of members and records again and again in the middle of a burst.
        gc.collect()
        gc.freeze()
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        request = json.loads(line)
        op, args = request["op"], request.get("args", {})
        try:
            if op == "quit":
                print(json.dumps({"ok": True}), flush=True)
                break
            if op == "wait_posts":
                result = await process.wait_posts(args["prefix"], args.get("limit", 30))
            elif op == "command":
                result = await process.command(args["path"], args.get("options", {}), args.get("who", MANAGER))
            elif op == "clicks":
                result = await process.clicks(
                    args.get("first", 0),
                    args.get("count", 0),
                    args["rate"],
                    args["prefix"],
                    args["seed"],
                    members=args.get("members"),
                    settle=args.get("settle", 30.0),
                    outcomes=args.get("outcomes", False),
                )
            elif op == "probe":
                result = await process.probe(args.get("limit", 60))
            elif op == "fanout":
                result = await process.fanout(args.get("limit", 60), args["global_per_second"])
            elif op == "counters":
                result = process.counters()
            elif op == "fault":
                fault = process.sim.faults.add(
                    args["path"], method=args.get("method", "*"), status=args["status"], times=args.get("times", 1)
                )
                result = {"pending": fault.times}
            else:
                raise ValueError(f"unknown op {op!r}")
            print(json.dumps({"ok": True, "result": result}), flush=True)
        except Exception as error:  # the driver reports it; the simulator keeps serving
            log.exception("request %s failed", op)
            print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
    await process.sim.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.bench.simproc --teams 20 --members 24000`."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.simproc")
    parser.add_argument("--teams", type=int, required=True)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--global-limit", type=int, default=0, help="requests per second (0: no rate limits)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    limits = None
    if args.global_limit:
        from bot.simulator.ratelimits import RateLimits

        limits = RateLimits(global_per_second=args.global_limit)
    asyncio.run(serve(SimProcess(args.teams, args.members, limits)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
