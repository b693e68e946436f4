"""`momentos demo`: eight working weeks, offline — the real bot, the local Discord simulator, a temporary database.

Everything shown is what the simulator received from the unmodified discord.py client: the posts in the
team channels, the private answers each member saw, the private reviews of what they got wrong, and the boards.
The first week is told in detail; the next two a line a day, with the reviews, until /me shows a mastery.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import App, open_app
from bot.cli.settings import bundled_scenarios, database_url_setting
from bot.content.loader import load_catalog
from bot.discord.client import MomentosBot
from bot.discord.endpoints import configure_endpoints
from bot.discord.texts import t
from bot.domain.clock import ManualClock
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import Message, World
from bot.storage import StorageError
from bot.storage.database import is_postgres_url, redact

TIMEZONE = "America/Mexico_City"
START = datetime(2026, 10, 5, 14, 55, tzinfo=UTC)  # Monday 08:55 in Mexico City (UTC-6 all year)
IDS = datetime(2026, 11, 23, 14, 55, tzinfo=UTC)  # the server's ids (and so its rotation) are fixed by this instant
WORLD: dict[str, Any] = {
    "guilds": [
        {
            "name": "Tienda Demo",
            "locale": "es-ES",
            "roles": [
                {"name": "Ventas"},
                {"name": "Caja"},
                {"name": "Gerencia", "permissions": ["manage_guild"]},
                {"name": "Líder Caja"},
            ],
            "channels": [{"name": "general"}, {"name": "ventas"}, {"name": "caja"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                {"name": "ana", "roles": ["Ventas"]},
                {"name": "bruno", "roles": ["Ventas"]},
                {"name": "carla", "roles": ["Ventas"]},
                {"name": "diego", "roles": ["Caja", "Líder Caja"]},
                {"name": "elena", "roles": ["Caja"]},
                {"name": "gaby", "roles": ["Caja"]},
                {"name": "fede", "roles": []},
            ],
        }
    ]
}


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
        text = re.sub(r"</([^:>]+):\d+>", r"/\1", text)  # a command mention reads as the command
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


DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes")
WEEKS = 8  # two calendar months of play: enough for /insights to name a weakest step and its trend
# When each member answers (minutes after 09:00) and whether they get it right, Monday to Friday;
# None = not answering that day (gaby misses days: her streak breaks; the others build theirs).
PLAY: dict[str, tuple[str, int, tuple[bool | None, ...]]] = {
    "ana": ("ventas", 1, (True, True, True, True, True)),
    "bruno": ("ventas", 25, (True, False, True, False, True)),
    "carla": ("ventas", 180, (True, True, False, True, True)),
    "diego": ("caja", 3, (True, True, True, True, True)),
    "elena": ("caja", 95, (False, True, True, True, False)),
    "gaby": ("caja", 45, (True, None, None, True, True)),
}
REFLECTIONS = {
    "ana": "Una vez prometí a una clienta que su pedido llegaría el viernes sin confirmarlo con bodega. No llegó y "
    "tuve que llamarla para disculparme. Ahora solo prometo lo que puedo cumplir y aviso antes si algo cambia.",
    "bruno": "Cuando un cliente llega molesto, lo primero que hago es escucharlo sin interrumpir y mirarlo a los "
    "ojos. Antes me defendía enseguida y la conversación empeoraba; escuchar primero me cambió el día.",
    "diego": "En caja atiendo rápido, pero me di cuenta de que a veces no saludo. Voy a saludar a cada cliente "
    "aunque haya fila: es el primer momento de verdad y se nota cuando lo cuido.",
}
DEMO_OUTPUT = Path("demo-output")


def _postgres_from_env() -> str | None:
    """MOMENTOS_DATABASE_URL (or DATABASE_URL) when it names a PostgreSQL server: `make demo` then plays there."""
    url = database_url_setting(os.environ)
    return url if url is not None and is_postgres_url(url) else None


async def run_demo(*, quiet: bool = False, output: Path = DEMO_OUTPUT, database_url: str | None = None) -> int:
    """Play the working weeks and print them; returns a process exit code.

    With `database_url` (a PostgreSQL server) the weeks are played there; it must be empty, since the demo's
    story (and its checks) start from nothing."""
    database_url = database_url or _postgres_from_env()
    if database_url is not None and not is_postgres_url(database_url):
        print(f"momentos demo: --database-url must be postgresql://…, got {redact(database_url)!r}", file=sys.stderr)
        return 2
    started = time.monotonic()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    catalog = load_catalog(bundled_scenarios())
    # Reproducible ids make the server, and so the week's rotation, the same on every run.
    world = World.from_config(WORLD, Snowflakes(fixed_start=IDS.timestamp()))
    clock = ManualClock(START)
    show = Printer(world, clock, quiet)
    guild = world.guild("Tienda Demo")
    sim = Simulator(world)
    await sim.start()
    configure_endpoints(sim.api_url, sim.gateway_url)
    with tempfile.TemporaryDirectory(prefix="momentos-demo-") as scratch:
        database: str | Path = database_url or Path(scratch) / "momentos.db"
        try:
            app = await open_app(
                database=database, catalog=catalog, clock=clock, guild_ready_timeout=0.05, run_scheduler=False
            )
        except StorageError as error:
            await sim.stop()
            print(f"momentos demo: {error}", file=sys.stderr)
            return 2
        if database_url and await app.storage.database.fetchone("SELECT 1 FROM teams LIMIT 1") is not None:
            await app.storage.close()
            await sim.stop()
            print(
                f"momentos demo: {redact(database_url)} already holds teams; the demo plays on an empty database"
                " (create one, e.g. `createdb momentos_demo`, and point --database-url at it)",
                file=sys.stderr,
            )
            return 2
        bot = app.bot
        runner = asyncio.create_task(bot.start(sim.token))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            show.say("Momentos demo: the real bot (discord.py) against the local Discord simulator — no network,")
            where = f"PostgreSQL at {redact(database_url)}" if database_url else "a temporary SQLite database"
            show.say(f"{where}, {len(catalog.items)} bundled challenges, a simulated clock.")
            show.say(f"Server «{guild.name}», timezone {TIMEZONE}: {WEEKS} working weeks, Monday to Friday.")
            summary = await _play_week(app, sim, world, clock, show, output)
        finally:
            await bot.close()
            await asyncio.wait_for(runner, 10)
            await sim.stop()
        if not database_url:  # kept for a look afterwards, or for `momentos migrate-db --from` it
            kept = output / "momentos.db"
            kept.unlink(missing_ok=True)
            shutil.copyfile(Path(scratch) / "momentos.db", kept)
            summary["database"] = str(kept)
    elapsed = time.monotonic() - started
    problems = sim.unhandled
    print(
        f"\nDemo finished in {elapsed:.1f} s: {summary['posts']} posts, {summary['clicks']} clicks, "
        f"{summary['reflections']} reflections, {summary['reviews']} reviews ({summary['mastered']} mastered), "
        f"{summary['points']} points in the ledger; "
        f"charts written to {summary['chart']} and {summary['insights']}"
        + (f"; the database is kept in {summary['database']}" if "database" in summary else "")
        + (f"; {len(problems)} unimplemented simulator calls!" if problems else ".")
    )
    failed = problems or summary["posts"] != 10 * WEEKS or not summary["announced"] or not summary["reviews"]
    return 1 if failed else 0


async def _click(sim: Simulator, world: World, who: str, message: Message, choice: int) -> InteractionRecord:
    guild = world.guild("Tienda Demo")
    return await (await sim.click(guild.member(who), message, message.custom_ids[choice])).settled()


async def _play_week(
    app: App, sim: Simulator, world: World, clock: ManualClock, show: Printer, output: Path
) -> dict[str, Any]:
    bot = app.bot
    guild = world.guild("Tienda Demo")
    general = guild.channel("general")
    manager = guild.member("gerente")
    clicks = reflections = reviews = mastered = 0
    letters = "ABCDE"

    show.heading("lunes — the manager sets up two teams and the schedule")
    for name in ("Ventas", "Caja"):
        record = await sim.command(
            manager, general, "team add", name=name, channel=guild.channel(name.lower()), role=guild.role(name)
        )
        show.answer("gerente", f"/team add {name} #{name.lower()} @{name}", await record.settled())
    record = await sim.command(manager, general, "config schedule", time="09:00", timezone=TIMEZONE, weekdays="lun-vie")
    show.answer("gerente", f"/config schedule 09:00 {TIMEZONE} lun-vie", await record.settled())

    posts_made = 0
    announced: list[Message] = []
    chart_path = "—"
    for week in range(WEEKS):
        detailed = week == 0
        if week == 1:
            show.heading(f"weeks 2 to {WEEKS} — a line a day: the day's answers, then the reviews people asked for")
        for index, day_name in enumerate(DAYS):
            nine = START + timedelta(days=7 * week + index, minutes=5)  # 09:00 local
            clock.set(nine)
            await bot.scheduler.tick()
            posts = {name: sim.messages(guild.channel(name))[-1] for name in ("ventas", "caja")}
            posts_made += len([m for m in posts.values() if m.custom_ids])
            item_id = (
                await app.storage.database.fetchone("SELECT item_id FROM posts ORDER BY post_id DESC LIMIT 1") or ["?"]
            )[0]
            item = bot.services.catalog.items[str(item_id)]
            right = item.correct_index or 0
            wrong = (right + 1) % len(item.choices)
            kind = "scenario" if item.reflection else "quiz"
            title = item.title.get("es")
            if detailed:
                show.heading(f"{day_name} — the scheduler posts today's {kind} in both team channels: «{title}»")
            if detailed and index == 0:
                show.message("#ventas", posts["ventas"])
            day_right = day_answers = 0
            reviewed: list[str] = []
            for who, (channel, minutes, plan) in sorted(PLAY.items(), key=lambda entry: entry[1][1]):
                if plan[index] is None:
                    continue
                clock.set(nine + timedelta(minutes=minutes))
                choice = right if plan[index] else wrong
                record = await _click(sim, world, who, posts[channel], choice)
                clicks += 1
                day_answers += 1
                day_right += bool(plan[index])
                if detailed and index == 0:
                    show.answer(
                        f"{who} (#{channel}, {clock.now().astimezone(show.zone):%H:%M})",
                        f"presses {letters[choice]}",
                        record,
                    )
                elif detailed:
                    seen = show.readable(record.text()).splitlines()[0]
                    show.say(f"  {who} at {clock.now().astimezone(show.zone):%H:%M} presses {letters[choice]} → {seen}")
                told = detailed and index == 3 and who == "elena"
                if told:
                    show.say("  elena got Monday's wrong: three days later, 🔁 Repasar brings it back, privately")
                done, masteries = await _review(
                    app, sim, world, show, who, posts[channel], first=told, mastery=not mastered
                )
                reviews += done
                mastered += masteries
                if done:
                    reviewed.append(f"{who} {done}" + (f" (🎓 {masteries} mastered)" if masteries else ""))
            if detailed and index == 0:
                again = await _click(sim, world, "ana", posts["ventas"], wrong)
                show.answer("ana", f"presses {letters[wrong]} again", again)
                outsider = await _click(sim, world, "fede", posts["ventas"], right)
                show.answer("fede (no team role)", "presses a button in #ventas", outsider)
                clicks += 2
            if detailed and reviewed:
                show.say(f"  reviews today (🔁, private): {', '.join(reviewed)}")
            elif not detailed:
                local = clock.now().astimezone(show.zone)
                quoted = _quoted(textwrap.shorten(title, 48))
                show.say(
                    f"  {day_name} {local:%d %b} · {quoted} · {day_right}/{day_answers} right"
                    f" · reviews: {', '.join(reviewed) or 'none due'}"
                )
            if detailed and item.reflection is not None:
                reflections += await _reflect(bot, sim, world, clock, show, posts)
            clock.set(nine + timedelta(hours=8, minutes=5))
            await bot.scheduler.tick()
            if not detailed:
                continue
            revealed = sim.world.messages[posts["ventas"].id]
            summary = next(
                (f["value"] for e in revealed.embeds for f in e.get("fields", []) if "respondió" in f.get("name", "")),
                "—",
            )
            shares = show.readable(summary)
            show.heading(f"{day_name} — the window closed: the post is revealed, buttons disabled · #ventas: {shares}")
            if index == 0:  # what the reveal adds to the post (the step and dimensions were not on it)
                for field in revealed.embeds[0].get("fields", []):
                    if field.get("name") in (t("es", "reveal.trains"), t("es", "reveal.source")):
                        show.say(f"  │ {field['name']}")
                        for line in show.readable(field.get("value", "")).splitlines():
                            for wrapped in textwrap.wrap(line, 92) or [""]:
                                show.say(f"  │   {wrapped}")
            if item.reflection is not None:
                await _after_close(sim, world, show, posts)

        clock.set(START + timedelta(days=7 * week + 4, hours=8, minutes=10))
        if detailed:
            show.heading("viernes — the weekly announcement (results frozen at 17:00), with its chart")
        await bot.scheduler.tick()
        found = [m for m in sim.messages(general) if m.attachments and m.embeds]
        if not found or (announced and found[-1].id == announced[-1].id):
            continue
        message = found[-1]
        announced.append(message)
        lines = show.readable(message.text()).splitlines()
        for line in lines if detailed else lines[:1]:
            show.say(f"  │ {line}")
        name, data = next(iter(message.files.items()))
        week_label = bot.services.clock.now().astimezone(show.zone).isocalendar()
        target = output / f"momentos-{week_label[0]}-W{week_label[1]:02d}.png"
        await asyncio.to_thread(_save, target, data)
        chart_path = str(target) if detailed else chart_path
        if detailed:
            show.say(f"  └ attachment {name} ({len(data)} bytes) → saved as {target}")

    show.heading(f"boards after {WEEKS} weeks")
    boards: list[tuple[str, dict[str, Any]]] = [("/leaderboard", {}), ("/leaderboard board:steps", {"board": "steps"})]
    for label, options in boards:
        record = await (await sim.command(guild.member("bruno"), general, "leaderboard", **options)).settled()
        show.say(f"  {label}  [{'only they see it' if record.ephemeral else 'visible to all'}]")
        for line in show.readable(record.text()).splitlines():
            show.say(f"  │ {line}")
    record = await (await sim.command(guild.member("ana"), general, "me")).settled()
    show.say("  /me (ana)  [only she sees it]")
    for line in show.readable(record.text()).splitlines():
        show.say(f"  │ {line}")

    insight_chart = await _insights(sim, world, show, output)

    ledger = await app.storage.database.fetchone("SELECT COUNT(*), COALESCE(SUM(points), 0) FROM point_events")
    assert ledger is not None
    return {
        "insights": insight_chart,
        "posts": posts_made,
        "clicks": clicks,
        "reflections": reflections,
        "reviews": reviews,
        "mastered": mastered,
        "points": int(ledger[1]),
        "announced": len(announced) == WEEKS,
        "chart": chart_path,
    }


async def _insights(sim: Simulator, world: World, show: Printer, output: Path) -> str:
    """The manager's /insights with its heat map, a team lead's (their team only), a member's (refused)."""
    guild = world.guild("Tienda Demo")
    general = guild.channel("general")
    show.heading("coaching insight — where to coach, not who has the most points")
    led = await sim.command(
        guild.member("gerente"), general, "team edit", name="Caja", lead_role=guild.role("Líder Caja")
    )
    show.answer("gerente", "/team edit Caja lead_role:@Líder Caja", await led.settled())
    record = await (await sim.command(guild.member("gerente"), general, "insights", period="month")).settled()
    show.say(f"  /insights period:month (gerente)  [{'only they see it' if record.ephemeral else 'visible to all'}]")
    for line in show.readable(record.text()).splitlines():
        for wrapped in textwrap.wrap(line, 110) or [""]:
            show.say(f"  │ {wrapped}")
    target = "—"
    files = record.messages[0].files if record.messages else {}
    if files:
        name, data = next(iter(files.items()))
        week = show.clock.now().astimezone(show.zone)
        path = output / f"momentos-insights-{week:%Y-%m}.png"
        await asyncio.to_thread(_save, path, data)
        target = str(path)
        show.say(f"  └ attachment {name} ({len(data)} bytes) → saved as {path}")
    lead = await (await sim.command(guild.member("diego"), general, "insights")).settled()
    first = show.readable(lead.text()).splitlines()
    teams = [line.split(" — ")[0] for line in first if line.startswith("Caja —") or line.startswith("Ventas —")]
    show.say(f"  diego (lead of Caja) runs /insights → sees {', '.join(teams) or 'no team'}   [only they see it]")
    refused = await (await sim.command(guild.member("ana"), general, "insights")).settled()
    show.answer("ana (a seller)", "runs /insights", refused)
    return target


