"""The daily loop's use cases against a real SQLite file: set-up, due posts, answers and boards.

The guild plays in America/Mexico_City (UTC-6 all year since 2023) at 09:00, Monday to Friday.
Monday 2026-11-23 is the day under test; every instant is built explicitly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import ManualClock
from bot.domain.inputs import InputError
from bot.domain.model import Catalog, Item
from bot.domain.periods import Period, Window
from bot.domain.schedule import WORKING_WEEK
from bot.domain.scoring import ScoringRules
from bot.domain.settings import GameRules
from bot.domain.state import GuildConfig, Post, PostStatus, Team, TeamConflict, Trigger
from bot.services import Services
from bot.services.answers import AnswerOutcome, Closed, NotInTeam, Rejected, Repeated, Scored, parse_answer_ids
from bot.services.boards import resolve_window
from bot.services.posting import Due, Existing, NothingToPost, Reserved
from bot.storage import Storage

MEXICO = "America/Mexico_City"
GUILD = 1001
OTHER_GUILD = 2002
VENTAS_CHANNEL, VENTAS_ROLE = 111, 211
SOPORTE_CHANNEL, SOPORTE_ROLE = 112, 212
ANA, BETO, CARLA = 501, 502, 503
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in Mexico City."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(MEXICO)).astimezone(UTC)


async def count(storage: Storage, table: str) -> int:
    rows = await storage.database.fetchall(f"SELECT COUNT(*) FROM {table}")
    return int(rows[0][0])


@dataclass
class World:
    services: Services
    clock: ManualClock
    guild: GuildConfig
    ventas: Team
    soporte: Team
    storage: Storage


async def build_world(storage: Storage, catalog: Catalog, start: datetime) -> World:
    clock = ManualClock(start)
    services = Services.build(storage, catalog, clock)
    guild = await services.setup.set_schedule(
        GUILD, post_time=time(9, 0), timezone=MEXICO, weekdays=WORKING_WEEK, window=timedelta(hours=8), now=start
    )
    ventas = await services.setup.add_team(GUILD, "Ventas", VENTAS_CHANNEL, VENTAS_ROLE, start)
    soporte = await services.setup.add_team(GUILD, "Soporte", SOPORTE_CHANNEL, SOPORTE_ROLE, start)
    # These tests pin the base rules (100/0); bonuses have their own tests in test_game_services.py.
    await storage.guilds.save_rules(GUILD, GameRules(PLAIN_RULES), start)
    guild = await services.setup.config(GUILD)
    return World(services, clock, guild, ventas, soporte, storage)


@pytest.fixture
async def world(storage: Storage, bundled_catalog: Catalog) -> World:
    return await build_world(storage, bundled_catalog, local(MONDAY, 7, 0))


async def publish(world: World, team: Team, day: date, at: datetime) -> tuple[Post, Item]:
    """Reserve the team's post for `day` and record it as sent at `at`, as the Discord layer does."""
    reserved = await world.services.posting.reserve(world.guild, team, day, Trigger.SCHEDULE, at)
    assert isinstance(reserved, Reserved)
    await world.services.posting.posted(reserved.post, 900_000 + reserved.post.post_id, at, world.guild)
    post = await world.storage.posts.get(reserved.post.post_id)
    assert post is not None
    return post, reserved.item


PLAIN_RULES = ScoringRules(speed_bonus=0, streak_per_day=0, streak_cap=0)


def window(guild: GuildConfig, period: Period, now: datetime) -> Window:
    return resolve_window(guild, period, now)


def due_teams(due: list[Due]) -> list[str]:
    return sorted(entry.team.name for entry in due)


# --- SetupService ------------------------------------------------------------------------------------------


