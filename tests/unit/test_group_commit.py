"""Group commit: clicks that arrive together share a transaction, and each still gets its own exact outcome."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.scoring import AnswerScore, ScoringRules, score_answer
from bot.domain.state import Trigger
from bot.services import Services
from bot.services.answers import Repeated, Scored
from bot.services.posting import Reserved
from bot.storage import AlreadyAnswered, Storage
from bot.storage.batching import GroupCommit
from bot.storage.ledger import Recorded

GUILD = 7
MONDAY = date(2026, 11, 23)
NINE = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


async def a_post(storage: Storage, catalog: Catalog) -> tuple[Services, int]:
    services = Services.build(storage, catalog, ManualClock(NINE))
    await services.setup.set_schedule(
        GUILD, post_time=time(9), timezone="America/Mexico_City", weekdays=frozenset(range(1, 8)), window=None, now=NINE
    )
    team = await services.setup.add_team(GUILD, "Ventas", 100, 200, NINE)
    guild = await services.setup.config(GUILD)
    reserved = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, NINE)
    assert isinstance(reserved, Reserved)
    await services.posting.posted(reserved.post, 5000, NINE, guild)
    return services, reserved.post.post_id


async def test_a_burst_is_one_batch_with_the_first_click_of_each_member_winning(
    storage: Storage, catalog: Catalog
) -> None:
    services, post_id = await a_post(storage, catalog)
    guild = await services.setup.config(GUILD)
    later = NINE + timedelta(minutes=1)

    def click(user: int, choice: int) -> asyncio.Task[object]:
        return asyncio.create_task(
            services.answers.answer(
                guild=guild,
                channel_id=100,
                user_id=user,
                role_ids={200},
                post_id=post_id,
                choice_index=choice,
                now=later,
            )
        )

    # One click first, so that the burst meets warm caches: on PostgreSQL, reads run side by side and a cold
    # cache would let a member's later click overtake their first on the way to the ledger.
    assert isinstance(await click(99, 0), Scored)
    # 50 members at once, and member 1 clicking three times in the same burst.
    tasks = [click(user, user % 3) for user in range(1, 51)] + [click(1, 2), click(1, 0)]
    outcomes = await asyncio.gather(*tasks)
    scored = [o for o in outcomes if isinstance(o, Scored)]
    repeated = [o for o in outcomes if isinstance(o, Repeated)]
    assert len(scored) == 50 and len(repeated) == 2
    assert all(r.previous.choice_index == 1 % 3 for r in repeated), "the first click of the burst is the answer"
    rows = await storage.database.fetchall("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM answers")
    assert tuple(rows[0]) == (51, 51)
    events = await storage.database.fetchall("SELECT COUNT(*) FROM point_events WHERE kind = 'answer'")
    assert events[0][0] == 51
    again = await click(7, 0)
    assert isinstance(again, Repeated) and again.previous.choice_index == 7 % 3, "a later click meets the stored one"


async def test_the_streak_is_read_in_the_same_transaction_as_the_answer(storage: Storage, catalog: Catalog) -> None:
    _, post_id = await a_post(storage, catalog)
    seen: list[frozenset[date]] = []
    post = await storage.posts.get(post_id)
    assert post is not None
    item = await storage.posts.item(post.item_id, post.item_version)
    assert item is not None

    def scorer(answered: frozenset[date]) -> AnswerScore:
        seen.append(answered)
        return score_answer(item, 0, ScoringRules(), elapsed=timedelta(minutes=1), streak=1)

    first = await storage.ledger.record_answer(post, item, 9, 0, scorer, NINE)
    second = await storage.ledger.record_answer(post, item, 9, 1, scorer, NINE)
    assert isinstance(first, Recorded) and isinstance(second, AlreadyAnswered)
    assert seen == [frozenset()], "a repeat is refused before it is scored"
    assert await storage.ledger.answered_days(post.team_id, 9) == {MONDAY}


async def test_a_failed_batch_fails_every_caller_and_the_next_batch_still_runs() -> None:
    calls: list[list[int]] = []

    async def commit(batch: list[int]) -> list[int]:
        calls.append(batch)
        if 13 in batch:
            raise RuntimeError("disk full")
        return [item * 2 for item in batch]

    group: GroupCommit[int, int] = GroupCommit(commit, "test")
    results = await asyncio.gather(*(group.submit(n) for n in (1, 13, 3)), return_exceptions=True)
    assert [type(r).__name__ for r in results] == ["RuntimeError"] * 3, "nobody in a failed batch is told it worked"
    assert await group.submit(4) == 8
    assert calls == [[1, 13, 3], [4]]
    await group.flush()