def _quoted(title: str) -> str:
    """A title in «», unless it is a quote already."""
    return title if title.startswith("«") else f"«{title}»"


async def _review(
    app: App, sim: Simulator, world: World, show: Printer, who: str, post: Message, *, first: bool, mastery: bool
) -> tuple[int, int]:
    """`who` presses 🔁 on the day's post and answers every review offered (right: they read the explanation).

    Returns the reviews done and how many of them made an item mastered. `first` prints these reviews in full,
    `mastery` the one that makes an item mastered."""
    member = world.guild("Tienda Demo").member(who)
    button = next(custom_id for custom_id in post.custom_ids if custom_id.startswith("momentos:reviews:"))
    done = mastered = 0
    while True:
        offered = await (await sim.click(member, post, button)).settled()
        message = offered.messages[0] if offered.messages else None
        if message is None or not message.embeds:
            if first and done:
                show.say(f"  {who} presses 🔁 again → {show.readable(offered.text())}")
            return done, mastered
        button_a = next(custom_id for custom_id in message.custom_ids if custom_id.startswith("momentos:review:"))
        row = await app.storage.database.fetchone(
            "SELECT item_id FROM reviews WHERE review_id = ?", (int(button_a.split(":")[2]),)
        )
        assert row is not None
        item = app.bot.services.catalog.items[str(row[0])]
        right = item.correct_index or 0
        scored = await (await sim.click(member, message, message.custom_ids[right])).settled()
        done += 1
        lines = [line for line in show.readable(scored.text()).splitlines() if line.strip()]
        earned = next((line for line in lines if line.startswith("🎓")), None)
        mastered += earned is not None
        if first or (mastery and earned):
            title = show.readable(message.embeds[0]["title"])
            show.say(f"  {who} presses 🔁 Repasar → {title}   [only they see it]")
            show.say(f"  {who} presses {'ABCDE'[right]} → {lines[0]}")
            for line in lines[1:3]:
                show.say(f"      {textwrap.shorten(line, 110)}")
            if earned:
                show.say(f"      {earned}")
                mastery = False