async def test_add_team_cleans_the_name_and_lists_it(storage: Storage, bundled_catalog: Catalog) -> None:
    services = Services.build(storage, bundled_catalog, ManualClock(local(MONDAY, 7)))
    team = await services.setup.add_team(GUILD, "  Ventas \t Norte ", 10, 20, local(MONDAY, 7))
    assert team.name == "Ventas Norte"
    assert await services.setup.teams(GUILD) == [team]
    assert await services.setup.teams(OTHER_GUILD) == []


async def test_team_names_conflict_case_insensitively(world: World) -> None:
    with pytest.raises(TeamConflict) as caught:
        await world.services.setup.add_team(GUILD, "  VENTAS ", 999, 998, local(MONDAY, 7))
    assert caught.value.field == "name"
    assert caught.value.other == world.ventas
    assert str(caught.value) == "name already used by team 'Ventas'"
    assert await count(world.storage, "teams") == 2


async def test_team_channel_conflicts_even_with_another_name(world: World) -> None:
    with pytest.raises(TeamConflict) as caught:
        await world.services.setup.add_team(GUILD, "Cobranza", VENTAS_CHANNEL, 998, local(MONDAY, 7))
    assert caught.value.field == "channel"
    assert caught.value.other.name == "Ventas"
    assert str(caught.value) == "channel already used by team 'Ventas'"
    assert await count(world.storage, "teams") == 2


async def test_the_same_team_name_is_fine_in_another_guild(world: World) -> None:
    team = await world.services.setup.add_team(OTHER_GUILD, "Ventas", 777, 778, local(MONDAY, 7))
    assert team.guild_id == OTHER_GUILD
    assert [t.name for t in await world.services.setup.teams(OTHER_GUILD)] == ["Ventas"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "the team name is empty"),
        (" \t\n", "the team name is empty"),
        ("\x00\x07", "the team name is empty"),
        ("x" * 51, "the team name is 51 characters; at most 50"),
    ],
)
async def test_bad_team_names_are_refused(world: World, name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        await world.services.setup.add_team(GUILD, name, 999, 998, local(MONDAY, 7))
    assert str(caught.value) == message
    assert await count(world.storage, "teams") == 2


@pytest.mark.parametrize("timezone", ["Mars/Olympus", "../etc/passwd", "", "mexico city"])
async def test_set_schedule_refuses_a_bad_timezone_and_stores_nothing(
    storage: Storage, bundled_catalog: Catalog, timezone: str
) -> None:
    services = Services.build(storage, bundled_catalog, ManualClock(local(MONDAY, 7)))
    with pytest.raises(InputError) as caught:
        await services.setup.set_schedule(
            GUILD, post_time=time(9), timezone=timezone, weekdays=WORKING_WEEK, window=None, now=local(MONDAY, 7)
        )
    assert str(caught.value) == f"'{timezone}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid"
    assert (await services.setup.config(GUILD)).post_time is None
    assert await count(storage, "guild_settings") == 0


async def test_set_schedule_is_stored_and_an_unspecified_window_keeps_the_current_one(world: World) -> None:
    config = await world.services.setup.config(GUILD)
    assert (config.timezone, config.post_time, config.weekdays) == (MEXICO, time(9, 0), WORKING_WEEK)
    assert config.answer_window == timedelta(hours=8)
    await world.services.setup.set_schedule(
        GUILD,
        post_time=time(10, 30),
        timezone="Europe/Madrid",
        weekdays=frozenset({6}),
        window=None,
        now=local(MONDAY, 8),
    )
    config = await world.services.setup.config(GUILD)
    assert (config.timezone, config.post_time, config.weekdays) == ("Europe/Madrid", time(10, 30), frozenset({6}))
    assert config.answer_window == timedelta(hours=8)


async def test_an_unconfigured_guild_has_defaults_and_is_never_due(storage: Storage, bundled_catalog: Catalog) -> None:
    services = Services.build(storage, bundled_catalog, ManualClock(local(MONDAY, 7)))
    await services.setup.add_team(GUILD, "Ventas", 1, 2, local(MONDAY, 7))
    config = await services.setup.config(GUILD)
    assert config.post_time is None
    assert config.schedule is None
    assert await services.posting.due(local(MONDAY, 12)) == []
    assert await services.posting.next_wakeup(local(MONDAY, 12)) is None


# --- PostingService.due ----------------------------------------------------------------------------------


async def test_nothing_is_due_before_the_post_time(world: World) -> None:
    assert await world.services.posting.due(local(MONDAY, 8, 59)) == []


async def test_every_team_is_due_at_the_post_time(world: World) -> None:
    due = await world.services.posting.due(local(MONDAY, 9, 0))
    assert due_teams(due) == ["Soporte", "Ventas"]
    assert {entry.day for entry in due} == {MONDAY}
    assert {entry.guild.guild_id for entry in due} == {GUILD}


async def test_after_one_team_is_reserved_only_the_other_is_due(world: World) -> None:
    now = local(MONDAY, 9, 0)
    reserved = await world.services.posting.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, now)
    assert isinstance(reserved, Reserved)
    assert reserved.post.status is PostStatus.SENDING
    assert due_teams(await world.services.posting.due(now)) == ["Soporte"]


