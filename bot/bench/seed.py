"""A year of history for the boards benchmark: one server, its teams, members, posts, answers and ledger.

`seed_history` writes a Momentos database directly with sqlite3 (the schema comes from the real
migrations, opened once with `Storage.open`), so a million ledger events take seconds, not hours. The game
is played as the bot would have played it: one post per team per working day at 09:00 in Mexico City,
most members answering most days (each at their own pace and accuracy), every point computed by the
domain's scoring rules (answer, speed, streak), reflections on scenarios with their kudos (daily and
per-reflection limits applied) and a manager's highlight now and then, and a sighting for every member
seen each day. The history ends at `end` (the benchmark's "now"); the ledger holds exactly `events` rows
when the year can produce them (the participation is steered day by day towards that figure, and the
last moments before `end` are cut so the total lands on it).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import time as timer
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.content.loader import load_catalog
from bot.domain.model import Item
from bot.domain.periods import week_of
from bot.domain.schedule import local_date, wall_clock_instant
from bot.domain.scoring import EventKind, ScoringRules, score_answer
from bot.storage import Storage
from bot.storage.boards import rebuild_statements
from bot.storage.database import to_db
from bot.storage.snapshot import dump_item
from bot.storage.teams import name_key

TIMEZONE = "America/Mexico_City"
POST_TIME = time(9, 0)
WINDOW = timedelta(minutes=480)
GUILD_ID = 900_000_000_000_000_001
CHANNEL_BASE = 910_000_000_000_000_000
ROLE_BASE = 920_000_000_000_000_000
USER_BASE = 930_000_000_000_000_000
MESSAGE_BASE = 940_000_000_000_000_000
THREAD_BASE = 950_000_000_000_000_000
ANNOUNCE_CHANNEL = 960_000_000_000_000_000
SEED_END_KEY = "bench.seed.end"
SEED_GUILD_KEY = "bench.seed.guild"
REFLECTION_BODY = (
    "Hoy aprendí que escuchar primero y preguntar después cambia la conversación con el cliente; "
    "mañana lo pongo en práctica con cada persona que atienda. "
)


@dataclass(frozen=True, slots=True)
class SeedSummary:
    """What `seed_history` wrote."""

    path: Path
    guild_id: int
    team_ids: tuple[int, ...]
    user_ids: tuple[int, ...] = field(repr=False)
    end: datetime
    first_day: date
    last_day: date
    posts: int
    answers: int
    events: int
    reflections: int
    kudos: int
    highlights: int
    sightings: int
    seconds: float

    def team_of(self, user_id: int) -> int:
        """The team a member belongs to at `end`."""
        index = self.user_ids.index(user_id)
        return self.team_ids[_final_team(index, len(self.team_ids))]


def _final_team(member: int, teams: int) -> int:
    """Members are dealt to teams in turn; every 50th (from the 8th) moved to the next team mid-year."""
    home = member % teams
    return (home + 1) % teams if _mover(member) and teams > 1 else home


def _mover(member: int) -> bool:
    return member % 50 == 7


@dataclass(slots=True)
class _Member:
    user_id: int
    activity: float
    skill: float
    pace: float  # mean minutes to answer
    writer: float  # chance of writing a reflection on a scenario answered
    team_before: int
    team_after: int
    streak: dict[int, tuple[int, int]] = field(default_factory=dict)  # team -> (last team-day index, length)


@dataclass(slots=True)
class _Unit:
    """Rows that the bot writes in one transaction, and the events among them."""

    at: str
    kind: str
    rows: list[tuple[str, tuple[Any, ...]]]
    events: int
    needs: int | None = None  # a reflection id that must be kept for this unit to be kept
    reflection: int | None = None  # the reflection this unit creates


@dataclass(frozen=True, slots=True)
class _Written:
    """A reflection, with what kudos on it need: its post, when it was shown, who could give them."""

    author: int
    team_id: int
    post_id: int
    item: Item
    shown: datetime
    teammates: tuple[int, ...]


@dataclass(slots=True)
class _World:
    rng: random.Random
    rules: ScoringRules
    guild_id: int
    team_ids: list[int]
    members: list[_Member]
    managers: list[int]
    end: datetime
    units: list[_Unit] = field(default_factory=list)
    sightings: dict[tuple[int, int, str], str] = field(default_factory=dict)
    kudos_given: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    next_reflection: int = 1
    written: dict[int, _Written] = field(default_factory=dict)

    def see(self, team_id: int, user_id: int, at: datetime, day: str | None = None, stamp: str | None = None) -> None:
        """The member interacted at `at` (local `day` and stored `stamp` when the caller knows them)."""
        key = (team_id, user_id, day or local_date(at, TIMEZONE).isoformat())
        stamp = stamp or to_db(at)
        if key not in self.sightings or stamp < self.sightings[key]:
            self.sightings[key] = stamp


def _days(end: datetime, weeks: int) -> list[date]:
    """Working days (Mon–Fri) of the `weeks` ISO weeks ending with the week of `end`, up to `end`'s date."""
    last = local_date(end, TIMEZONE)
    monday = last - timedelta(days=last.isoweekday() - 1) - timedelta(weeks=weeks - 1)
    days = []
    day = monday
    while day <= last:
        if day.isoweekday() <= 5 and wall_clock_instant(day, POST_TIME, TIMEZONE) <= end:
            days.append(day)
        day += timedelta(days=1)
    return days


