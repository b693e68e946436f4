"""The game rules through the services and a real database: bonuses, reflections, kudos, fairness, the week."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.kudos import KudosVerdict
from bot.domain.model import Catalog
from bot.domain.periods import Period, week_of
from bot.domain.scoring import EventKind, ScoringRules
from bot.domain.settings import GameRules
from bot.domain.state import Trigger
from bot.services.boards import resolve_window
from bot.services.reflections import (
    AlreadyHighlighted,
    AlreadyReflected,
    Highlighted,
    KudosGiven,
    KudosRefused,
    Stored,
    TooShort,
)
from bot.storage import Storage
from tests.builders import GUILD, MEXICO, MONDAY, SCENARIO, Game, local, only


async def test_speed_and_streak_bonuses_are_ledger_events(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas")
    teams = world.teams
    ventas = teams["Ventas"]
    points = []
    for offset in range(3):
        day = MONDAY + timedelta(days=offset)
        post_id, item = await world.publish_id(ventas, day)
        assert item.correct_index is not None
        outcome = await world.answer(ventas, post_id, 1, item.correct_index, local(day, 9, 30))
        points.append(
            (outcome.score.of(EventKind.ANSWER), outcome.score.of(EventKind.SPEED), outcome.score.of(EventKind.STREAK))
        )
    assert points == [(100, 30, 0), (100, 30, 10), (100, 30, 20)]
    kinds = await storage.database.fetchall("SELECT kind, SUM(points) FROM point_events GROUP BY kind ORDER BY kind")
    assert [tuple(row) for row in kinds] == [("answer", 300), ("speed", 90), ("streak", 30)]


async def test_a_missed_day_breaks_the_streak_but_a_pause_keeps_it(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas")
    teams = world.teams
    ventas = teams["Ventas"]
    posts = [await world.publish_id(ventas, MONDAY + timedelta(days=offset)) for offset in range(4)]
    wrong = [(item.correct_index or 0) ^ 1 for _, item in posts]
    await world.answer(ventas, posts[0][0], 1, wrong[0], local(MONDAY, 12))
    await world.answer(ventas, posts[0][0], 2, wrong[0], local(MONDAY, 12))
    await world.answer(ventas, posts[1][0], 1, wrong[1], local(MONDAY + timedelta(days=1), 12))
    await storage.members.pause(GUILD, 2, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2), local(MONDAY, 13))
    # Thursday: member 1 missed Wednesday (streak restarts), member 2 was paused Tue–Wed (streak kept).
    one = await world.answer(ventas, posts[3][0], 1, wrong[3], local(MONDAY + timedelta(days=3), 12))
    two = await world.answer(ventas, posts[3][0], 2, wrong[3], local(MONDAY + timedelta(days=3), 12))
    assert (one.streak, one.score.of(EventKind.STREAK)) == (1, 0)
    assert (two.streak, two.score.of(EventKind.STREAK)) == (2, 10)


async def test_a_small_team_that_plays_well_ranks_above_a_big_team_that_plays_half(
    storage: Storage, catalog: Catalog
) -> None:
    world = await Game.build(storage, catalog, "Pequeño", "Grande")
    services, guild, teams = world.services, world.guild, world.teams
    small, big = teams["Pequeño"], teams["Grande"]
    now = local(MONDAY, 9)
    small_post, item = await world.publish_id(small, MONDAY)
    big_post, _ = await world.publish_id(big, MONDAY)
    right = item.correct_index
    assert right is not None
    at = local(MONDAY, 12)  # after the speed bonus faded: only correctness counts
    for user in range(3):
        await services.members.saw(guild, 1000 + user, {small.role_id}, False, now)
        await world.answer(small, small_post, 1000 + user, right, at)
    for user in range(12):
        await services.members.saw(guild, 2000 + user, {big.role_id}, False, now)
        choice = right if user < 6 else (right + 1) % len(item.choices)
        await world.answer(big, big_post, 2000 + user, choice, at)
    board = await services.boards.teams(guild, resolve_window(guild, Period.WEEK, at))
    rows = [
        (
            board.names[row.standing.key],
            row.rank,
            row.standing.points,
            round(row.standing.average, 1),
            row.standing.participation,
        )
        for row in board.rows
    ]
    assert rows == [("Pequeño", 1, 300, 100.0, 1.0), ("Grande", 2, 600, 50.0, 1.0)]


async def test_members_seen_but_silent_lower_participation_and_the_average(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas")
    services, guild, teams = world.services, world.guild, world.teams
    ventas = teams["Ventas"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    for user in (1, 2, 3, 4):
        await services.members.saw(guild, user, {ventas.role_id, 999}, False, local(MONDAY, 8))
    assert item.correct_index is not None
    await world.answer(ventas, post_id, 1, item.correct_index, local(MONDAY, 12))
    board = await services.boards.teams(guild, resolve_window(guild, Period.WEEK, local(MONDAY, 18)))
    standing = board.rows[0].standing
    assert (standing.points, standing.members, standing.roster, standing.average, standing.participation) == (
        100,
        1,
        4,
        25.0,
        0.25,
    )


async def test_managers_can_be_left_out_of_the_boards(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas")
    services, guild, teams = world.services, world.guild, world.teams
    ventas = teams["Ventas"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    assert item.correct_index is not None
    await services.members.saw(guild, 1, {ventas.role_id}, True, local(MONDAY, 8))
    await services.members.saw(guild, 2, {ventas.role_id}, False, local(MONDAY, 8))
    await world.answer(ventas, post_id, 1, item.correct_index, local(MONDAY, 12))
    await world.answer(ventas, post_id, 2, item.correct_index ^ 1, local(MONDAY, 12))
    window = resolve_window(guild, Period.WEEK, local(MONDAY, 18))
    assert [row.standing.key for row in (await services.boards.people(guild, window)).rows] == [1, 2]
    await storage.guilds.save_rules(GUILD, GameRules(exclude_managers=True), local(MONDAY, 18))
    excluding = await services.setup.config(GUILD)
    assert [row.standing.key for row in (await services.boards.people(excluding, window)).rows] == [2]
    team = (await services.boards.teams(excluding, window)).rows[0].standing
    assert (team.points, team.roster) == (0, 1)


async def test_reflections_kudos_and_highlights(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, only(catalog, SCENARIO), "Ventas")
    services, guild, teams = world.services, world.guild, world.teams
    ventas = teams["Ventas"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    assert item.reflection is not None
    assert item.reflection.min_length is None, "the item leaves the minimum to the server (default 80)"
    roles = {ventas.role_id}
    now = local(MONDAY, 10)

    def submit(user: int, text: str) -> object:
        return services.reflections.submit(
            guild, channel_id=ventas.channel_id, post_id=post_id, user_id=user, role_ids=roles, text=text, now=now
        )

    short = await submit(1, "  Muy corto.  ")
    assert isinstance(short, TooShort) and (short.length, short.min_length, short.text) == (10, 80, "Muy corto.")
    long_text = (
        "Prometí llamar a una clienta el viernes y se me olvidó; el lunes ya no confiaba en mí. Aprendí a anotarlo."
    )
    stored = await submit(1, long_text + "\x07")
    assert isinstance(stored, Stored) and stored.points == 30 and stored.reflection.body == long_text
    assert isinstance(await submit(1, long_text), AlreadyReflected)
    reflection_id = stored.reflection.reflection_id

    def kudos(giver: int) -> object:
        return services.reflections.kudos(guild, reflection_id=reflection_id, giver_id=giver, role_ids=roles, now=now)

    own = await kudos(1)
    assert isinstance(own, KudosRefused) and own.verdict is KudosVerdict.OWN
    given = await kudos(2)
    assert isinstance(given, KudosGiven) and given.verdict is KudosVerdict.COUNTED and given.kudos == 1
    again = await kudos(2)
    assert isinstance(again, KudosRefused) and again.verdict is KudosVerdict.AGAIN
    outsider = await services.reflections.kudos(guild, reflection_id=reflection_id, giver_id=3, role_ids={999}, now=now)
    assert not isinstance(outsider, KudosGiven)
    highlighted = await services.reflections.highlight(guild, reflection_id=reflection_id, manager_id=50, now=now)
    assert isinstance(highlighted, Highlighted) and highlighted.points == 50
    assert isinstance(
        await services.reflections.highlight(guild, reflection_id=reflection_id, manager_id=51, now=now),
        AlreadyHighlighted,
    )
    events = await storage.database.fetchall("SELECT kind, user_id, points FROM point_events ORDER BY event_id")
    assert [tuple(row) for row in events] == [("reflection", 1, 30), ("kudos", 1, 5), ("highlight", 1, 50)]


async def test_kudos_stop_counting_after_ten_and_givers_after_five_a_day(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, only(catalog, SCENARIO), "Ventas")
    services, guild, teams = world.services, world.guild, world.teams
    ventas = teams["Ventas"]
    post_id, _ = await world.publish_id(ventas, MONDAY)
    roles = {ventas.role_id}
    now = local(MONDAY, 10)
    text = "x" * 100
    ids = []
    for author in range(1, 7):
        stored = await services.reflections.submit(
            guild, channel_id=ventas.channel_id, post_id=post_id, user_id=author, role_ids=roles, text=text, now=now
        )
        assert isinstance(stored, Stored)
        ids.append(stored.reflection.reflection_id)
    verdicts = []
    for giver in range(100, 112):
        outcome = await services.reflections.kudos(guild, reflection_id=ids[0], giver_id=giver, role_ids=roles, now=now)
        assert isinstance(outcome, KudosGiven)
        verdicts.append(outcome.verdict.value)
    assert verdicts == ["counted"] * 10 + ["recorded"] * 2
    for target in ids[1:]:
        assert isinstance(
            await services.reflections.kudos(guild, reflection_id=target, giver_id=200, role_ids=roles, now=now),
            KudosGiven,
        )
    sixth = await services.reflections.kudos(guild, reflection_id=ids[0], giver_id=200, role_ids=roles, now=now)
    assert isinstance(sixth, KudosRefused) and sixth.verdict is KudosVerdict.DAILY_LIMIT
    tomorrow = await services.reflections.kudos(
        guild, reflection_id=ids[0], giver_id=200, role_ids=roles, now=now + timedelta(days=1)
    )
    assert isinstance(tomorrow, KudosGiven)
    total = await storage.database.fetchone("SELECT SUM(points) FROM point_events WHERE kind = 'kudos' AND user_id = 1")
    assert total is not None and total[0] == 50


async def test_week_results_are_frozen_and_recompute_identically(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas", "Caja")
    services, guild, teams = world.services, world.guild, world.teams
    for offset in range(5):
        day = MONDAY + timedelta(days=offset)
        ventas_post, item = await world.publish_id(teams["Ventas"], day)
        caja_post, _ = await world.publish_id(teams["Caja"], day)
        right = item.correct_index
        assert right is not None
        await world.answer(teams["Ventas"], ventas_post, 1, right, local(day, 12))
        await world.answer(teams["Ventas"], ventas_post, 2, right ^ 1, local(day, 12))
        await world.answer(teams["Caja"], caja_post, 3, right, local(day, 12))
    week = week_of(MONDAY, MEXICO)
    friday = local(MONDAY + timedelta(days=4), 17)
    first = await services.announcements.results(guild, week, friday)
    again = await services.announcements.results(guild, week, friday)
    assert first.to_json() == again.to_json()
    assert [(line.name, line.rank, line.points, line.roster) for line in first.teams] == [
        ("Caja", 1, 600, 1),
        ("Ventas", 2, 700, 2),
    ]
    assert [(person.user_id, person.points) for person in first.top_people][:1] in ([(1, 600)], [(3, 600)])
    assert sum(1 for leader in first.step_leaders if leader.name) >= 1
    due = await services.announcements.due(friday)
    assert [(entry.guild.guild_id, entry.week.label) for entry in due] == [(GUILD, "2026-W48")]
    reserved = await services.announcements.reserve(guild, week, friday, Trigger.SCHEDULE, 101, friday)
    assert isinstance(reserved, tuple)
    assert await services.announcements.due(friday + timedelta(hours=1)) == []
    existing = await services.announcements.reserve(guild, week, friday, Trigger.MANUAL, 101, friday)
    assert not isinstance(existing, tuple) and existing.results == first.to_json()


async def test_the_servers_minimum_length_applies_to_items_that_leave_it_open(
    storage: Storage, catalog: Catalog
) -> None:
    world = await Game.build(storage, only(catalog, SCENARIO), "Ventas")
    services, _, teams = world.services, world.guild, world.teams
    rules = GameRules(ScoringRules(reflection_min_length=120, reflection=10))
    await storage.guilds.save_rules(GUILD, rules, local(MONDAY, 8))
    guild = await services.setup.config(GUILD)
    ventas = teams["Ventas"]
    post_id, _ = await world.publish_id(ventas, MONDAY)
    text = "y" * 100
    outcome = await services.reflections.submit(
        guild,
        channel_id=ventas.channel_id,
        post_id=post_id,
        user_id=1,
        role_ids={ventas.role_id},
        text=text,
        now=local(MONDAY, 10),
    )
    assert isinstance(outcome, TooShort) and outcome.min_length == 120
    outcome = await services.reflections.submit(
        guild,
        channel_id=ventas.channel_id,
        post_id=post_id,
        user_id=1,
        role_ids={ventas.role_id},
        text=text * 2,
        now=local(MONDAY, 10),
    )
    assert isinstance(outcome, Stored) and outcome.points == 10


async def test_a_team_removed_during_the_week_is_still_in_its_announcement(storage: Storage, catalog: Catalog) -> None:
    world = await Game.build(storage, catalog, "Ventas", "Caja")
    services, guild, teams = world.services, world.guild, world.teams
    ventas_post, item = await world.publish_id(teams["Ventas"], MONDAY)
    caja_post, _ = await world.publish_id(teams["Caja"], MONDAY)
    assert item.correct_index is not None
    await world.answer(teams["Ventas"], ventas_post, 1, item.correct_index, local(MONDAY, 12))
    await world.answer(teams["Caja"], caja_post, 3, item.correct_index, local(MONDAY, 12))
    await storage.teams.remove(teams["Caja"], local(MONDAY + timedelta(days=2), 9))

    results = await services.announcements.results(
        guild, week_of(MONDAY, MEXICO), local(MONDAY + timedelta(days=4), 17)
    )

    assert sorted(line.name for line in results.teams) == ["Caja", "Ventas"], "Caja played Monday; it counts"
    assert "Caja" in results.step_points