async def test_catch_up_after_downtime_is_due_once_the_same_day_and_never_the_next(world: World) -> None:
    challenges = world.services.posting
    assert await challenges.due(local(MONDAY, 8, 0)) == []
    # The machine was down from 08:00 to 15:00: the 09:00 post is still due, once per team.
    due = await challenges.due(local(MONDAY, 15, 0))
    assert due_teams(due) == ["Soporte", "Ventas"]
    assert [entry.day for entry in due] == [MONDAY, MONDAY]
    for entry in due:
        await publish(world, entry.team, entry.day, local(MONDAY, 15, 0))
    assert await challenges.due(local(MONDAY, 15, 1)) == []
    assert await challenges.due(local(MONDAY, 23, 59)) == []
    # Tuesday before 09:00: nothing, in particular nothing for Monday.
    assert await challenges.due(local(TUESDAY, 8, 59)) == []
    assert due_teams(await challenges.due(local(TUESDAY, 9, 0))) == ["Soporte", "Ventas"]


async def test_a_missed_day_is_never_posted_the_next_day(world: World) -> None:
    # Down all Monday: on Tuesday before the post time nothing is due, not even Monday's post.
    assert await world.services.posting.due(local(TUESDAY, 8, 30)) == []
    due = await world.services.posting.due(local(TUESDAY, 9, 30))
    assert {entry.day for entry in due} == {TUESDAY}


async def test_weekend_is_not_due(world: World) -> None:
    assert await world.services.posting.due(local(date(2026, 11, 28), 12, 0)) == []


async def test_reserving_twice_returns_the_existing_post(world: World) -> None:
    now = local(MONDAY, 9, 0)
    first = await world.services.posting.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, now)
    second = await world.services.posting.reserve(world.guild, world.ventas, MONDAY, Trigger.MANUAL, now)
    assert isinstance(first, Reserved)
    assert isinstance(second, Existing)
    assert second.post.post_id == first.post.post_id
    assert second.post.trigger is Trigger.SCHEDULE
    assert await count(world.storage, "posts") == 1


async def test_no_duplicate_posts_across_a_restart(db_path: Path, bundled_catalog: Catalog) -> None:
    now = local(MONDAY, 9, 0)
    storage = await Storage.open(db_path)
    try:
        world = await build_world(storage, bundled_catalog, local(MONDAY, 7))
        ids = {}
        for team in (world.ventas, world.soporte):
            reserved = await world.services.posting.reserve(world.guild, team, MONDAY, Trigger.SCHEDULE, now)
            assert isinstance(reserved, Reserved)
            ids[team.team_id] = reserved.post.post_id
    finally:
        await storage.close()

    reopened = await Storage.open(db_path)
    try:
        services = Services.build(reopened, bundled_catalog, ManualClock(now))
        assert await services.posting.due(local(MONDAY, 9, 1)) == []
        guild = await services.setup.config(GUILD)
        for team in await services.setup.teams(GUILD):
            again = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9, 1))
            assert isinstance(again, Existing)
            assert again.post.post_id == ids[team.team_id]
        assert await count(reopened, "posts") == 2
    finally:
        await reopened.close()


