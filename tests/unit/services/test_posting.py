"""PostingService: what is due, reservations, retries and the rotation, against a real SQLite file.

The guild plays in America/Mexico_City (UTC-6 all year) at 09:00, Monday to Friday; Monday 2026-11-23 is
the day under test.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.rotation import StepRecord
from bot.domain.state import GuildConfig, PostStatus, Trigger
from bot.services import Services
from bot.services.posting import Existing, NothingToPost, Reserved
from bot.storage import Storage
from tests.builders import GUILD, MEXICO, MONDAY, Game, local
from tests.unit.services.support import ANA, BETO, VENTAS_CHANNEL, VENTAS_ROLE, build_world, count, due_teams

TUESDAY = date(2026, 11, 24)


# --- PostingService.due ----------------------------------------------------------------------------------


async def test_nothing_is_due_before_the_post_time(world: Game) -> None:
    assert await world.services.posting.due(local(MONDAY, 8, 59)) == []


async def test_every_team_is_due_at_the_post_time(world: Game) -> None:
    due = await world.services.posting.due(local(MONDAY, 9, 0))
    assert due_teams(due) == ["Soporte", "Ventas"]
    assert {entry.day for entry in due} == {MONDAY}
    assert {entry.guild.guild_id for entry in due} == {GUILD}


async def test_after_one_team_is_reserved_only_the_other_is_due(world: Game) -> None:
    now = local(MONDAY, 9, 0)
    reserved = await world.services.posting.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.SCHEDULE, now)
    assert isinstance(reserved, Reserved)
    assert reserved.post.status is PostStatus.SENDING
    assert due_teams(await world.services.posting.due(now)) == ["Soporte"]


async def test_catch_up_after_downtime_is_due_once_the_same_day_and_never_the_next(world: Game) -> None:
    challenges = world.services.posting
    assert await challenges.due(local(MONDAY, 8, 0)) == []
    # The machine was down from 08:00 to 15:00: the 09:00 post is still due, once per team.
    due = await challenges.due(local(MONDAY, 15, 0))
    assert due_teams(due) == ["Soporte", "Ventas"]
    assert [entry.day for entry in due] == [MONDAY, MONDAY]
    for entry in due:
        await world.publish(entry.team, entry.day, local(MONDAY, 15, 0))
    assert await challenges.due(local(MONDAY, 15, 1)) == []
    assert await challenges.due(local(MONDAY, 23, 59)) == []
    # Tuesday before 09:00: nothing, in particular nothing for Monday.
    assert await challenges.due(local(TUESDAY, 8, 59)) == []
    assert due_teams(await challenges.due(local(TUESDAY, 9, 0))) == ["Soporte", "Ventas"]


async def test_a_missed_day_is_never_posted_the_next_day(world: Game) -> None:
    # Down all Monday: on Tuesday before the post time nothing is due, not even Monday's post.
    assert await world.services.posting.due(local(TUESDAY, 8, 30)) == []
    due = await world.services.posting.due(local(TUESDAY, 9, 30))
    assert {entry.day for entry in due} == {TUESDAY}


async def test_weekend_is_not_due(world: Game) -> None:
    assert await world.services.posting.due(local(date(2026, 11, 28), 12, 0)) == []


async def test_reserving_twice_returns_the_existing_post(world: Game) -> None:
    now = local(MONDAY, 9, 0)
    first = await world.services.posting.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.SCHEDULE, now)
    second = await world.services.posting.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.MANUAL, now)
    assert isinstance(first, Reserved)
    assert isinstance(second, Existing)
    assert second.post.post_id == first.post.post_id
    assert second.post.trigger is Trigger.SCHEDULE
    assert await world.count("posts") == 1


async def test_no_duplicate_posts_across_a_restart(target: str, catalog: Catalog) -> None:
    now = local(MONDAY, 9, 0)
    storage = await Storage.open(target)
    try:
        world = await build_world(storage, catalog, local(MONDAY, 7))
        ids = {}
        for team in (world.teams["Ventas"], world.teams["Soporte"]):
            reserved = await world.services.posting.reserve(world.guild, team, MONDAY, Trigger.SCHEDULE, now)
            assert isinstance(reserved, Reserved)
            ids[team.team_id] = reserved.post.post_id
    finally:
        await storage.close()

    reopened = await Storage.open(target)
    try:
        services = Services.build(reopened, catalog, ManualClock(now))
        assert await services.posting.due(local(MONDAY, 9, 1)) == []
        guild = await services.setup.config(GUILD)
        for team in await services.setup.teams(GUILD):
            again = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9, 1))
            assert isinstance(again, Existing)
            assert again.post.post_id == ids[team.team_id]
        assert await count(reopened, "posts") == 2
    finally:
        await reopened.close()


async def test_every_team_of_a_guild_gets_the_same_item_on_a_day(world: Game) -> None:
    now = local(MONDAY, 9, 0)
    first = await world.services.posting.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.SCHEDULE, now)
    second = await world.services.posting.reserve(world.guild, world.teams["Soporte"], MONDAY, Trigger.SCHEDULE, now)
    assert isinstance(first, Reserved)
    assert isinstance(second, Reserved)
    assert (second.item.id, second.item.version) == (first.item.id, first.item.version)
    same = await world.services.posting.item_for_day(world.guild, MONDAY)
    assert same is not None
    assert same.id == first.item.id
    # A new day brings an item that has not been played yet.
    tomorrow = await world.services.posting.item_for_day(world.guild, TUESDAY)
    assert tomorrow is not None
    assert tomorrow.id != first.item.id


async def test_the_item_of_the_day_is_playable_in_the_guild_language(world: Game) -> None:
    item = await world.services.posting.item_for_day(world.guild, MONDAY)
    assert item is not None
    assert item.speaks("es")
    assert item.answerable


async def test_a_guild_whose_language_has_no_content_gets_nothing_to_post(
    storage: Storage, catalog: Catalog
) -> None:
    spanish_only = replace(
        catalog,
        items={key: replace(item, languages=("es",)) for key, item in catalog.items.items()},
    )
    world = await build_world(storage, spanish_only, local(MONDAY, 7, 0))
    english = GuildConfig(GUILD, timezone=MEXICO, post_time=time(9), language="en")
    ventas = world.teams["Ventas"]
    outcome = await world.services.posting.reserve(english, ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
    assert outcome == NothingToPost("en")
    assert await world.count("posts") == 0


async def test_posted_opens_the_answer_window_for_the_configured_length(world: Game) -> None:
    post, _ = await world.publish(world.teams["Ventas"], MONDAY, local(MONDAY, 9, 2))
    assert post.status is PostStatus.POSTED
    assert post.posted_at == local(MONDAY, 9, 2)
    assert post.closes_at == local(MONDAY, 17, 2)
    assert post.message_id == 10_000 + post.post_id  # what Game.publish records as the message


async def test_fall_back_day_posts_once_although_the_post_time_happens_twice(
    storage: Storage, catalog: Catalog
) -> None:
    # Madrid, Sunday 2026-10-25: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    first, second = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    services = Services.build(storage, catalog, ManualClock(first))
    guild = await services.setup.set_schedule(
        GUILD, post_time=time(2, 30), timezone="Europe/Madrid", weekdays=frozenset(range(1, 8)), window=None, now=first
    )
    team = await services.setup.add_team(GUILD, "Ventas", VENTAS_CHANNEL, VENTAS_ROLE, first)
    assert await services.posting.due(first - timedelta(seconds=1)) == []
    due = await services.posting.due(first)
    assert [(entry.team.name, entry.day) for entry in due] == [("Ventas", date(2026, 10, 25))]
    assert isinstance(await services.posting.reserve(guild, team, due[0].day, Trigger.SCHEDULE, first), Reserved)
    assert await services.posting.due(second) == []
    assert await services.posting.next_wakeup(second) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


async def test_spring_forward_day_posts_when_the_clock_jumps_past_the_post_time(
    storage: Storage, catalog: Catalog
) -> None:
    # Madrid, Sunday 2026-03-29: 02:30 does not exist; the post goes out at 03:00 CEST (01:00 UTC).
    before = datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
    services = Services.build(storage, catalog, ManualClock(before))
    await services.setup.set_schedule(
        GUILD, post_time=time(2, 30), timezone="Europe/Madrid", weekdays=frozenset(range(1, 8)), window=None, now=before
    )
    await services.setup.add_team(GUILD, "Ventas", VENTAS_CHANNEL, VENTAS_ROLE, before)
    assert await services.posting.due(before) == []
    assert await services.posting.next_wakeup(before) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    due = await services.posting.due(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
    assert [(entry.team.name, entry.day) for entry in due] == [("Ventas", date(2026, 3, 29))]


# --- PostingService.failed ------------------------------------------------------------------------------


async def test_failed_posts_are_retried_later_the_same_local_day(world: Game) -> None:
    challenges = world.services.posting
    reserved = await challenges.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
    assert isinstance(reserved, Reserved)
    retry_at = await challenges.failed(reserved.post, "403/50013 Missing Permissions", world.guild, local(MONDAY, 9))
    assert retry_at == local(MONDAY, 9, 5)
    stored = await world.storage.posts.get(reserved.post.post_id)
    assert stored is not None
    assert (stored.status, stored.retry_at, stored.last_error) == (
        PostStatus.FAILED,
        local(MONDAY, 9, 5),
        "403/50013 Missing Permissions",
    )
    assert await challenges.retries_due(local(MONDAY, 9, 4)) == []
    assert [p.post_id for p in await challenges.retries_due(local(MONDAY, 9, 5))] == [stored.post_id]
    assert await challenges.next_wakeup(local(MONDAY, 9, 1)) == local(MONDAY, 9, 5)


async def test_retry_delays_grow_with_attempts(world: Game) -> None:
    challenges = world.services.posting
    reserved = await challenges.reserve(world.guild, world.teams["Ventas"], MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
    assert isinstance(reserved, Reserved)
    delays = []
    for _ in range(5):
        post = await world.storage.posts.get(reserved.post.post_id)
        assert post is not None
        retry_at = await challenges.failed(post, "boom", world.guild, local(MONDAY, 10))
        assert retry_at is not None
        delays.append(retry_at - local(MONDAY, 10))
        assert await world.storage.posts.mark_retrying(post.post_id)
    assert delays == [timedelta(minutes=m) for m in (5, 15, 30, 60, 60)]


async def test_a_retry_never_goes_past_the_local_day(world: Game) -> None:
    challenges = world.services.posting
    ventas = world.teams["Ventas"]
    reserved = await challenges.reserve(world.guild, ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 23, 50))
    assert isinstance(reserved, Reserved)
    # First attempt failed at 23:50: retry in 5 minutes, still Monday.
    assert await challenges.failed(reserved.post, "boom", world.guild, local(MONDAY, 23, 50)) == local(MONDAY, 23, 55)
    assert await world.storage.posts.mark_retrying(reserved.post.post_id)
    second = await world.storage.posts.get(reserved.post.post_id)
    assert second is not None
    # Second attempt failed at 23:55: 15 minutes later is Tuesday, so no retry at all.
    assert await challenges.failed(second, "boom", world.guild, local(MONDAY, 23, 55)) is None
    stored = await world.storage.posts.get(reserved.post.post_id)
    assert stored is not None
    assert (stored.status, stored.retry_at) == (PostStatus.FAILED, None)
    assert await challenges.retries_due(local(TUESDAY, 12)) == []
    # The failed Monday post also keeps Monday from being due again, and Tuesday is a new day.
    assert due_teams(await challenges.due(local(MONDAY, 23, 58))) == ["Soporte"]


# --- rotation through the database ---------------------------------------------------------------------------


async def test_the_daily_pick_walks_the_library_without_repeats_or_a_step_twice_in_a_row(world: Game) -> None:
    playable = world.services.catalog.playable("es")
    calendar = (MONDAY + timedelta(days=offset) for offset in range(10 * len(playable)))
    days = [day for day in calendar if day.isoweekday() <= 5][: len(playable)]
    items = [(await world.publish(world.teams["Ventas"], day, local(day, 9)))[1] for day in days]
    assert len({item.id for item in items}) == len(playable), "every item once before any repeat"
    assert all(a.step != b.step for a, b in itertools.pairwise(items)), [item.step for item in items]
    # Soporte joins the same days and plays the very same items: teams compare on equal terms.
    for day, item in zip(days, items, strict=True):
        _, theirs = await world.publish(world.teams["Soporte"], day, local(day, 9, 5))
        assert theirs.id == item.id


async def test_the_rotation_reads_the_servers_answers_per_step_before_the_day(world: Game) -> None:
    post_id, item = await world.publish_id(world.teams["Ventas"], MONDAY)
    right = item.correct_index
    assert right is not None
    await world.answer(world.teams["Ventas"], post_id, ANA, right, local(MONDAY, 9, 30))
    await world.answer(world.teams["Ventas"], post_id, BETO, (right + 1) % len(item.choices), local(MONDAY, 9, 40))
    posting = world.services.posting
    assert await posting.step_records(world.guild, MONDAY) == {}, "the day's own answers do not steer its pick"
    assert await posting.step_records(world.guild, TUESDAY) == {item.step: StepRecord(2, 1)}
