"""Restart storm: 50 simulated days, 5 teams in two time zones, the bot restarted at the worst moments.

The bot runs its real scheduler loop (`Scheduler.run`: recover, tick, sleep until the next wake-up) on a
`ManualClock`. The drill jumps the clock from one instant of interest to the next and pokes the loop
there, as its own timer would wake it: the bot's next wake-up (read from the same three sources
`Scheduler._sleep` reads), random instants (the loop's idle wake-ups), and the storm. The loop's
60-second idle cap is skipped: an idle tick changes nothing, and a wake-up the bot forgot shows up here
as something that came late.

The storm (seeded `random.Random`): restarts just before, exactly at and just after post and
announcement times, through both DST nights, and at random; downtime spans (over a post time and back
the same local day; over a whole local day; over an announcement; across a DST change); and stops that
land on a tick in flight, between Discord accepting a message and the bot recording it: a SIGTERM (what
a restart is: `close()`) and a crash (nothing more of the tick runs).

Zones: Madrid (`Europe/Madrid`, falls back on Sunday 2026-10-25) and New York (`America/New_York`, falls
back on Sunday 2026-11-01), from Thursday 2026-10-01; both changes are inside the 50 days. Mexico City
would not do: it has had no DST since 2022. Madrid posts Monday to Friday at 09:00 with a reminder and
announces on Fridays at 17:00 in #general (office hours). New York is a night shift that posts every day
at 01:30 and announces on Sundays at 01:45 in its default channel (it has no system channel, so the first
team channel): on 2026-11-01 both times happen twice, which is the DST case that can double a post.

What is expected is derived from the storm alone, with the standard library's zone rules (no code of the
bot): a day's post appears at its post instant when the bot is up then, else when the bot comes back if
that is still the same local day, else never; the weekly announcement appears at its instant, else when
the bot comes back before the next week's instant (only the latest week is caught up), once the guild
has a post that week; reminders and reveals likewise. What was seen is read from the simulator's
channels (what members see, with the instant it first appeared) and cross-checked with the database.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.discord.scheduler import Scheduler
from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog
from bot.simulator.world import Message
from bot.storage.database import from_db
from tests.drills.conftest import DrillReport
from tests.e2e.harness import Harness, running

SEED = 20261001
START = datetime(2026, 10, 1, 4, 0, tzinfo=UTC)  # Thursday: 06:00 in Madrid, 00:00 in New York
DAYS = 50
END = START + timedelta(days=DAYS)
WINDOW = timedelta(hours=8)  # the default answer window
REMINDER_AT = 0.8  # of the window, as README says
RANDOM_RESTARTS = 24
RANDOM_TICKS_PER_DAY = 3
ANSWER_AFTER = timedelta(minutes=3)
SPEED_AT_3_MINUTES = 39  # the default speed bonus: 40, fading to 0 over 2 hours
PLAYERS = (("Tienda", "ventas", "ana"), ("Store", "sales", "sam"))  # (guild, team channel, member)

WORLD: dict[str, Any] = {
    "guilds": [
        {
            "name": "Tienda",
            "locale": "es-ES",
            "roles": [
                {"name": "Ventas"},
                {"name": "Caja"},
                {"name": "Almacen"},
                {"name": "Gerencia", "permissions": ["manage_guild"]},
            ],
            "channels": [{"name": "general"}, {"name": "ventas"}, {"name": "caja"}, {"name": "almacen"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                {"name": "ana", "roles": ["Ventas"]},
                {"name": "carla", "roles": ["Caja"]},
                {"name": "pablo", "roles": ["Almacen"]},
            ],
        },
        {
            "name": "Store",
            "locale": "en-US",
            "roles": [{"name": "Sales"}, {"name": "Front"}, {"name": "Managers", "permissions": ["manage_guild"]}],
            "channels": [{"name": "general", "system": False}, {"name": "sales"}, {"name": "front"}],
            "members": [
                {"name": "boss", "roles": ["Managers"]},
                {"name": "sam", "roles": ["Sales"]},
                {"name": "fay", "roles": ["Front"]},
            ],
        },
    ]
}


@dataclass(frozen=True)
class Plan:
    """One guild's settings, as its manager types them, and what they mean for the expectations."""

    guild: str
    manager: str
    timezone: str
    teams: tuple[tuple[str, str, str], ...]  # (team, channel, role)
    post_time: time
    weekdays: frozenset[int]
    weekdays_option: str
    announce_day: str
    announce_time: time
    announce_channel: str | None
    reminders: bool

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def at(self, day: date, wall: time) -> datetime:
        """`wall` on local `day` in UTC; fold=0 is the first of two repeated times (only fall-backs here)."""
        local = datetime.combine(day, wall, tzinfo=self.zone)
        assert local.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) == local.replace(tzinfo=None), (
            "no spring-forward gap in this span, so every wall time exists"
        )
        return local.astimezone(UTC)

    def day_of(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def week_of(self, day: date) -> str:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"


MADRID = Plan(
    guild="Tienda",
    manager="gerente",
    timezone="Europe/Madrid",
    teams=(("Ventas", "ventas", "Ventas"), ("Caja", "caja", "Caja"), ("Almacen", "almacen", "Almacen")),
    post_time=time(9, 0),
    weekdays=frozenset(range(1, 6)),
    weekdays_option="lun-vie",
    announce_day="fri",
    announce_time=time(17, 0),
    announce_channel="general",
    reminders=True,
)
NEW_YORK = Plan(
    guild="Store",
    manager="boss",
    timezone="America/New_York",
    teams=(("Sales", "sales", "Sales"), ("Front", "front", "Front")),
    post_time=time(1, 30),
    weekdays=frozenset(range(1, 8)),
    weekdays_option="todos",
    announce_day="sun",
    announce_time=time(1, 45),
    announce_channel=None,
    reminders=False,
)
PLANS = (MADRID, NEW_YORK)
DAY_NUMBER = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def madrid(y: int, m: int, d: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return MADRID.at(date(y, m, d), time(hh, mm, ss))


def new_york(y: int, m: int, d: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return NEW_YORK.at(date(y, m, d), time(hh, mm, ss))


def utc(y: int, m: int, d: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


# Downtime: the bot is stopped at the first instant (before it ticks) and started at the second.
SPANS: list[tuple[datetime, datetime, str]] = [
    (madrid(2026, 10, 6, 7, 40), madrid(2026, 10, 6, 12, 15), "Madrid down over its 09:00 post, back 12:15"),
    (
        new_york(2026, 10, 14, 23, 50),
        new_york(2026, 10, 15, 4, 10),
        "New York down over its 01:30 post, back 04:10 (Madrid's 09:00 missed too, back 10:10)",
    ),
    (
        madrid(2026, 10, 20, 22, 0),
        madrid(2026, 10, 22, 0, 20),
        "down the whole of Madrid's Wednesday 10-21 (New York's Wednesday resumes at 18:20 local)",
    ),
    (
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 40),
        "down across Madrid's DST change (02:30 CEST to 02:40 CET)",
    ),
    (
        madrid(2026, 10, 30, 16, 30),
        madrid(2026, 10, 31, 11, 0),
        "down over Madrid's Friday announcement (back Saturday) and New York's Saturday 01:30",
    ),
    (
        new_york(2026, 11, 7, 23, 0),
        new_york(2026, 11, 9, 0, 10),
        "down the whole of New York's Sunday 11-08, its post and its announcement",
    ),
]


# SIGTERM while the bot is sending: the stop lands between Discord accepting a message and the bot
# recording it (the bot restarts at the same instant).
SIGTERMS: list[tuple[datetime, str, str]] = [
    (madrid(2026, 10, 12, 9, 0), "post", "Madrid's three posts"),
    (new_york(2026, 10, 27, 1, 30), "post", "New York's two posts"),
    (madrid(2026, 10, 13, 15, 24), "reminder", "Madrid's reminders (09:00 + 80% of 8 h)"),
    (madrid(2026, 11, 3, 15, 24), "reminder", "Madrid's reminders"),
    (madrid(2026, 10, 23, 17, 0), "announcement", "Madrid's announcement"),
    (new_york(2026, 10, 25, 1, 45), "announcement", "New York's announcement"),
    (madrid(2026, 10, 14, 17, 0), "reveal", "Madrid's reveals (09:00 + 8 h)"),
    (new_york(2026, 10, 16, 9, 30), "reveal", "New York's reveals"),
]


# A crash at the same point: the tick dies right after Discord accepted the message (the bot is back at the
# same instant). Not posts: adopting one takes the message's Discord timestamp as its start, and the
# simulator's timestamps do not follow the simulated clock.
CRASHES: list[tuple[datetime, str, str]] = [
    (madrid(2026, 10, 27, 15, 24), "reminder", "Madrid's reminders"),
    (madrid(2026, 11, 6, 17, 0), "announcement", "Madrid's announcement"),
    (new_york(2026, 10, 11, 1, 45), "announcement", "New York's announcement"),
    (madrid(2026, 11, 4, 17, 0), "reveal", "Madrid's reveals"),
]


def deliberate_restarts() -> list[tuple[datetime, str]]:
    """Restarts just before, at and just after post and announcement times, and across both DST nights."""
    second = timedelta(seconds=1)
    restarts: list[tuple[datetime, str]] = []
    edges = [
        (madrid(2026, 10, 8, 9, 0), "Madrid post"),
        (madrid(2026, 11, 10, 9, 0), "Madrid post"),
        (new_york(2026, 10, 10, 1, 30), "New York post"),
        (new_york(2026, 11, 12, 1, 30), "New York post"),
        (madrid(2026, 10, 9, 17, 0), "Madrid announcement"),
        (madrid(2026, 11, 13, 17, 0), "Madrid announcement"),
        (new_york(2026, 10, 18, 1, 45), "New York announcement"),
    ]
    for instant, what in edges:
        restarts += [(instant - second, f"{what} -1s"), (instant, f"{what} exactly"), (instant + second, f"{what} +1s")]
    # Madrid, night of 10-24/25: 02:10 CEST, 02:50 and 03:00 CET (the downtime above spans the change).
    restarts += [(utc(2026, 10, 25, 0, 10), "Madrid DST night, first 02:10")]
    restarts += [(utc(2026, 10, 25, 1, 50), "Madrid DST night, second 02:50")]
    restarts += [(utc(2026, 10, 25, 2, 0), "Madrid DST night, 03:00 CET")]
    # New York, night of 10-31/11-01: 01:00 to 02:00 happens twice (EDT, then EST), with the post at 01:30
    # and the announcement at 01:45 in it.
    for instant, what in [
        (utc(2026, 11, 1, 5, 29, 59), "first 01:29:59 EDT"),
        (utc(2026, 11, 1, 5, 30), "first 01:30 EDT (post time)"),
        (utc(2026, 11, 1, 5, 30, 1), "first 01:30:01 EDT"),
        (utc(2026, 11, 1, 5, 45), "first 01:45 EDT (announcement time)"),
        (utc(2026, 11, 1, 6, 0), "01:00 EST (clocks go back)"),
        (utc(2026, 11, 1, 6, 15), "second 01:15 EST (before the post time on the wall clock)"),
        (utc(2026, 11, 1, 6, 30), "second 01:30 EST"),
        (utc(2026, 11, 1, 6, 45), "second 01:45 EST"),
    ]:
        restarts.append((instant, f"New York DST night, {what}"))
    return restarts


def down_at(instant: datetime) -> tuple[datetime, datetime] | None:
    """The downtime span the bot is in at `instant` (stopped before it ticks at `stop`, back at `start`)."""
    for stop, start, _ in SPANS:
        if stop <= instant < start:
            return stop, start
    return None


def first_tick_from(instant: datetime) -> datetime:
    """The first instant at or after `instant` at which the bot ticks (its wake-up, or its restart)."""
    span = down_at(instant)
    return instant if span is None else span[1]


@dataclass
class Storm:
    """The random part of the storm: restarts and idle ticks, besides the deliberate ones."""

    restarts: list[tuple[datetime, str]]
    ticks: list[datetime]

    @classmethod
    def build(cls, rng: random.Random) -> Storm:
        restarts = deliberate_restarts()
        margin = timedelta(minutes=1)
        for _ in range(RANDOM_RESTARTS):
            while True:
                instant = START + timedelta(seconds=rng.randrange(3600, DAYS * 86400 - 3600))
                if all(not (stop - margin <= instant <= start + margin) for stop, start, _ in SPANS):
                    break
            restarts.append((instant, "random"))
        deliberate = [instant for instant, _ in restarts] + [instant for instant, _, _ in SIGTERMS + CRASHES]
        assert all(down_at(instant) is None for instant in deliberate), "a restart inside a downtime span"
        ticks = [START + timedelta(seconds=rng.randrange(60, DAYS * 86400)) for _ in range(RANDOM_TICKS_PER_DAY * DAYS)]
        return cls(sorted(restarts), sorted(ticks))


@dataclass
class Seen:
    """What members saw, with the instant each thing first appeared."""

    posts: dict[int, datetime] = field(default_factory=dict)  # message id → first seen
    post_channel: dict[int, int] = field(default_factory=dict)
    closed: dict[int, datetime] = field(default_factory=dict)
    reminders: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))  # post message id
    announcements: list[tuple[int, str, datetime, int]] = field(default_factory=list)  # guild, week, seen, message
    scanned: int = 0

    def observe(self, h: Harness, now: datetime) -> list[Message]:
        """Read the channels after a step: new messages, and posts whose buttons were disabled (revealed).

        Returns the new posts.
        """
        messages = list(h.world.messages.values())
        bot_id = h.world.bot.id
        new: list[Message] = []
        for message in messages[self.scanned :]:
            if message.ephemeral or message.deleted or message.author.id != bot_id:
                continue
            if any(c.startswith("momentos:answer:") for c in message.custom_ids):
                self.posts[message.id] = now
                self.post_channel[message.id] = message.channel_id
                new.append(message)
            elif week := week_in_footer(message):
                assert message.guild_id is not None
                self.announcements.append((message.guild_id, week, now, message.id))
            elif message.content.startswith("⏰"):
                link = re.search(r"/(\d+)$", message.content.strip())
                assert link, message.content
                self.reminders[int(link.group(1))].append(now)
        self.scanned = len(messages)
        for message_id in self.posts:
            if message_id not in self.closed and is_revealed(h.world.messages[message_id]):
                self.closed[message_id] = now
        return new


def week_in_footer(message: Message) -> str | None:
    """The ISO week an announcement names in its footer ('Momentos · week 2026-W44 · results up to …')."""
    found = re.search(r"(?:semana|week) (\d{4}-W\d{2})", footer(message))
    return found.group(1) if found else None


def footer(message: Message) -> str:
    return " ".join(str((embed.get("footer") or {}).get("text", "")) for embed in message.embeds)


def is_revealed(message: Message) -> bool:
    """The answer buttons are disabled (🔁 Repasar stays enabled: reviews outlive the day)."""
    buttons = [
        c
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith("momentos:answer:")
    ]
    return bool(buttons) and all(c.get("disabled") for c in buttons)


async def configure(h: Harness, plan: Plan) -> None:
    """The manager's setup, typed as slash commands in #general."""
    guild = h.world.guild(plan.guild)
    manager, general = guild.member(plan.manager), guild.channel("general")

    async def run(path: str, **options: Any) -> None:
        record = await h.sim.command(manager, general, path, **options)
        await record.settled()
        assert record.messages, f"/{path} got no answer"

    for team, channel, role in plan.teams:
        await run("team add", name=team, channel=guild.channel(channel), role=guild.role(role))
    await run(
        "config schedule",
        time=plan.post_time.strftime("%H:%M"),
        timezone=plan.timezone,
        weekdays=plan.weekdays_option,
        reminder=plan.reminders,
    )
    channel = {"channel": guild.channel(plan.announce_channel)} if plan.announce_channel else {}
    await run("config announcements", day=plan.announce_day, time=plan.announce_time.strftime("%H:%M"), **channel)
    config = await h.running.services.setup.config(guild.id)
    assert config.schedule is not None and config.timezone == plan.timezone
    assert (config.announce_weekday, config.announce_time) == (DAY_NUMBER[plan.announce_day], plan.announce_time)
    assert len(await h.running.services.setup.teams(guild.id)) == len(plan.teams)


async def wake_after(h: Harness, now: datetime) -> datetime:
    """When the loop would wake next: the earliest of the three sources `Scheduler._sleep` reads."""
    services = h.running.services
    moments = [
        await services.posting.next_wakeup(now),
        await services.closing.next_event(now),
        await services.announcements.next_instant(now),
    ]
    wake = min(moment for moment in moments if moment is not None)
    assert wake > now, f"the loop would spin: its next wake-up {wake} is not after {now}"
    return wake


async def until(check: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait (real time) until `check()` holds: the loop runs in this event loop, between our awaits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not check():
        if loop.time() > deadline:
            raise TimeoutError("the scheduler loop did not settle")
        await asyncio.sleep(0.001)


def settled(scheduler: Scheduler, after: int) -> Callable[[], bool]:
    """The loop has finished a tick begun after `after` ticks (and holds no lock: it is asleep)."""
    return lambda: scheduler.ticks > after and not scheduler.lock.locked()


async def boot(h: Harness) -> None:
    """Start the bot with its real loop (recover, then a tick) and wait until that first tick is done."""
    bot = await h.start_bot(scheduler_loop=True)
    await until(settled(bot.scheduler, 0))


async def tick(h: Harness) -> None:
    """Wake the loop at the clock's instant, as its own timer would, and wait for that tick to finish."""
    scheduler = h.running.scheduler
    before = scheduler.ticks
    scheduler.poke()
    await until(settled(scheduler, before))


def sent(h: Harness, what: str, event: str, payload: dict[str, Any]) -> bool:
    """Whether a gateway event is the bot's `what` (post, reminder, announcement, reveal) reaching Discord."""
    message = h.world.messages.get(int(payload.get("id", 0)))
    if message is None or message.author.id != h.world.bot.id:
        return False
    if event == "MESSAGE_UPDATE":
        return what == "reveal" and is_revealed(message)
    if what == "post":
        return any(c.startswith("momentos:answer:") for c in message.custom_ids)
    if what == "reminder":
        return message.content.startswith("⏰")
    return what == "announcement" and week_in_footer(message) is not None


async def stop_while_sending(h: Harness, what: str, *, crash: bool) -> None:
    """Tick, and stop the bot the moment Discord has its `what` but before the bot has read Discord's answer.

    A SIGTERM (`close()`, what a restart does) lands on the tick in flight. A crash (power cut, SIGKILL)
    also stops the tick right there: nothing of it runs after that point.
    """
    gateway = h.sim.gateway
    dispatch = gateway.dispatch
    stopping: list[asyncio.Task[None]] = []

    async def trap(event: str, payload: dict[str, Any]) -> int:
        if not stopping and sent(h, what, event, payload):
            if crash:
                for task in asyncio.all_tasks():
                    if task.get_name() in ("momentos-tick", "momentos-scheduler"):
                        task.cancel()
            stopping.append(asyncio.create_task(h.stop_bot()))
        return await dispatch(event, payload)

    gateway.dispatch = trap  # type: ignore[method-assign]
    try:
        scheduler = h.running.scheduler
        before = scheduler.ticks
        scheduler.poke()
        await until(lambda: bool(stopping) or settled(scheduler, before)())
        assert stopping, f"nothing was sending a {what} at {h.clock.now()}: the drill missed its moment"
        await stopping[0]
    finally:
        del gateway.dispatch


def expected_posts() -> dict[tuple[str, str, date], datetime]:
    """(guild, team, local day) → when the post must appear, from the schedule and the downtime alone."""
    expected: dict[tuple[str, str, date], datetime] = {}
    for plan in PLANS:
        day = plan.day_of(START)
        while plan.at(day, time(0)) < END:
            due = plan.at(day, plan.post_time)
            if day.isoweekday() in plan.weekdays and START <= due < END:
                seen = first_tick_from(due)
                if plan.day_of(seen) == day and seen < END:  # caught up the same local day, never later
                    for team, _, _ in plan.teams:
                        expected[(plan.guild, team, day)] = seen
            day += timedelta(days=1)
    return expected


def expected_announcements(posts: dict[tuple[str, str, date], datetime]) -> dict[tuple[str, str], datetime]:
    """(guild, ISO week) → when its announcement must appear.

    At the announcement instant, or when the bot is back if it was down then, but only while that week is
    still the latest one due (before next week's instant) and once the guild has a post in that week.
    """
    expected: dict[tuple[str, str], datetime] = {}
    for plan in PLANS:
        monday = plan.day_of(START) - timedelta(days=plan.day_of(START).isoweekday() - 1)
        while plan.at(monday, time(0)) < END:
            weekday = DAY_NUMBER[plan.announce_day]
            instant = plan.at(monday + timedelta(days=weekday - 1), plan.announce_time)
            following = plan.at(monday + timedelta(days=weekday + 6), plan.announce_time)
            week = plan.week_of(monday)
            in_week = [seen for (g, _, day), seen in posts.items() if g == plan.guild and plan.week_of(day) == week]
            if instant >= START and in_week:
                at = max(first_tick_from(instant), min(in_week))
                if at < min(following, END):
                    expected[(plan.guild, week)] = at
            monday += timedelta(days=7)
    return expected


@pytest.mark.slow
@pytest.mark.timeout(120)  # ~20 s alone; room for a loaded CI machine
async def test_restart_storm_over_fifty_days(
    tmp_path: Path, catalog: Catalog, drill: DrillReport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="momentos")
    storm = Storm.build(random.Random(SEED))
    async with running(WORLD, catalog, tmp_path / "momentos.db", START) as h:
        # Seventy-five gateway sessions in seconds of real time: the production identify budget would make the
        # drill wait (by design, against crash loops); what is drilled here is the schedule, not that budget.
        h.identify_budget = IdentifyBudget(free=1000, cap=1000)
        for plan in PLANS:
            await configure(h, plan)
        await h.stop_bot()
        await boot(h)  # from here on, the real scheduler loop
        seen = Seen()
        seen.observe(h, START)

        # The timeline: (instant, order at that instant, kind, detail). At one instant a stop comes first
        # (the bot dies before it ticks), then a start, restart or SIGTERM in flight, then a random tick.
        events: list[tuple[datetime, int, str, str]] = []
        for stop, start, label in SPANS:
            events += [(stop, 0, "stop", label), (start, 1, "start", label)]
        events += [(instant, 1, "restart", label) for instant, label in storm.restarts]
        events += [(instant, 1, "sigterm", what) for instant, what, _ in SIGTERMS]
        events += [(instant, 1, "crash", what) for instant, what, _ in CRASHES]
        events += [(instant, 2, "tick", "random") for instant in storm.ticks]
        events.sort()
        up, starts, wakeups = True, 1, 0
        players = {h.world.guild(guild).channel(channel).id for guild, channel, _ in PLAYERS}
        clicks: list[Click] = []
        while True:
            wake = await wake_after(h, h.clock.now()) if up else None
            if events and (wake is None or events[0][0] <= wake):
                instant, _, kind, detail = events.pop(0)
            elif wake is not None:
                instant, kind, detail = wake, "wake", ""
            else:
                raise AssertionError("the bot is down with nothing left to start it")
            if instant >= END:
                break
            if kind in ("stop", "restart"):
                await h.stop_bot()
            h.clock.set(instant)
            if kind in ("sigterm", "crash"):
                await stop_while_sending(h, detail, crash=kind == "crash")
            if kind in ("start", "restart", "sigterm", "crash"):
                await boot(h)
                starts += 1
            elif kind in ("wake", "tick") and up:  # nobody ticks a stopped bot
                wakeups += kind == "wake"
                await tick(h)
            elif kind == "click":
                clicks.append(await answer(h, h.world.messages[int(detail)], up=up))
            up = kind != "stop" and (up or kind == "start")
            for post in seen.observe(h, instant):
                if post.channel_id in players:  # ana and sam answer their team's post 3 minutes after it appears
                    bisect.insort(events, (instant + ANSWER_AFTER, 3, "click", str(post.id)))
        assert up, "the drill ends with the bot running, to read its database"

        posts = expected_posts()
        announcements = expected_announcements(posts)
        await check(h, seen, posts, announcements, drill, starts=starts, wakeups=wakeups, restarts=storm.restarts)
        check_answers(h, clicks, drill)
    ours = [r for r in caplog.records if r.name.startswith("momentos")]
    problems = [r.getMessage() for r in ours if r.levelno >= logging.WARNING]
    assert problems == [], f"the storm left warnings or errors in the log: {problems[:5]}"


@dataclass(frozen=True)
class Click:
    """A member's press of the right answer, and the private reply it got (None: the bot was down)."""

    member: str
    post: Message
    at: datetime
    reply: str | None


async def answer(h: Harness, post: Message, *, up: bool) -> Click:
    """The team's player presses the right choice of `post` (nobody answers while the bot is down)."""
    guild_name, _, name = next(p for p in PLAYERS if h.world.guild(p[0]).channel(p[1]).id == post.channel_id)
    if not up:
        return Click(name, post, h.clock.now(), None)
    _, right, _ = await h.item_of(post)
    record = await h.sim.click(h.world.guild(guild_name).member(name), post, post.custom_ids[right])
    await record.settled()
    assert record.ephemeral
    return Click(name, post, h.clock.now(), record.text())


def check_answers(h: Harness, clicks: list[Click], drill: DrillReport) -> None:
    """Every right answer 3 minutes after its post scores 100 + 39 (speed from when the post really went
    out, restarts or not) + the streak, which only a team day with a post and no answer may break."""
    by_member: dict[str, list[Click]] = defaultdict(list)
    for click in clicks:
        by_member[click.member].append(click)
    scored = 0
    for member, own in by_member.items():
        run = 0
        for click in sorted(own, key=lambda c: c.at):
            if click.reply is None:
                run = 0
                continue
            run += 1
            points = 100 + SPEED_AT_3_MINUTES + min(10 * (run - 1), 50)
            assert f"+{points} " in click.reply.splitlines()[0], (member, click.at, points, click.reply[:200])
            scored += 1
    unanswered = sum(1 for click in clicks if click.reply is None)
    drill.held(
        f"answers: {scored} right answers by ana (Madrid) and sam (New York) 3 minutes after each of their "
        f"team's posts ({unanswered} while the bot was down), each scored 100 + 39 speed from the moment the "
        f"post went out + the streak, kept through the days the bot was down (no post, no break)"
    )


async def check(
    h: Harness,
    seen: Seen,
    expected: dict[tuple[str, str, date], datetime],
    announced: dict[tuple[str, str], datetime],
    drill: DrillReport,
    *,
    starts: int,
    wakeups: int,
    restarts: list[tuple[datetime, str]],
) -> None:
    """Compare what members saw with what the schedule promised, and both with the database."""
    guild_of = {h.world.guild(plan.guild).id: plan for plan in PLANS}
    rows = await h.rows(
        "SELECT p.guild_id, t.name AS team, p.local_date, p.status, p.message_id, p.posted_at, p.closed_at"
        " FROM posts p JOIN teams t ON t.team_id = p.team_id"
    )
    by_message = {row["message_id"]: row for row in rows}
    assert [row for row in rows if row["status"] != "posted" or row["message_id"] is None] == []

    # Posts, as members saw them: one per (team, day), at the instant the schedule says.
    shown: dict[tuple[str, str, date], datetime] = {}
    per_day: Counter[tuple[str, str, date]] = Counter()
    passed = 0
    for message_id, first_seen in seen.posts.items():
        row = by_message.get(message_id)
        assert row is not None, f"message {message_id} looks like a post but the database has no such post"
        plan = guild_of[row["guild_id"]]
        day = date.fromisoformat(row["local_date"])
        channel = h.world.guild(plan.guild).channel(next(c for t, c, _ in plan.teams if t == row["team"]))
        assert seen.post_channel[message_id] == channel.id, f"{row['team']}'s post went to another channel"
        assert from_db(row["posted_at"]) == first_seen, "the database's posting time is not when it appeared"
        key = (plan.guild, row["team"], day)
        per_day[key] += 1
        shown[key] = first_seen
        passed += plan.day_of(first_seen) != day
    doubled = {key: n for key, n in per_day.items() if n > 1}
    assert doubled == {}, f"posts doubled: {doubled}"
    assert passed == 0, "a post appeared on a later local day than its own"
    missing = sorted(set(expected) - set(shown))
    extra = sorted(set(shown) - set(expected))
    assert (missing, extra) == ([], []), f"posts missing {missing}, posts not expected {extra}"
    late = {key: (shown[key], expected[key]) for key in expected if shown[key] != expected[key]}
    assert late == {}, f"posts that appeared at another instant than due (seen, expected): {late}"
    assert len(rows) == len(seen.posts), "the database has posts nobody saw (or the other way round)"

    # Reveals and reminders (Madrid reminds at 80% of the window), once each, when due or on return.
    closes = reminders = 0
    for message_id, first_seen in seen.posts.items():
        plan = guild_of[by_message[message_id]["guild_id"]]
        closes_at = first_seen + WINDOW
        if closes_at < END:
            due_close = first_tick_from(closes_at)
            assert seen.closed.get(message_id) == due_close, (message_id, seen.closed.get(message_id), due_close)
            assert by_message[message_id]["closed_at"] is not None
            closes += 1
        moment = first_seen + WINDOW * REMINDER_AT
        due_reminder = first_tick_from(moment)
        want = [due_reminder] if plan.reminders and moment < END and due_reminder < closes_at else []
        assert seen.reminders.get(message_id, []) == want, (message_id, seen.reminders.get(message_id), want)
        reminders += len(want)
    assert set(seen.reminders) <= set(seen.posts), "a reminder points at a message that is not a post"

    # Weekly announcements: once per guild and week, when due or caught up.
    shown_weeks: dict[tuple[str, str], datetime] = {}
    per_week: Counter[tuple[str, str]] = Counter()
    for guild_id, week, first_seen, _ in seen.announcements:
        key = (guild_of[guild_id].guild, week)
        per_week[key] += 1
        shown_weeks[key] = first_seen
    assert {key: n for key, n in per_week.items() if n > 1} == {}, "an announcement doubled"
    assert shown_weeks == announced, (sorted(shown_weeks.items()), sorted(announced.items()))
    stored = await h.rows("SELECT guild_id, week, status, message_id FROM announcements")
    assert sorted((guild_of[r["guild_id"]].guild, r["week"], r["status"], r["message_id"]) for r in stored) == sorted(
        (guild_of[g].guild, w, "posted", m) for g, w, _, m in seen.announcements
    )
    for guild_id, week, _, message_id in seen.announcements:
        plan = guild_of[guild_id]
        cutoff = announcement_instant(plan, week).astimezone(plan.zone)
        assert f"{cutoff:%Y-%m-%d %H:%M}" in footer(h.world.messages[message_id]), "results not frozen at the due time"
    madrid_channel = h.world.guild("Tienda").channel("general").id
    store_first_team = h.world.guild("Store").channel("front").id  # Front comes first in /team list (by name)
    for guild_id, _, _, message_id in seen.announcements:
        where = h.world.messages[message_id].channel_id
        assert where == (madrid_channel if guild_of[guild_id] is MADRID else store_first_team), (
            guild_of[guild_id].guild,
            [c.name for c in h.world.guild(guild_of[guild_id].guild).channels.values() if c.id == where],
        )

    on_time = {key: PLAN[key[0]].at(key[2], PLAN[key[0]].post_time) for key in expected}
    catch_ups = sum(1 for key, at in expected.items() if at != on_time[key])
    caught_weeks = sum(1 for (guild, week) in announced if down_at(announcement_instant(PLAN[guild], week)))
    deliberate = sum(1 for _, why in restarts if why != "random")
    drill.tried(
        f"{DAYS} simulated days from {START:%Y-%m-%d}, 5 teams in 2 guilds (Europe/Madrid mon-fri 09:00, "
        f"America/New_York every day 01:30), both DST fall-backs inside; {starts} bot starts: {len(restarts)} "
        f"restarts ({deliberate} deliberate at post/announcement edges and DST nights, {len(restarts) - deliberate} "
        f"random, seed {SEED}), {len(SIGTERMS)} SIGTERMs and {len(CRASHES)} crashes while a post, reminder, "
        f"announcement or reveal was on its way to Discord, {len(SPANS)} downtime spans "
        f"({sum((b - a for a, b, _ in SPANS), timedelta())} down in all); {wakeups} scheduler wake-ups"
    )
    drill.held(
        f"posts: {len(expected)} expected, {len(seen.posts)} seen ({catch_ups} caught up on return the same "
        f"local day), 0 doubled, 0 for a day that had passed; each at its due instant or its restart"
    )
    drill.held(
        f"announcements: {len(announced)} expected, {len(seen.announcements)} seen ({caught_weeks} caught up), "
        f"0 doubled; reveals {closes} and reminders {reminders}, each once, when due; the database agrees"
    )


PLAN = {plan.guild: plan for plan in PLANS}


def announcement_instant(plan: Plan, week: str) -> datetime:
    """When `plan` announces ISO week `week` ('2026-W44')."""
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return plan.at(monday + timedelta(days=DAY_NUMBER[plan.announce_day] - 1), plan.announce_time)