async def test_every_team_of_a_guild_gets_the_same_item_on_a_day(world: World) -> None:
    now = local(MONDAY, 9, 0)
    first = await world.services.posting.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, now)
    second = await world.services.posting.reserve(world.guild, world.soporte, MONDAY, Trigger.SCHEDULE, now)
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


async def test_the_item_of_the_day_is_playable_in_the_guild_language(world: World) -> None:
    item = await world.services.posting.item_for_day(world.guild, MONDAY)
    assert item is not None
    assert item.speaks("es")
    assert item.answerable


async def test_a_guild_whose_language_has_no_content_gets_nothing_to_post(
    storage: Storage, bundled_catalog: Catalog
) -> None:
    spanish_only = replace(
        bundled_catalog,
        items={key: replace(item, languages=("es",)) for key, item in bundled_catalog.items.items()},
    )
    world = await build_world(storage, spanish_only, local(MONDAY, 7, 0))
    english = GuildConfig(GUILD, timezone=MEXICO, post_time=time(9), language="en")
    outcome = await world.services.posting.reserve(english, world.ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
    assert outcome == NothingToPost("en")
    assert await count(world.storage, "posts") == 0


async def test_posted_opens_the_answer_window_for_the_configured_length(world: World) -> None:
    post, _ = await publish(world, world.ventas, MONDAY, local(MONDAY, 9, 2))
    assert post.status is PostStatus.POSTED
    assert post.posted_at == local(MONDAY, 9, 2)
    assert post.closes_at == local(MONDAY, 17, 2)
    assert post.message_id == 900_000 + post.post_id


async def test_fall_back_day_posts_once_although_the_post_time_happens_twice(
    storage: Storage, bundled_catalog: Catalog
) -> None:
    # Madrid, Sunday 2026-10-25: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    first, second = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    services = Services.build(storage, bundled_catalog, ManualClock(first))
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
    storage: Storage, bundled_catalog: Catalog
) -> None:
    # Madrid, Sunday 2026-03-29: 02:30 does not exist; the post goes out at 03:00 CEST (01:00 UTC).
    before = datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
    services = Services.build(storage, bundled_catalog, ManualClock(before))
    await services.setup.set_schedule(
        GUILD, post_time=time(2, 30), timezone="Europe/Madrid", weekdays=frozenset(range(1, 8)), window=None, now=before
    )
    await services.setup.add_team(GUILD, "Ventas", VENTAS_CHANNEL, VENTAS_ROLE, before)
    assert await services.posting.due(before) == []
    assert await services.posting.next_wakeup(before) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    due = await services.posting.due(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
    assert [(entry.team.name, entry.day) for entry in due] == [("Ventas", date(2026, 3, 29))]


# --- PostingService.failed ------------------------------------------------------------------------------


async def test_failed_posts_are_retried_later_the_same_local_day(world: World) -> None:
    challenges = world.services.posting
    reserved = await challenges.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
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


async def test_retry_delays_grow_with_attempts(world: World) -> None:
    challenges = world.services.posting
    reserved = await challenges.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9))
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


async def test_a_retry_never_goes_past_the_local_day(world: World) -> None:
    challenges = world.services.posting
    reserved = await challenges.reserve(world.guild, world.ventas, MONDAY, Trigger.SCHEDULE, local(MONDAY, 23, 50))
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


# --- AnswerService -----------------------------------------------------------------------------------------