def _save(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


async def _reflect(
    bot: MomentosBot, sim: Simulator, world: World, clock: ManualClock, show: Printer, posts: dict[str, Message]
) -> int:
    """Three members write reflections on a scenario day."""
    guild = world.guild("Tienda Demo")
    written = 0
    for who, text in REFLECTIONS.items():
        channel = PLAY[who][0]
        member = guild.member(who)
        button = next(custom_id for custom_id in posts[channel].custom_ids if custom_id.startswith("momentos:reflect:"))
        opened = await (await sim.click(member, posts[channel], button)).settled()
        if opened.modal is None:
            show.say(f"  {who} presses Reflexionar → {show.readable(opened.text())}")
            continue
        sent = await (await sim.submit_modal(member, opened, {"texto": text})).settled()
        show.say(f"  {who} writes a reflection → {show.readable(sent.text()).splitlines()[0]}")
        written += 1
    return written


async def _after_close(sim: Simulator, world: World, show: Printer, posts: dict[str, Message]) -> None:
    """Reflections appear in the thread after the close; a teammate gives kudos, the manager highlights one."""
    guild = world.guild("Tienda Demo")
    thread = sim.thread_of(posts["ventas"])
    if thread is None:
        return
    shown = [m for m in sim.messages(thread) if m.embeds]
    show.say(f"  the thread «{thread.name}» now shows {len(shown)} reflection(s) from #ventas")
    authors = {m.embeds[0].get("description", "").split(">")[0].removeprefix("<@"): m for m in shown}
    ana_reflection = authors.get(str(guild.member("ana").user.id))
    bruno_reflection = authors.get(str(guild.member("bruno").user.id))
    if ana_reflection is not None:
        kudos = next(c for c in ana_reflection.custom_ids if c.startswith("momentos:kudos:"))
        record = await (await sim.click(guild.member("carla"), ana_reflection, kudos)).settled()
        show.say(f"  carla gives ana's reflection kudos → {show.readable(record.text())}")
        mine = await (await sim.click(guild.member("ana"), ana_reflection, kudos)).settled()
        show.say(f"  ana tries to give herself kudos → {show.readable(mine.text())}")
    if bruno_reflection is not None:
        star = next(c for c in bruno_reflection.custom_ids if c.startswith("momentos:highlight:"))
        record = await (await sim.click(guild.member("gerente"), bruno_reflection, star)).settled()
        show.say(f"  gerente highlights bruno's reflection → {show.readable(record.text())}")
        note = await sim.wait_for_message(guild.channel("ventas"), lambda m: "⭐" in m.content)
        show.say(f"  #ventas: {show.readable(note.content).splitlines()[0]}")