def _event(
    key: str, guild_id: int, team_id: int, user_id: int, post_id: int, item: Item, kind: EventKind, points: int, at: str
) -> tuple[str, tuple[Any, ...]]:
    row = (key, guild_id, team_id, user_id, post_id, item.id, item.step, item.main_dimension, kind.value, points, at)
    return "point_events", row


def _play_post(
    world: _World,
    post_id: int,
    team_id: int,
    item: Item,
    posted: datetime,
    factor: float,
    day_index: int,
    members: list[_Member],
) -> None:
    """Everything that happens to one post: answers, reflections, kudos, highlights, sightings."""
    rng, rules, guild_id = world.rng, world.rules, world.guild_id
    closes = posted + WINDOW
    today = local_date(posted, TIMEZONE).isoformat()  # the whole answer window is on the post's local day
    correct_index = item.correct_index or 0
    wrong = [index for index in range(len(item.choices)) if index != correct_index]
    reflections: list[tuple[int, int, datetime]] = []
    for member in members:
        if rng.random() >= min(0.99, member.activity * factor):
            if rng.random() < 0.12:  # looked in without answering
                world.see(team_id, member.user_id, posted + timedelta(minutes=rng.uniform(1, 470)), today)
            continue
        delay = min(rng.expovariate(1 / member.pace), 470.0) + rng.uniform(0.05, 0.5)
        answered = posted + timedelta(minutes=delay)
        if answered > world.end:
            continue
        right = rng.random() < member.skill
        choice = correct_index if right or not wrong else rng.choice(wrong)
        last, length = member.streak.get(team_id, (-2, 0))
        length = length + 1 if last == day_index - 1 else 1
        member.streak[team_id] = (day_index, length)
        score = score_answer(item, choice, rules, elapsed=answered - posted, streak=length)
        at = to_db(answered)
        rows: list[tuple[str, tuple[Any, ...]]] = [
            ("answers", (post_id, guild_id, team_id, member.user_id, choice, int(score.correct), at, item.step))
        ]
        for award in score.awards:
            key = f"{award.kind.value}:{post_id}:{member.user_id}"
            rows.append(_event(key, guild_id, team_id, member.user_id, post_id, item, award.kind, award.points, at))
        world.units.append(_Unit(at, "answer", rows, len(score.awards)))
        world.see(team_id, member.user_id, answered, today, at)
        if item.reflection is not None and rng.random() < member.writer:
            written = min(answered + timedelta(minutes=rng.uniform(2, 40)), closes - timedelta(seconds=1))
            if written <= world.end:
                reflection_id = world.next_reflection
                world.next_reflection += 1
                stamp = to_db(written)
                body = REFLECTION_BODY * (1 + rng.randrange(3))
                key = f"reflection:{post_id}:{member.user_id}"
                world.units.append(
                    _Unit(
                        stamp,
                        "reflection",
                        [
                            ("reflections", (reflection_id, post_id, guild_id, team_id, member.user_id, body, stamp)),
                            _event(
                                key,
                                guild_id,
                                team_id,
                                member.user_id,
                                post_id,
                                item,
                                EventKind.REFLECTION,
                                rules.reflection,
                                stamp,
                            ),
                        ],
                        1,
                        reflection=reflection_id,
                    )
                )
                reflections.append((reflection_id, member.user_id, written))
                world.written[reflection_id] = _Written(
                    member.user_id, team_id, post_id, item, closes, tuple(m.user_id for m in members)
                )
    for reflection_id, author, _ in reflections:
        teammates = [member for member in members if member.user_id != author]
        givers = rng.sample(teammates, min(len(teammates), rng.choice((0, 0, 1, 1, 2, 3, 4))))
        counted = 0
        for giver in sorted(givers, key=lambda _: rng.random()):
            given = closes + timedelta(minutes=rng.uniform(5, 600))
            if given > world.end:
                continue
            day = local_date(given, TIMEZONE).isoformat()
            if world.kudos_given[(giver.user_id, day)] >= rules.kudos_per_day:
                continue  # the bot refuses it: the giver used today's kudos
            world.kudos_given[(giver.user_id, day)] += 1
            points = rules.kudos if counted < rules.kudos_per_reflection else 0
            counted += 1 if points else 0
            stamp = to_db(given)
            rows = [("kudos", (reflection_id, giver.user_id, guild_id, day, int(points > 0), stamp))]
            if points:
                key = f"kudos:{reflection_id}:{giver.user_id}"
                rows.append(_event(key, guild_id, team_id, author, post_id, item, EventKind.KUDOS, points, stamp))
            world.units.append(_Unit(stamp, "kudos", rows, 1 if points else 0, needs=reflection_id))
            world.see(team_id, giver.user_id, given, day, stamp)
        if world.managers and rng.random() < 0.04:
            highlighted = closes + timedelta(minutes=rng.uniform(10, 300))
            if highlighted <= world.end:
                stamp = to_db(highlighted)
                manager = rng.choice(world.managers)
                key = f"highlight:{reflection_id}"
                rows = [
                    ("highlight", (manager, stamp, reflection_id)),
                    _event(key, guild_id, team_id, author, post_id, item, EventKind.HIGHLIGHT, rules.highlight, stamp),
                ]
                world.units.append(_Unit(stamp, "highlight", rows, 1, needs=reflection_id))