@dataclass
class Posted:
    post: Post
    item: Item

    @property
    def right(self) -> int:
        index = self.item.correct_index
        assert index is not None
        return index

    @property
    def wrong(self) -> int:
        return (self.right + 1) % len(self.item.choices)


@pytest.fixture
async def posted(world: World) -> Posted:
    post, item = await publish(world, world.ventas, MONDAY, local(MONDAY, 9, 0))
    return Posted(post, item)


async def click(
    world: World,
    posted: Posted,
    *,
    user: int = ANA,
    choice: int | None = None,
    roles: tuple[int, ...] = (VENTAS_ROLE,),
    guild: int = GUILD,
    channel: int = VENTAS_CHANNEL,
    post_id: int | None = None,
    at: datetime | None = None,
) -> AnswerOutcome:
    config = world.guild if guild == GUILD else GuildConfig(guild, timezone=MEXICO)
    return await world.services.answers.answer(
        guild=config,
        channel_id=channel,
        user_id=user,
        role_ids=roles,
        post_id=posted.post.post_id if post_id is None else post_id,
        choice_index=posted.right if choice is None else choice,
        now=at or local(MONDAY, 10, 0),
    )


async def test_a_correct_answer_scores_100_with_an_answer_and_a_point_event(world: World, posted: Posted) -> None:
    outcome = await click(world, posted, user=ANA, choice=posted.right, at=local(MONDAY, 10, 15))
    assert isinstance(outcome, Scored)
    assert outcome.points == 100
    assert outcome.team == world.ventas
    assert outcome.item.id == posted.item.id
    assert (outcome.answer.user_id, outcome.answer.choice_index, outcome.answer.correct) == (ANA, posted.right, True)
    answers = await world.storage.database.fetchall(
        "SELECT post_id, guild_id, team_id, user_id, choice_index, correct FROM answers"
    )
    assert [tuple(row) for row in answers] == [(posted.post.post_id, GUILD, world.ventas.team_id, ANA, posted.right, 1)]
    events = await world.storage.database.fetchall(
        "SELECT guild_id, team_id, user_id, post_id, item_id, step, dimension, kind, points, created_at"
        " FROM point_events"
    )
    assert [tuple(row) for row in events] == [
        (
            GUILD,
            world.ventas.team_id,
            ANA,
            posted.post.post_id,
            posted.item.id,
            posted.item.step,
            posted.item.dimensions[0],
            "answer",
            100,
            "2026-11-23 16:15:00.000000",
        )
    ]


async def test_a_wrong_answer_scores_0_and_is_still_recorded(world: World, posted: Posted) -> None:
    outcome = await click(world, posted, user=BETO, choice=posted.wrong)
    assert isinstance(outcome, Scored)
    assert outcome.points == 0
    assert outcome.answer.correct is False
    rows = await world.storage.database.fetchall("SELECT user_id, points FROM point_events")
    assert [tuple(row) for row in rows] == [(BETO, 0)]
    assert await count(world.storage, "answers") == 1


async def test_a_second_click_is_repeated_and_changes_nothing(world: World, posted: Posted) -> None:
    first = await click(world, posted, choice=posted.wrong, at=local(MONDAY, 10, 0))
    assert isinstance(first, Scored)
    again = await click(world, posted, choice=posted.right, at=local(MONDAY, 10, 1))
    assert isinstance(again, Repeated)
    assert again.previous.choice_index == posted.wrong
    assert again.previous.correct is False
    assert await count(world.storage, "answers") == 1
    rows = await world.storage.database.fetchall("SELECT points FROM point_events")
    assert [row[0] for row in rows] == [0]


async def test_an_answer_after_the_window_is_closed_and_stores_nothing(world: World, posted: Posted) -> None:
    assert posted.post.closes_at == local(MONDAY, 17, 0)
    just_before = await click(world, posted, user=BETO, at=local(MONDAY, 16, 59))
    assert isinstance(just_before, Scored)
    outcome = await click(world, posted, user=ANA, at=local(MONDAY, 17, 0))
    assert outcome == Closed(posted.item, local(MONDAY, 17, 0))
    assert await count(world.storage, "answers") == 1
    assert await count(world.storage, "point_events") == 1


