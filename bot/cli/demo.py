"""`momentos demo`: one scheduled day, offline — the real bot, the local Discord simulator, a temporary database.

Everything shown is what the simulator received from the unmodified discord.py client: the posts in the
team channels, the private answers each member saw, and the boards.
"""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.app import create_bot
from bot.cli.settings import bundled_scenarios
from bot.content.loader import load_catalog
from bot.discord.client import MomentosBot
from bot.discord.endpoints import configure_endpoints
from bot.domain.clock import ManualClock
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.world import Message, World

TIMEZONE = "America/Mexico_City"
START = datetime(2026, 11, 23, 14, 55, tzinfo=UTC)  # Monday 08:55 in Mexico City
WORLD: dict[str, Any] = {
    "guilds": [
        {
            "name": "Tienda Demo",
            "locale": "es-ES",
            "roles": [{"name": "Ventas"}, {"name": "Caja"}, {"name": "Gerencia", "permissions": ["manage_guild"]}],
            "channels": [{"name": "general"}, {"name": "ventas"}, {"name": "caja"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                {"name": "ana", "roles": ["Ventas"]},
                {"name": "bruno", "roles": ["Ventas"]},
                {"name": "carla", "roles": ["Ventas"]},
                {"name": "diego", "roles": ["Caja"]},
                {"name": "elena", "roles": ["Caja"]},
                {"name": "gaby", "roles": ["Caja"]},
                {"name": "fede", "roles": []},
            ],
        }
    ]
}
# Who answers what: True = the correct choice, False = a wrong one.
ANSWERS = [
    ("ana", "ventas", True),
    ("bruno", "ventas", False),
    ("carla", "ventas", True),
    ("diego", "caja", True),
    ("elena", "caja", False),
]


class Printer:
    """Renders Discord markup the way a person would read it in the client."""

    def __init__(self, world: World, clock: ManualClock, quiet: bool) -> None:
        self.world = world
        self.clock = clock
        self.quiet = quiet
        self.zone = ZoneInfo(TIMEZONE)

    def _timestamp(self, seconds: int, style: str) -> str:
        instant = datetime.fromtimestamp(seconds, self.zone)
        if style != "R":
            return f"{instant:%a %d %b %H:%M}"
        minutes = round((instant - self.clock.now()).total_seconds() / 60)
        span = f"{abs(minutes) // 60} h {abs(minutes) % 60:02d} min" if abs(minutes) >= 60 else f"{abs(minutes)} min"
        return f"in {span}" if minutes >= 0 else f"{span} ago"

    def readable(self, text: str) -> str:
        """Mentions, channels and timestamps as names and local times."""
        users = {str(user.id): user.username for user in self.world.users.values()}
        guild = next(iter(self.world.guilds.values()))
        roles = {str(role.id): role.name for role in guild.roles.values()}
        channels = {str(channel.id): channel.name for channel in guild.channels.values()}
        text = re.sub(r"<@!?(\d+)>", lambda m: "@" + users.get(m[1], m[1]), text)
        text = re.sub(r"<@&(\d+)>", lambda m: "@" + roles.get(m[1], m[1]), text)
        text = re.sub(r"<#(\d+)>", lambda m: "#" + channels.get(m[1], m[1]), text)
        text = re.sub(r"<t:(\d+):([a-zA-Z])>", lambda m: self._timestamp(int(m[1]), m[2]), text)
        return text.replace("**", "").replace("\\", "")

    def say(self, text: str = "") -> None:
        """Print unless quiet."""
        if not self.quiet:
            print(text)

    def heading(self, text: str) -> None:
        """A step of the day, with the local time."""
        self.say(f"\n▶ {self.clock.now().astimezone(self.zone):%H:%M} · {text}")

    def message(self, label: str, message: Message) -> None:
        """A channel post, boxed, with its buttons."""
        lines = []
        for paragraph in self.readable(message.text()).split("\n"):
            lines.extend(textwrap.wrap(paragraph, 92) or [""])
        buttons = " ".join(f"[{c.get('label')}]" for row in message.components for c in row.get("components", []))
        self.say(f"  {label}")
        for line in lines:
            self.say(f"  │ {line}")
        if buttons:
            self.say(f"  └ {buttons}")

    def answer(self, who: str, action: str, record: InteractionRecord) -> None:
        """What one person saw in reply (first lines)."""
        privacy = "only they see it" if record.ephemeral else "visible to all"
        text = self.readable(record.text()).strip().splitlines() or ["(no answer!)"]
        self.say(f"  {who} {action} → {text[0]}   [{privacy}]")
        for line in text[1:4]:
            if line.strip():
                self.say(f"      {textwrap.shorten(line, 110)}")


async def run_demo(*, quiet: bool = False) -> int:
    """Play the day and print it; returns a process exit code."""
    started = time.monotonic()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    catalog = load_catalog(bundled_scenarios())
    world = World.from_config(WORLD)
    clock = ManualClock(START)
    show = Printer(world, clock, quiet)
    guild = world.guild("Tienda Demo")
    sim = Simulator(world)
    await sim.start()
    configure_endpoints(sim.api_url, sim.gateway_url)
    with tempfile.TemporaryDirectory(prefix="momentos-demo-") as scratch:
        db_path = Path(scratch) / "momentos.db"
        bot = await create_bot(
            db_path=db_path, catalog=catalog, clock=clock, guild_ready_timeout=0.05, run_scheduler=False
        )
        runner = asyncio.create_task(bot.start(sim.token))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            show.say("Momentos demo: the real bot (discord.py) against the local Discord simulator — no network,")
            show.say(f"a temporary SQLite database, {len(catalog.items)} bundled challenges.")
            show.say(f"Server «{guild.name}», timezone {TIMEZONE}.")
            summary = await _play(bot, sim, world, clock, show)
        finally:
            await bot.close()
            await asyncio.wait_for(runner, 10)
            await sim.stop()
    elapsed = time.monotonic() - started
    problems = sim.unhandled
    print(
        f"\nDemo finished in {elapsed:.1f} s: {summary['posts']} posts, {summary['clicks']} clicks, "
        f"{summary['scored']} scored, {summary['points']} points in the ledger"
        + (f"; {len(problems)} unimplemented simulator calls!" if problems else ".")
    )
    return 1 if problems or summary["posts"] != 2 else 0


async def _play(bot: MomentosBot, sim: Simulator, world: World, clock: ManualClock, show: Printer) -> dict[str, int]:
    guild = world.guild("Tienda Demo")
    general = guild.channel("general")
    manager = guild.member("gerente")
    clicks = 0

    show.heading("the manager sets up two teams and the schedule")
    for name in ("Ventas", "Caja"):
        record = await sim.command(
            manager, general, "team add", name=name, channel=guild.channel(name.lower()), role=guild.role(name)
        )
        show.answer("gerente", f"/team add {name} #{name.lower()} @{name}", await record.settled())
    record = await sim.command(manager, general, "config schedule", time="09:00", timezone=TIMEZONE, weekdays="lun-vie")
    show.answer("gerente", f"/config schedule 09:00 {TIMEZONE} lun-vie", await record.settled())

    clock.set(START + timedelta(minutes=5))
    show.heading("the scheduler finds both teams due and posts today's challenge")
    results = await bot.scheduler.tick()
    posts = {
        name: sim.messages(guild.channel(name))[-1] for name in ("ventas", "caja") if sim.messages(guild.channel(name))
    }
    for name, message in posts.items():
        show.message(f"#{name}", message)

    clock.advance(minutes=7)
    show.heading("members answer with the buttons")
    item_id = (await bot.services.storage.database.fetchone("SELECT item_id FROM posts LIMIT 1") or ["?"])[0]
    item = bot.services.catalog.items[str(item_id)]
    right = item.correct_index or 0
    wrong = (right + 1) % len(item.choices)
    letters = "ABCDE"
    for who, channel, correct in ANSWERS:
        choice = right if correct else wrong
        record = await sim.click(guild.member(who), posts[channel], posts[channel].custom_ids[choice])
        show.answer(f"{who} (#{channel})", f"presses {letters[choice]}", await record.settled())
        clicks += 1
    record = await sim.click(guild.member("ana"), posts["ventas"], posts["ventas"].custom_ids[wrong])
    show.answer("ana", f"presses {letters[wrong]} again", await record.settled())
    record = await sim.click(guild.member("fede"), posts["ventas"], posts["ventas"].custom_ids[right])
    show.answer("fede (no team role)", f"presses {letters[right]} in #ventas", await record.settled())
    clicks += 2

    clock.set(START + timedelta(hours=8, minutes=10))
    show.heading("the 8-hour answer window has closed")
    record = await sim.click(guild.member("gaby"), posts["caja"], posts["caja"].custom_ids[right])
    show.answer("gaby (#caja)", f"presses {letters[right]}", await record.settled())
    clicks += 1

    show.heading("boards")
    boards: list[tuple[dict[str, Any], str]] = [
        ({}, "/leaderboard"),
        ({"board": "people"}, "/leaderboard board:people"),
    ]
    for options, label in boards:
        record = await (await sim.command(guild.member("bruno"), general, "leaderboard", **options)).settled()
        show.say(f"  {label}  [{'only they see it' if record.ephemeral else 'visible to all'}]")
        for line in show.readable(record.text()).splitlines():
            show.say(f"  │ {line}")
    record = await (await sim.command(guild.member("ana"), general, "me")).settled()
    show.say("  /me (ana)  [only she sees it]")
    for line in show.readable(record.text()).splitlines():
        show.say(f"  │ {line}")

    ledger = await bot.services.storage.database.fetchone("SELECT COUNT(*), COALESCE(SUM(points), 0) FROM point_events")
    assert ledger is not None
    assert len(results) == len(posts)
    return {"posts": len(posts), "clicks": clicks, "scored": int(ledger[0]), "points": int(ledger[1])}