def _keep(units: list[_Unit], events: int) -> list[_Unit]:
    """The units of the history in time order, cut where the ledger reaches `events` rows.

    The cut is a moment in time (everything before it happened, nothing after); if the last unit before
    the cut would overshoot, single-event units after it (reflections, kudos, highlights whose reflection
    is kept) fill the ledger up to exactly `events`.
    """
    units.sort(key=lambda unit: unit.at)
    kept: list[_Unit] = []
    total = 0
    index = 0
    while index < len(units) and total + units[index].events <= events:
        kept.append(units[index])
        total += units[index].events
        index += 1
    reflections = {unit.reflection for unit in kept if unit.reflection is not None}
    for unit in units[index:]:
        if total >= events:
            break
        if unit.events == 1 and unit.kind != "answer" and (unit.needs is None or unit.needs in reflections):
            kept.append(unit)
            total += 1
            if unit.reflection is not None:
                reflections.add(unit.reflection)
    return kept


def _top_up(world: _World, kept: list[_Unit], events: int) -> None:
    """Fill a ledger the year left short with more kudos on kept reflections, within every kudos rule."""
    total = sum(unit.events for unit in kept)
    if total >= events:
        return
    rules, rng = world.rules, world.rng
    givers: dict[int, set[int]] = defaultdict(set)
    counted: dict[int, int] = defaultdict(int)
    daily: dict[tuple[int, str], int] = defaultdict(int)
    for unit in kept:
        if unit.kind == "kudos":
            reflection_id, giver, _, day, worth, _ = unit.rows[0][1]
            givers[reflection_id].add(giver)
            counted[reflection_id] += worth
            daily[(giver, day)] += 1
    kept_reflections = sorted({unit.reflection for unit in kept if unit.reflection is not None})
    open_ = [reflection for reflection in kept_reflections if world.written[reflection].shown < world.end]
    attempts, patience = 0, 50 * (events - total) + 1000
    while total < events and open_ and attempts < patience:
        attempts += 1
        reflection_id = rng.choice(open_)
        written = world.written[reflection_id]
        candidates = [u for u in written.teammates if u != written.author and u not in givers[reflection_id]]
        if not candidates or counted[reflection_id] >= rules.kudos_per_reflection:
            open_.remove(reflection_id)
            continue
        giver = rng.choice(candidates)
        latest = min(world.end, written.shown + timedelta(days=10))
        given = written.shown + (latest - written.shown) * rng.random()
        day = local_date(given, TIMEZONE).isoformat()
        if daily[(giver, day)] >= rules.kudos_per_day:
            continue
        daily[(giver, day)] += 1
        givers[reflection_id].add(giver)
        counted[reflection_id] += 1
        stamp = to_db(given)
        key = f"kudos:{reflection_id}:{giver}"
        item = written.item
        kudos = ("kudos", (reflection_id, giver, world.guild_id, day, 1, stamp))
        event = _event(
            key,
            world.guild_id,
            written.team_id,
            written.author,
            written.post_id,
            item,
            EventKind.KUDOS,
            rules.kudos,
            stamp,
        )
        kept.append(_Unit(stamp, "kudos", [kudos, event], 1, needs=reflection_id))
        world.see(written.team_id, giver, given, day, stamp)
        total += 1
    kept.sort(key=lambda unit: unit.at)


