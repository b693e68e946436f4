"""ReviewService against a real SQLite file: offered once a day per item, within the cap, scored once, erased."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

from bot.domain.learning.mastery import Level
from bot.domain.periods import Period
from bot.domain.settings import ReviewSettings
from bot.services.reviews import (
    DailyLimit,
    NothingDue,
    NotYours,
    Offer,
    Retired,
    ReviewRepeated,
    ReviewScored,
    ReviewsOff,
    Sure,
    Unknown,
    day_of,
)
from bot.storage.exports import ExportRepository
from tests.builders import MEXICO, MONDAY, Game, local
from tests.unit.services.support import ANA, BETO, VENTAS_ROLE, Posted, click, window

TUESDAY = date(2026, 11, 24)
THURSDAY = date(2026, 11, 26)  # the policy leaves an item alone for 3 days: Monday's miss comes back Thursday
FRIDAY = date(2026, 11, 27)


async def offer(world: Game, day: date, hour: int = 10, user: int = ANA) -> object:
    return await world.services.reviews.offer(world.guild, user, {VENTAS_ROLE}, local(day, hour))


async def test_the_calendar_day_decides_not_24_hours() -> None:
    evening = local(MONDAY, 23, 59)
    assert day_of(evening, MEXICO).date() == MONDAY, "23:59 in Mexico City is still Monday there (05:59 UTC Tuesday)"
    assert day_of(local(TUESDAY, 0, 1), MEXICO).date() == TUESDAY


async def test_an_item_answered_wrong_comes_back_after_the_gap_not_before(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    assert await offer(world, MONDAY, 17) == NothingDue(1), "met today: it comes back another day"
    assert await offer(world, TUESDAY, 8) == NothingDue(1), "spacing: not the very next day"
    offered = await offer(world, THURSDAY, 8)
    assert isinstance(offered, Offer) and offered.item.id == posted.item.id and offered.left == 1
    assert await offer(world, THURSDAY, 9) == offered, "the open review is offered again, not a second one"
    assert await offer(world, THURSDAY, 9, user=BETO) == NothingDue(0), "never an item the person has not met"


async def test_two_presses_at_once_reserve_one_review(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    both = await asyncio.gather(offer(world, THURSDAY), offer(world, THURSDAY))
    assert both[0] == both[1]
    assert await world.count("reviews") == 1


async def test_a_review_scores_once_for_its_owner_only(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    offered = await offer(world, THURSDAY)
    assert isinstance(offered, Offer)
    review_id, at = offered.review.review_id, local(THURSDAY, 10, 5)
    reviews = world.services.reviews
    assert await reviews.answer(world.guild, BETO, review_id, posted.right, at) == NotYours()
    assert isinstance(await reviews.answer(world.guild, ANA, review_id + 99, posted.right, at), Unknown)
    assert isinstance(await reviews.answer(world.guild, ANA, review_id, 7, at), Unknown)
    scored = await reviews.answer(world.guild, ANA, review_id, posted.right, at)
    assert isinstance(scored, ReviewScored) and scored.points == 20 and scored.left == 1
    assert isinstance(await reviews.answer(world.guild, ANA, review_id, posted.wrong, at), ReviewRepeated)
    events = await world.storage.database.fetchall("SELECT kind, points, event_key FROM point_events")
    assert [tuple(row) for row in events if row[0] == "review"] == [("review", 20, f"review:{review_id}")]

    assert await reviews.sure_of_review(world.guild, BETO, review_id, True, at) is Sure.REFUSED
    assert await reviews.sure_of_review(world.guild, ANA, review_id, True, at) is Sure.NOTED
    assert await reviews.sure_of_review(world.guild, ANA, review_id, False, at) is Sure.ALREADY

    exported = [
        point
        async for point in ExportRepository(world.storage.database).points(
            world.guild.guild_id, window(world.guild, Period.ALL, at)
        )
    ]
    review = next(point for point in exported if point.kind == "review")
    assert review.local_date == THURSDAY.isoformat(), "a review's points carry the review's local day"


async def test_a_retired_item_is_not_scored(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    offered = await offer(world, THURSDAY)
    assert isinstance(offered, Offer)
    await world.services.scenarios.retire(world.guild, posted.item.id, BETO, local(THURSDAY, 10))
    outcome = await world.services.reviews.answer(
        world.guild, ANA, offered.review.review_id, posted.right, local(THURSDAY, 10, 5)
    )
    assert outcome == Retired(posted.item.id)
    events = await world.storage.database.fetchall("SELECT kind FROM point_events")
    assert [row[0] for row in events] == ["answer"], "Monday's answer only: the retired review added nothing"


async def test_the_cap_and_zero(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    world.guild = replace(world.guild, reviews=ReviewSettings(per_day=1))
    offered = await offer(world, THURSDAY)
    assert isinstance(offered, Offer) and offered.left == 0
    await world.services.reviews.answer(world.guild, ANA, offered.review.review_id, posted.right, local(THURSDAY, 11))
    assert await offer(world, THURSDAY, 12) == DailyLimit(1)
    world.guild = replace(world.guild, reviews=ReviewSettings(per_day=0))
    assert await offer(world, FRIDAY) == ReviewsOff()


async def test_progress_counts_met_and_mastered_per_step(world: Game, posted: Posted) -> None:
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    progress = await world.services.reviews.progress(world.guild, ANA, local(THURSDAY, 9))
    assert progress.met == 1 and progress.mastered == 0
    assert progress.steps == {posted.item.step: progress.steps[posted.item.step]}
    assert progress.levels[posted.item.id] is not Level.MASTERED
    assert progress.due == 1


async def test_a_server_is_fitted_weekly_and_says_which_parameters_it_uses(world: Game, posted: Posted) -> None:
    reviews = world.services.reviews
    assert (await reviews.parameters_in_use(world.guild)).source == "defaults"
    assert await reviews.unfitted(local(MONDAY, 10)) == [], "a server without answers has nothing to fit"
    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    assert await reviews.unfitted(local(MONDAY, 10)) == [world.guild.guild_id]
    fit = await reviews.refit(world.guild.guild_id, local(MONDAY, 10))
    assert (fit.source, fit.reviews) == ("defaults", 0), "under 512 reviews FSRS's defaults stay"
    used = await reviews.parameters_in_use(world.guild)
    assert (used.source, used.reviews, used.needed) == ("defaults", 0, 512)
    assert await reviews.unfitted(local(MONDAY + timedelta(days=6), 10)) == [], "fitted less than a week ago"
    assert await reviews.unfitted(local(MONDAY + timedelta(days=7), 11)) == [world.guild.guild_id]


async def test_the_memory_job_fits_at_night_and_never_at_start_up(world: Game, posted: Posted) -> None:
    from bot.discord.features.reviews.job import MemoryJob

    await click(world, posted, user=ANA, choice=posted.wrong, at=local(MONDAY, 9, 20))
    world.clock.set(local(MONDAY, 2, 30))
    job = MemoryJob(world.services)
    await job.tick(local(MONDAY, 2, 35))
    assert await world.count("memory_parameters") == 0, "the first minutes of a process are for catching up"
    await job.tick(local(TUESDAY, 10))
    assert await world.count("memory_parameters") == 0, "not in working hours"
    await job.tick(local(THURSDAY, 3))
    assert await world.count("memory_parameters") == 1, "at night, the server is fitted"