async def test_a_member_without_the_team_role_is_not_in_the_team(world: World, posted: Posted) -> None:
    outcome = await click(world, posted, roles=(SOPORTE_ROLE, 9999))
    assert outcome == NotInTeam(world.ventas)
    assert await count(world.storage, "answers") == 0
    assert await count(world.storage, "point_events") == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"guild": OTHER_GUILD}, "unknown post"),
        ({"channel": SOPORTE_CHANNEL}, "unknown post"),
        ({"post_id": 987_654}, "unknown post"),
        ({"choice": 5}, "unknown choice"),
        ({"choice": -1}, "unknown choice"),
    ],
    ids=["other-guild", "other-channel", "unknown-post", "choice-too-high", "negative-choice"],
)
async def test_clicks_that_do_not_match_a_post_are_rejected_and_store_nothing(
    world: World, posted: Posted, change: dict[str, int], reason: str
) -> None:
    assert len(posted.item.choices) <= 5
    outcome = await click(world, posted, **change)  # type: ignore[arg-type]
    assert outcome == Rejected(reason)
    assert await count(world.storage, "answers") == 0
    assert await count(world.storage, "point_events") == 0


async def test_a_choice_just_past_the_last_button_is_rejected(world: World, posted: Posted) -> None:
    outcome = await click(world, posted, choice=len(posted.item.choices))
    assert outcome == Rejected("unknown choice")
    assert await count(world.storage, "answers") == 0


async def test_a_post_still_being_sent_cannot_be_answered(world: World) -> None:
    reserved = await world.services.posting.reserve(
        world.guild, world.soporte, MONDAY, Trigger.SCHEDULE, local(MONDAY, 9)
    )
    assert isinstance(reserved, Reserved)
    outcome = await world.services.answers.answer(
        guild=world.guild,
        channel_id=SOPORTE_CHANNEL,
        user_id=ANA,
        role_ids=[SOPORTE_ROLE],
        post_id=reserved.post.post_id,
        choice_index=0,
        now=local(MONDAY, 9, 1),
    )
    assert outcome == Rejected("post not open")
    assert await count(world.storage, "answers") == 0
    assert await count(world.storage, "point_events") == 0


# --- BoardService ------------------------------------------------------------------------------------------


async def test_boards_match_what_was_answered(world: World, posted: Posted) -> None:
    _, soporte_item = await publish(world, world.soporte, MONDAY, local(MONDAY, 9, 0))
    assert soporte_item.id == posted.item.id
    assert isinstance(await click(world, posted, user=ANA, choice=posted.right), Scored)
    assert isinstance(await click(world, posted, user=BETO, choice=posted.wrong), Scored)
    now = local(MONDAY, 18, 0)

    teams = await world.services.boards.teams(world.guild, window(world.guild, Period.WEEK, now))
    assert teams.window.label == "2026-W48"
    assert teams.names == {world.ventas.team_id: "Ventas", world.soporte.team_id: "Soporte"}
    rows = [
        (
            r.rank,
            teams.names[r.standing.key],
            r.standing.points,
            r.standing.answers,
            r.standing.correct,
            r.standing.members,
        )
        for r in teams.rows
    ]
    assert rows == [(1, "Ventas", 100, 2, 1, 2), (2, "Soporte", 0, 0, 0, 0)]

    people = await world.services.boards.people(world.guild, window(world.guild, Period.WEEK, now))
    assert [
        (r.rank, r.standing.key, r.standing.points, r.standing.answers, r.standing.correct) for r in people.rows
    ] == [
        (1, ANA, 100, 1, 1),
        (2, BETO, 0, 1, 0),
    ]

    ana = await world.services.boards.person(world.guild, ANA, window(world.guild, Period.MONTH, now), now)
    assert ana.window.label == "2026-11"
    assert ana.row is not None
    assert (ana.row.rank, ana.row.standing.points, ana.row.standing.accuracy) == (1, 100, 1.0)
    assert ana.ranked_people == 2
    carla = await world.services.boards.person(world.guild, CARLA, window(world.guild, Period.ALL, now), now)
    assert carla.row is None
    assert carla.ranked_people == 2


