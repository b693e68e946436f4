"""Boards on a long history: the aggregates equal a recomputation from the ledger, whatever is written or erased.

A small history from the benchmark's seeder stands in for a year of play; the boards read from the
aggregates (migration 0004) are compared with the same boards read from the raw tables only.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.bench.seed import TIMEZONE, SeedSummary, seed_history
from bot.domain.clock import ManualClock
from bot.domain.leaderboard import Standing, find, place, rank
from bot.domain.model import Catalog
from bot.domain.periods import Period, Window, week_of
from bot.domain.schedule import local_date, wall_clock_instant
from bot.services import Services
from bot.services.announcements import announcement_instant
from bot.services.boards import resolve_window, team_standings, team_standings_of
from bot.storage import Storage
from bot.storage.boards import BoardRepository, cover, plan
from bot.storage.database import migrations, to_db
from bot.storage.erasure import FROZEN

END = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)  # a Friday, 15:00 in Mexico City
TOTALS = "SELECT * FROM board_totals ORDER BY guild_id, bucket, step, team_id, user_id"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeedSummary:
    path = tmp_path_factory.mktemp("history") / "history.db"
    return seed_history(path, members=60, teams=4, weeks=6, events=4000, end=END, seed=7)


@pytest.fixture
async def history(seeded: SeedSummary, tmp_path: Path) -> AsyncIterator[Storage]:
    copy = tmp_path / "history.db"
    shutil.copy(seeded.path, copy)
    storage = await Storage.open(copy)
    try:
        yield storage
    finally:
        await storage.close()


def reference(storage: Storage) -> Storage:
    """The same database with boards read from the raw tables only (how every board was read before 0004)."""
    return replace(storage, boards=BoardRepository(storage.database, use_totals=False))


async def totals(storage: Storage) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await storage.database.fetchall(TOTALS)]


async def assert_totals_recompute(storage: Storage) -> None:
    kept = await totals(storage)
    await storage.boards.rebuild()
    rebuilt = await totals(storage)
    assert kept == rebuilt
    assert rebuilt, "the history has aggregates"


# --- the seeded history --------------------------------------------------------------------------------------


def test_the_seeded_history_respects_the_schema_and_the_rules(seeded: SeedSummary) -> None:
    connection = sqlite3.connect(seeded.path)
    try:

        def one(sql: str) -> Any:
            return connection.execute(sql).fetchone()[0]

        assert one("PRAGMA integrity_check") == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert one("SELECT MAX(version) FROM schema_migrations") == migrations()[-1][0]
        assert one("SELECT COUNT(*) FROM point_events") == seeded.events == 4000
        for table, count in (
            ("posts", seeded.posts),
            ("answers", seeded.answers),
            ("reflections", seeded.reflections),
            ("kudos", seeded.kudos),
            ("member_sightings", seeded.sightings),
        ):
            assert one(f"SELECT COUNT(*) FROM {table}") == count > 0, table
        assert seeded.highlights > 0
        # Every answer earned its answer event (100 or 0), in the answer window, on a post of its team.
        assert (
            one(
                "SELECT COUNT(*) FROM answers a JOIN posts p ON p.post_id = a.post_id"
                " JOIN point_events e ON e.event_key = 'answer:' || a.post_id || ':' || a.user_id"
                " WHERE e.points = 100 * a.correct AND a.team_id = p.team_id AND e.created_at = a.answered_at"
                " AND a.answered_at >= p.posted_at AND a.answered_at < p.closes_at AND a.step = e.step"
            )
            == seeded.answers
        )
        assert one("SELECT COUNT(*) FROM point_events WHERE kind = 'answer'") == seeded.answers
        assert one(
            "SELECT COUNT(*) FROM point_events e JOIN answers a"
            " ON e.event_key = 'speed:' || a.post_id || ':' || a.user_id WHERE a.correct = 1"
            " AND e.points BETWEEN 1 AND 40"
        ) == one("SELECT COUNT(*) FROM point_events WHERE kind = 'speed'")
        assert one(
            "SELECT COUNT(*) FROM point_events WHERE kind = 'streak' AND points % 10 = 0 AND points <= 50"
        ) == one("SELECT COUNT(*) FROM point_events WHERE kind = 'streak'")
        assert one("SELECT COUNT(*) FROM point_events WHERE kind = 'reflection' AND points = 30") == seeded.reflections
        assert one("SELECT COUNT(*) FROM point_events WHERE kind = 'kudos' AND points = 5") == one(
            "SELECT COUNT(*) FROM kudos WHERE counted = 1"
        )
        assert one("SELECT COUNT(*) FROM point_events WHERE kind = 'highlight'") == one(
            "SELECT COUNT(*) FROM reflections WHERE highlighted_at IS NOT NULL"
        )
        assert one("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM kudos GROUP BY giver_id, local_date)") <= 5
        assert (
            one("SELECT COUNT(*) FROM kudos k JOIN reflections r USING (reflection_id) WHERE k.giver_id = r.user_id")
            == 0
        )
        assert one("SELECT MAX(created_at) FROM point_events") <= to_db(END)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE point_events SET points = 1")
    finally:
        connection.close()


async def test_every_board_of_the_history_has_data(
    history: Storage, seeded: SeedSummary, catalog: Catalog
) -> None:
    services = Services.build(history, catalog, ManualClock(END))
    guild = await services.setup.config(seeded.guild_id)
    assert guild.timezone == TIMEZONE
    member = seeded.user_ids[5]
    for period in Period:
        window = resolve_window(guild, period, END)
        teams = await services.boards.teams(guild, window)
        assert len(teams.rows) == 4 and any(row.standing.points for row in teams.rows), period
        assert (await services.boards.people(guild, window)).rows, period
        steps = await services.boards.steps(guild, window, seeded.team_of(member))
        assert any(line.leader for line in steps.lines), period
        me = await services.boards.person(guild, member, window, END, seeded.team_of(member))
        assert me.row is not None and any(standing.answers for standing in me.per_step.values()), period
    week = week_of(local_date(END, TIMEZONE), TIMEZONE)
    results = await services.announcements.results(guild, week, min(END, announcement_instant(guild, week)))
    assert results.teams and results.top_people and any(leader.team_id for leader in results.step_leaders)


# --- aggregates against the ledger ---------------------------------------------------------------------------


async def test_the_aggregates_follow_every_write_update_and_erasure(history: Storage, seeded: SeedSummary) -> None:
    await assert_totals_recompute(history)
    rng = random.Random(3)
    db = history.database
    posts = [tuple(row) for row in await db.fetchall("SELECT post_id, team_id FROM posts")]
    span = int((END - datetime(2026, 10, 1, tzinfo=UTC)).total_seconds())
    async with db.transaction() as tx:
        for number in range(300):
            post_id, team_id = rng.choice(posts)
            user = rng.choice(seeded.user_ids) + 10_000 * rng.randrange(2)  # known members and newcomers
            at = to_db(END - timedelta(seconds=rng.randrange(span)))
            kind = rng.choice(("event", "answer", "sighting"))
            if kind == "event":
                await tx.execute(
                    "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step,"
                    " dimension, kind, points, created_at) VALUES (?, ?, ?, ?, ?, 'x', ?, 'd', 'kudos', ?, ?)",
                    (
                        f"test:{number}",
                        seeded.guild_id,
                        team_id,
                        user,
                        post_id,
                        rng.randint(1, 10),
                        rng.choice((0, 5)),
                        at,
                    ),
                )
            elif kind == "answer":
                await tx.execute(
                    "INSERT INTO answers (post_id, guild_id, team_id, user_id, choice_index, correct, answered_at,"
                    " step) VALUES (?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (post_id, user_id) DO NOTHING",
                    (post_id, seeded.guild_id, team_id, user, rng.randrange(2), at, rng.choice((None, 3, 7))),
                )
            else:
                await tx.execute(
                    "INSERT INTO member_sightings (guild_id, team_id, user_id, local_date, seen_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, user_id, local_date) DO NOTHING",
                    (seeded.guild_id, team_id, user, at[:10], at),
                )
        # Nothing updates these rows today; if something ever does, the aggregates still follow.
        await tx.execute("UPDATE answers SET correct = 1 - correct, step = NULL WHERE answer_id % 97 = 0")
        await tx.execute("UPDATE answers SET answered_at = '2026-11-02 12:00:00.000000' WHERE answer_id % 89 = 0")
        await tx.execute("UPDATE member_sightings SET seen_at = '2026-10-05 23:59:59.000000' WHERE rowid % 83 = 0")
    await assert_totals_recompute(history)
    for user in rng.sample(seeded.user_ids, 4):
        await history.erasure.forget(seeded.guild_id, user, {table: lambda results, _: None for table in FROZEN})
    await assert_totals_recompute(history)
    assert not await db.fetchall(
        "SELECT 1 FROM board_totals WHERE events < 0 OR answers < 0 OR sightings < 0"
        " OR (events = 0 AND answers = 0 AND sightings = 0)"
    )


def windows(rng: random.Random) -> list[Window]:
    """Board windows of every kind: periods, past weeks, announcement cut-offs, odd spans, open ends, empty."""
    found = [Window("all", None, None), Window("empty", END, END), Window("open", END - timedelta(days=9), None)]
    found.append(Window("until", None, END - timedelta(days=12)))
    for zone in (TIMEZONE, "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"):
        day = local_date(END, zone)
        for back in (0, 7, 21):
            week = week_of(day - timedelta(days=back), zone)
            found.append(week)
            assert week.start is not None
            found.append(Window("cut", week.start, week.start + timedelta(days=4, hours=rng.randrange(24))))
        first = day.replace(day=1)
        found.append(
            Window(
                "month", wall_clock_instant(first, time(0), zone), wall_clock_instant(day + timedelta(1), time(0), zone)
            )
        )
    for _ in range(8):
        start = END - timedelta(minutes=rng.randrange(60 * 24 * 50))
        found.append(Window("odd", start, start + timedelta(minutes=rng.randrange(60 * 24 * 20))))
    return found


async def test_boards_read_from_the_aggregates_equal_boards_read_from_the_ledger(
    history: Storage, seeded: SeedSummary
) -> None:
    fast, slow = history.boards, reference(history).boards
    guild = seeded.guild_id
    member = seeded.user_ids[9]
    managers = set(seeded.user_ids[::7])
    for window in windows(random.Random(5)):
        label = f"{window.label} {window.start} {window.end}"

        def key(fact: Any) -> tuple[Any, ...]:
            return tuple(getattr(fact, name) for name in fact.__slots__)

        for options in ({}, {"by_step": True}, {"step": 3}, {"by_step": True, "user_id": member}):
            got = sorted(map(key, await fast.facts(guild, window, **options)))
            assert got == sorted(map(key, await slow.facts(guild, window, **options))), (label, options)
        for options in ({}, {"step": 8}, {"team_id": seeded.team_ids[1]}):
            got = sorted(map(key, await fast.members(guild, window, **options)))
            assert got == sorted(map(key, await slow.members(guild, window, **options))), (label, options)
        assert await fast.seen(guild, window) == await slow.seen(guild, window), label
        roster = await slow.seen(guild, window)
        by_step = await slow.facts(guild, window, by_step=True)
        every_step = await slow.facts(guild, window)
        for excluded in (set(), managers):
            for options in ({}, {"by_step": True}, {"step": 1}):
                quick = await fast.team_totals(guild, window, excluded, **options)
                assert quick == await slow.team_totals(guild, window, excluded, **options), (label, options)
                # ... and the same standings as adding up every member's facts, as the boards used to.
                for step in range(1, 11) if options.get("by_step") else [options.get("step")]:
                    facts = [fact for fact in by_step if fact.step == step] if step else every_step
                    before = team_standings(facts, roster, seeded.team_ids, excluded)
                    assert team_standings_of(quick, seeded.team_ids, step) == before, (label, options, step)


async def test_boards_and_the_announcement_are_the_same_through_the_services(
    history: Storage, seeded: SeedSummary, catalog: Catalog
) -> None:
    await history.guilds.save_rules(seeded.guild_id, replace((await history.guilds.get(1)).rules), END)
    fast = Services.build(history, catalog, ManualClock(END))
    slow = Services.build(reference(history), catalog, ManualClock(END))
    guild = await fast.setup.config(seeded.guild_id)
    for excluding in (False, True):
        guild = replace(guild, exclude_managers=excluding)
        member = seeded.user_ids[13]
        team = seeded.team_of(member)
        for period in Period:
            window = resolve_window(guild, period, END)
            assert await fast.boards.teams(guild, window) == await slow.boards.teams(guild, window)
            assert await fast.boards.teams(guild, window, 4) == await slow.boards.teams(guild, window, 4)
            assert await fast.boards.people(guild, window) == await slow.boards.people(guild, window)
            assert await fast.boards.people(guild, window, 2, team) == await slow.boards.people(guild, window, 2, team)
            assert await fast.boards.steps(guild, window, team) == await slow.boards.steps(guild, window, team)
            assert await fast.boards.person(guild, member, window, END, team) == await slow.boards.person(
                guild, member, window, END, team
            )
        for back in (0, 1, 3):
            week = week_of(local_date(END, TIMEZONE) - timedelta(weeks=back), TIMEZONE)
            cutoff = min(END, announcement_instant(guild, week))
            got = await fast.announcements.results(guild, week, cutoff)
            assert got == await slow.announcements.results(guild, week, cutoff)


# --- how windows are cut ---------------------------------------------------------------------------------


def bucket_span(key: str) -> tuple[datetime, datetime]:
    """The UTC interval of a bucket key."""
    day = date.fromisoformat(key[1:] + ("-01" if key[0] == "M" else ""))
    start = datetime.combine(day, time(0), tzinfo=UTC)
    if key[0] == "D":
        return start, start + timedelta(days=1)
    if key[0] == "W":
        return start, start + timedelta(days=7)
    following = (day + timedelta(days=32)).replace(day=1)
    return start, datetime.combine(following, time(0), tzinfo=UTC)


def test_every_window_is_its_buckets_plus_or_minus_a_few_raw_hours() -> None:
    rng = random.Random(11)
    for window in windows(rng):
        if window.start is None or window.end is None:
            continue
        found = plan(window)
        pieces = [(1, *bucket_span(key)) for key in found.buckets]
        pieces += [(sign, start, end) for sign, start, end in found.ranges]
        assert all(
            start is not None and end is not None and end - start <= timedelta(hours=14)
            for _, start, end in found.ranges
        )
        edges = sorted({window.start, window.end, *(edge for _, start, end in pieces for edge in (start, end))})
        for instant in [*edges, *(edge - timedelta(microseconds=1) for edge in edges)]:
            covered = sum(sign for sign, start, end in pieces if start <= instant < end)  # type: ignore[operator]
            assert covered == (1 if window.contains(instant) else 0), (window, instant)


def test_periods_use_a_single_bucket_when_the_zone_is_whole_hours() -> None:
    assert cover(date(2026, 11, 1), date(2026, 12, 1)) == ["M2026-11"]
    assert cover(date(2026, 11, 16), date(2026, 11, 23)) == ["W2026-11-16"]
    assert cover(date(2026, 11, 16), date(2026, 11, 21)) == [f"D2026-11-{day}" for day in range(16, 21)]
    week = week_of(date(2026, 11, 18), TIMEZONE)
    assert plan(week).buckets == ("W2026-11-16",)
    assert plan(Window("all", None, None)).buckets == ("all",)


def test_a_members_place_is_their_row_on_the_whole_board() -> None:
    rng = random.Random(2)
    for size in (0, 1, 2, 5, 40, 300):
        standings = [
            Standing(key, rng.choice((0, 100, 100, 140, 250)), answers, rng.randint(0, answers))
            for key, answers in ((rng.randrange(10_000), rng.randint(0, 5)) for _ in range(size))
        ]
        standings = list({standing.key: standing for standing in standings}.values())
        board = rank(standings)
        for key in [*(standing.key for standing in standings), -1]:
            row = find(board, key)
            index = board.index(row) if row is not None else 0
            expected = board[max(0, index - 2) : index + 3] if row is not None else []
            assert place(standings, key) == (row, expected, len(board))