def _schema(path: Path) -> None:
    """Create the schema with the real migrations (from a worker thread if an event loop is running here)."""

    async def migrate() -> None:
        storage = await Storage.open(path)
        await storage.close()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(migrate())
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, migrate()).result()


def seed_history(
    path: Path,
    *,
    members: int = 2000,
    teams: int = 50,
    weeks: int = 52,
    events: int = 1_000_000,
    end: datetime,
    seed: int = 1,
    guild_id: int = GUILD_ID,
    team_discord_ids: Sequence[tuple[int, int]] | None = None,
    user_ids: Sequence[int] | None = None,
) -> SeedSummary:
    """Write a fresh database at `path` (replacing any) with `weeks` weeks of play ending at `end`.

    `team_discord_ids` ((channel id, role id) per team) and `user_ids` let the history belong to a server
    that exists elsewhere (e.g. the simulator's); by default the ids are made up. Team i is 'Equipo 00i'
    and member n plays in team n mod `teams`.
    """
    started = timer.perf_counter()
    if end.tzinfo is None:
        raise ValueError("end must be an aware datetime")
    if teams < 1 or members < teams:
        raise ValueError("a history needs at least one team and a member per team")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _schema(path)
    catalog = load_catalog(Path(__file__).resolve().parents[2] / "scenarios")
    rng = random.Random(seed)  # noqa: S311 - a reproducible history, not a secret
    rules = ScoringRules()
    items = catalog.playable("es")
    rng.shuffle(items)
    ids = (
        list(team_discord_ids)
        if team_discord_ids is not None
        else [(CHANNEL_BASE + index, ROLE_BASE + index) for index in range(teams)]
    )
    users = list(user_ids) if user_ids is not None else [USER_BASE + number for number in range(members)]
    if len(ids) != teams or len(users) != members:
        raise ValueError("team_discord_ids and user_ids must have one entry per team and per member")
    team_ids = list(range(1, teams + 1))
    people = [
        _Member(
            user_id=users[number],
            activity=rng.uniform(0.55, 1.0),
            skill=rng.uniform(0.45, 0.95),
            pace=rng.uniform(10, 150),
            writer=rng.uniform(0.1, 0.5),
            team_before=team_ids[number % teams],
            team_after=team_ids[_final_team(number, teams)],
        )
        for number in range(members)
    ]
    managers = [people[number].user_id for number in range(0, members, max(1, members // max(1, members // 200)))][
        : max(1, members // 200)
    ]
    world = _World(rng, rules, guild_id, team_ids, people, managers, end)
    days = _days(end, weeks)
    if not days:
        raise ValueError("no working day with a post before end")
    middle = days[len(days) // 2]
    rosters: dict[bool, dict[int, list[_Member]]] = {False: defaultdict(list), True: defaultdict(list)}
    for member in people:
        rosters[False][member.team_before].append(member)
        rosters[True][member.team_after].append(member)
    mean_activity = sum(member.activity for member in people) / members
    factor = min(1.5, events / max(1, len(days) * members * mean_activity * 2.4))
    posts: list[tuple[Any, ...]] = []
    used: dict[tuple[str, str], Item] = {}
    produced = 0.0
    rate = 0.0  # ledger events per member-day per unit of factor, measured as the year goes
    post_id = 0
    for day_index, day in enumerate(days):
        item = items[day_index % len(items)]
        used[(item.id, item.version)] = item
        before = len(world.units)
        events_before = produced
        for team_index, team_id in enumerate(team_ids):
            post_id += 1
            posted = wall_clock_instant(day, POST_TIME, TIMEZONE) + timedelta(seconds=1 + team_index * 0.2)
            closes = posted + WINDOW
            closed = closes if closes <= end else None
            roster = rosters[day >= middle][team_id]
            posts.append(
                (
                    post_id,
                    guild_id,
                    team_id,
                    day.isoformat(),
                    item.id,
                    item.version,
                    ids[team_index][0],
                    MESSAGE_BASE + post_id,
                    "schedule",
                    "posted",
                    1,
                    to_db(posted - timedelta(seconds=1)),
                    to_db(posted),
                    to_db(closes),
                    to_db(closed) if closed else None,
                    THREAD_BASE + post_id if item.reflection is not None and closed else None,
                )
            )
            _play_post(world, post_id, team_id, item, posted, factor, day_index, roster)
        produced += sum(unit.events for unit in world.units[before:])
        # Steer the participation so that the year ends a little above `events` (the cut trims the rest).
        day_rate = (produced - events_before) / max(1e-9, factor * members)
        rate = day_rate if rate == 0 else 0.8 * rate + 0.2 * day_rate
        remaining = len(days) - day_index - 1
        if remaining and rate > 0:
            wanted = (events * 0.998 - produced) / remaining
            factor = max(0.05, min(1.5, wanted / (rate * members)))
    kept = _keep(world.units, events)
    _top_up(world, kept, events)
    summary = _write(path, world, kept, posts, used, ids, days, end)
    return SeedSummary(
        path=path,
        guild_id=guild_id,
        team_ids=tuple(team_ids),
        user_ids=tuple(users),
        end=end,
        first_day=days[0],
        last_day=days[-1],
        seconds=timer.perf_counter() - started,
        **summary,
    )


def _write(
    path: Path,
    world: _World,
    kept: list[_Unit],
    posts: list[tuple[Any, ...]],
    used: dict[tuple[str, str], Item],
    ids: list[tuple[int, int]],
    days: list[date],
    end: datetime,
) -> dict[str, int]:
    """Bulk-insert everything with plain sqlite3 in one transaction; the aggregates are rebuilt at the end."""
    guild_id = world.guild_id
    created = to_db(wall_clock_instant(days[0], time(8, 0), TIMEZONE) - timedelta(days=3))
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for unit in kept:
        for table, row in unit.rows:
            rows[table].append(row)
    reflection_ids = {row[0] for row in rows["reflections"]}
    until = to_db(end)
    sightings = sorted(
        (guild_id, team_id, user_id, day, seen)
        for (team_id, user_id, day), seen in world.sightings.items()
        if seen <= until
    )
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA foreign_keys = OFF")  # checked once at the end instead of row by row
        connection.execute("PRAGMA cache_size = -262144")
        # The bulk load builds indexes and aggregates once, at the end, instead of row by row.
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('answers', 'point_events', 'member_sightings', 'kudos', 'reflections')"
        ).fetchall()
        connection.execute("BEGIN")
        for name, _ in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        connection.execute(
            "INSERT INTO guild_settings (guild_id, timezone, post_time, weekdays, answer_window_minutes, language,"
            " created_at, updated_at, announce_channel_id, announce_weekday, announce_time)"
            " VALUES (?, ?, ?, '1,2,3,4,5', ?, 'es', ?, ?, ?, 5, '17:00')",
            (
                guild_id,
                TIMEZONE,
                POST_TIME.strftime("%H:%M"),
                int(WINDOW.total_seconds() // 60),
                created,
                created,
                ANNOUNCE_CHANNEL,
            ),
        )
        connection.executemany(
            "INSERT INTO teams (team_id, guild_id, name, name_key, channel_id, role_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (team_id, guild_id, f"Equipo {team_id:03d}", name_key(f"Equipo {team_id:03d}"), channel, role, created)
                for team_id, (channel, role) in zip(world.team_ids, ids, strict=True)
            ],
        )
        connection.executemany(
            "INSERT INTO item_versions (item_id, version, body, created_at) VALUES (?, ?, ?, ?)",
            [(item.id, item.version, dump_item(item), created) for item in used.values()],
        )
        connection.executemany(
            "INSERT INTO posts (post_id, guild_id, team_id, local_date, item_id, item_version, channel_id, message_id,"
            " trigger_kind, status, attempts, created_at, posted_at, closes_at, closed_at, thread_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            posts,
        )
        connection.executemany(
            "INSERT INTO answers (post_id, guild_id, team_id, user_id, choice_index, correct, answered_at, step)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows["answers"],
        )
        connection.executemany(
            "INSERT INTO reflections (reflection_id, post_id, guild_id, team_id, user_id, body, created_at, message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, MESSAGE_BASE // 2 + row[0]) for row in rows["reflections"]],
        )
        connection.executemany(
            "INSERT INTO kudos (reflection_id, giver_id, guild_id, local_date, counted, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [row for row in rows["kudos"] if row[0] in reflection_ids],
        )
        connection.executemany(
            "UPDATE reflections SET highlighted_by = ?, highlighted_at = ? WHERE reflection_id = ?",
            rows["highlight"],
        )
        connection.executemany(
            "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step, dimension, kind,"
            " points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows["point_events"],
        )
        connection.executemany(
            "INSERT INTO member_sightings (guild_id, team_id, user_id, local_date, seen_at) VALUES (?, ?, ?, ?, ?)",
            sightings,
        )
        last_seen: dict[int, str] = {}
        for _, _, user_id, _, seen in sightings:
            last_seen[user_id] = max(seen, last_seen.get(user_id, seen))
        managers = set(world.managers)
        connection.executemany(
            "INSERT INTO members (guild_id, user_id, is_manager, updated_at) VALUES (?, ?, ?, ?)",
            [(guild_id, user_id, int(user_id in managers), seen) for user_id, seen in last_seen.items()],
        )
        connection.executemany(
            "INSERT INTO announcements (guild_id, week, status, trigger_kind, channel_id, message_id, results,"
            " created_at, posted_at) VALUES (?, ?, 'posted', 'schedule', ?, ?, ?, ?, ?)",
            _announcements(guild_id, days, end),
        )
        connection.executemany(
            "INSERT INTO bot_meta (meta_key, meta_value) VALUES (?, ?)"
            " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value",
            [(SEED_END_KEY, end.astimezone(UTC).isoformat()), (SEED_GUILD_KEY, str(guild_id))],
        )
        for _, sql in [*indexes, *triggers]:
            connection.execute(sql)
        for statement in rebuild_statements():
            connection.execute(statement)
        connection.execute("COMMIT")
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"the seeded history breaks foreign keys: {problems[:5]}")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    return {
        "posts": len(posts),
        "answers": len(rows["answers"]),
        "events": len(rows["point_events"]),
        "reflections": len(rows["reflections"]),
        "kudos": sum(1 for row in rows["kudos"] if row[0] in reflection_ids),
        "highlights": len(rows["highlight"]),
        "sightings": len(sightings),
    }


def _announcements(guild_id: int, days: list[date], end: datetime) -> list[tuple[Any, ...]]:
    """Every finished week was announced (Friday 17:00), so a bot started on the history has nothing to catch up."""
    rows: list[tuple[Any, ...]] = []
    current = week_of(local_date(end, TIMEZONE), TIMEZONE).label
    seen: set[str] = set()
    for day in days:
        week = week_of(day, TIMEZONE)
        if week.label in seen or week.label == current:
            continue
        seen.add(week.label)
        assert week.start is not None
        friday = local_date(week.start, TIMEZONE) + timedelta(days=4)
        at = wall_clock_instant(friday, time(17, 0), TIMEZONE)
        results = (
            f'{{"week": "{week.label}", "start": "{week.start.isoformat()}", "cutoff": "{at.isoformat()}",'
            ' "teams": [], "top_people": [], "step_leaders": [], "most_improved": null, "step_points": {}}'
        )
        rows.append(
            (guild_id, week.label, ANNOUNCE_CHANNEL, MESSAGE_BASE - len(rows) - 1, results, to_db(at), to_db(at))
        )
    return rows


def clear_current_announcement(path: Path, now: datetime, guild_id: int = GUILD_ID) -> bool:
    """Remove this week's announcement from a benchmark database, so the timed `/week announce` makes a fresh one.

    Between Friday 17:00 and Sunday midnight (the history's time zone) a bot started on the history catches the
    week's announcement up by itself at start-up, and the timed command would only hear "already published".
    The benchmark owns its copy of the database; True if there was one to remove.
    """
    week = week_of(local_date(now, TIMEZONE), TIMEZONE).label
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection, connection:
        removed = connection.execute("DELETE FROM announcements WHERE guild_id = ? AND week = ?", (guild_id, week))
        return removed.rowcount > 0