async def test_teams_without_points_tie_at_rank_one_in_name_order(world: World) -> None:
    board = await world.services.boards.teams(world.guild, window(world.guild, Period.ALL, local(MONDAY, 18)))
    assert [(r.rank, board.names[r.standing.key], r.standing.points) for r in board.rows] == [
        (1, "Soporte", 0),
        (1, "Ventas", 0),
    ]
    assert (
        await world.services.boards.people(world.guild, window(world.guild, Period.ALL, local(MONDAY, 18)))
    ).rows == []


async def test_points_of_last_week_are_not_on_this_weeks_board(world: World, posted: Posted) -> None:
    assert isinstance(await click(world, posted, user=ANA), Scored)
    next_monday = local(date(2026, 11, 30), 10)
    week = await world.services.boards.teams(world.guild, window(world.guild, Period.WEEK, next_monday))
    assert week.window.label == "2026-W49"
    assert [r.standing.points for r in week.rows] == [0, 0]
    assert (await world.services.boards.people(world.guild, window(world.guild, Period.WEEK, next_monday))).rows == []
    all_time = await world.services.boards.people(world.guild, window(world.guild, Period.ALL, next_monday))
    assert [(r.standing.key, r.standing.points) for r in all_time.rows] == [(ANA, 100)]


async def test_boards_of_another_guild_are_empty(world: World, posted: Posted) -> None:
    assert isinstance(await click(world, posted, user=ANA), Scored)
    other = GuildConfig(OTHER_GUILD, timezone=MEXICO)
    assert (await world.services.boards.teams(other, window(other, Period.ALL, local(MONDAY, 18)))).rows == []
    assert (await world.services.boards.people(other, window(other, Period.ALL, local(MONDAY, 18)))).rows == []


@pytest.mark.parametrize(
    ("post", "choice", "expected"),
    [
        ("12", "3", (12, 3)),
        ("0", "0", (0, 0)),
        ("9" * 19, "4", (int("9" * 19), 4)),
        ("9" * 20, "1", None),
        ("12", "10", None),
        ("-1", "0", None),
        ("12", "-1", None),
        ("", "1", None),
        ("12", "", None),
        ("１２", "1", None),  # full-width digits
        ("12", "٣", None),  # Arabic-Indic digit
        ("1e3", "1", None),
        (" 12", "1", None),
    ],
)
def test_button_ids_are_parsed_strictly(post: str, choice: str, expected: tuple[int, int] | None) -> None:
    assert parse_answer_ids(post, choice) == expected


# --- rotation through the database ---------------------------------------------------------------------------


async def test_the_daily_pick_walks_the_library_without_repeats_or_a_step_twice_in_a_row(world: World) -> None:
    playable = world.services.catalog.playable("es")
    calendar = (MONDAY + timedelta(days=offset) for offset in range(10 * len(playable)))
    days = [day for day in calendar if day.isoweekday() <= 5][: len(playable)]
    items = [(await publish(world, world.ventas, day, local(day, 9)))[1] for day in days]
    assert len({item.id for item in items}) == len(playable), "every item once before any repeat"
    assert all(a.step != b.step for a, b in itertools.pairwise(items)), [item.step for item in items]
    # Soporte joins the same days and plays the very same items: teams compare on equal terms.
    for day, item in zip(days, items, strict=True):
        _, theirs = await publish(world, world.soporte, day, local(day, 9, 5))
        assert theirs.id == item.id
