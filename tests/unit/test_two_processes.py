"""Two processes on one database: exactly-once comes from the schema and transactions, not from being alone.

Each side is a Storage of its own (its own connection or pool, its own caches), as two `momentos run` processes
would hold during a hand-off. On SQLite the file's write lock orders them; on PostgreSQL they truly run side by
side, and the unique keys with `INSERT … ON CONFLICT` decide.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog
from bot.domain.state import Trigger
from bot.services import Services
from bot.services.answers import Repeated, Scored
from bot.services.identify import IdentifyGate
from bot.services.posting import Existing, Reserved
from bot.storage import Storage
from bot.storage.database import from_db, migrations
from tests.builders import MONDAY, Game, local, right_and_wrong
from tests.postgres import Databases

ROUNDS = 20


@pytest.fixture
async def twins(target: str) -> AsyncIterator[tuple[Storage, Storage]]:
    one, other = await Storage.open(target), await Storage.open(target)
    try:
        yield one, other
    finally:
        await one.close()
        await other.close()


async def test_a_post_is_reserved_once_when_two_processes_try_at_once(
    twins: tuple[Storage, Storage], catalog: Catalog
) -> None:
    one, other = twins
    game = await Game.build(one, catalog, "Ventas", "Soporte")
    services = [game.services, Services.build(other, catalog, ManualClock(local(MONDAY, 9)))]
    outcomes = []
    for offset in range(ROUNDS):  # every day of four weeks, both teams, both processes at the same moment
        day = MONDAY + timedelta(days=offset)
        for team in game.teams.values():
            pair = await asyncio.gather(
                *(side.posting.reserve(game.guild, team, day, Trigger.SCHEDULE, local(day, 9)) for side in services)
            )
            outcomes.append(pair)
    assert all(sorted(type(o).__name__ for o in pair) == ["Existing", "Reserved"] for pair in outcomes)
    for pair in outcomes:
        reserved = next(o for o in pair if isinstance(o, Reserved))
        existing = next(o for o in pair if isinstance(o, Existing))
        assert existing.post.post_id == reserved.post.post_id
    assert await game.count("posts") == ROUNDS * 2


async def test_one_members_answer_reaching_two_processes_counts_once(
    twins: tuple[Storage, Storage], catalog: Catalog
) -> None:
    one, other = twins
    game = await Game.build(one, catalog, "Ventas")
    team = game.teams["Ventas"]
    post_id, item = await game.publish_id(team, MONDAY)
    right, wrong = right_and_wrong(item)
    later = local(MONDAY, 10)
    sides = [game.services, Services.build(other, catalog, ManualClock(later))]
    for user in range(1000, 1000 + ROUNDS):
        outcomes = await asyncio.gather(
            *(
                side.answers.answer(
                    guild=game.guild,
                    channel_id=team.channel_id,
                    user_id=user,
                    role_ids={team.role_id},
                    post_id=post_id,
                    choice_index=choice,
                    now=later,
                )
                for side, choice in zip(sides, (right, wrong), strict=True)
            )
        )
        kinds = sorted(type(outcome).__name__ for outcome in outcomes)
        assert kinds == ["Repeated", "Scored"], kinds
        won = next(o for o in outcomes if isinstance(o, Scored))
        lost = next(o for o in outcomes if isinstance(o, Repeated))
        assert lost.previous.answer_id == won.answer.answer_id, "the loser is told what was stored"
    rows = await one.database.fetchall("SELECT user_id, COUNT(*) FROM answers GROUP BY user_id")
    assert len(rows) == ROUNDS and {int(row[1]) for row in rows} == {1}
    events = await one.database.fetchone(
        "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM point_events WHERE kind = 'answer'"
    )
    assert events is not None and tuple(events) == (ROUNDS, ROUNDS), "one answer event per member, no more"


async def test_one_click_delivered_to_two_processes_is_answered_by_one_and_the_other_stays_silent(
    twins: tuple[Storage, Storage], catalog: Catalog
) -> None:
    """During a hand-off Discord gives the same click (one interaction id) to both processes holding the shard."""
    one, other = twins
    game = await Game.build(one, catalog, "Ventas")
    team = game.teams["Ventas"]
    post_id, item = await game.publish_id(team, MONDAY)
    right, _ = right_and_wrong(item)
    later = local(MONDAY, 10)
    sides = [game.services, Services.build(other, catalog, ManualClock(later))]

    async def press(side: Services, user: int, interaction: int) -> object:
        return await side.answers.answer(
            guild=game.guild,
            channel_id=team.channel_id,
            user_id=user,
            role_ids={team.role_id},
            post_id=post_id,
            choice_index=right,
            now=later,
            interaction_id=interaction,
        )

    for user in range(2000, 2000 + ROUNDS):
        click = 10**18 + user
        outcomes = await asyncio.gather(*(press(side, user, click) for side in sides))
        scored = [o for o in outcomes if isinstance(o, Scored)]
        echoes = [o for o in outcomes if isinstance(o, Repeated) and o.echo]
        assert len(scored) == 1 and len(echoes) == 1, outcomes
        assert scored[0].answer.interaction_id == click
    second = await press(sides[1], 2000, 10**18 + 1)  # the same member clicks again: a new interaction
    assert isinstance(second, Repeated) and not second.echo, "a real second click still hears 'already answered'"


async def test_the_weekly_announcement_is_claimed_once(twins: tuple[Storage, Storage], catalog: Catalog) -> None:
    one, other = twins
    game = await Game.build(one, catalog, "Ventas")
    weeks = [f"2026-W{number:02d}" for number in range(10, 10 + ROUNDS)]
    for week in weeks:
        claims = await asyncio.gather(
            *(
                side.announcements.reserve(game.guild.guild_id, week, "{}", Trigger.SCHEDULE, 5, local(MONDAY, 17))
                for side in (one, other)
            )
        )
        assert sum(claim is not None for claim in claims) == 1
    assert await game.count("announcements") == ROUNDS


@pytest.mark.postgres
async def test_two_processes_starting_together_migrate_once(postgres_databases: Databases) -> None:
    url = await postgres_databases.fresh()
    try:
        opened = await asyncio.gather(*(Storage.open(url) for _ in range(4)))
        try:
            rows = await opened[0].database.fetchall("SELECT version FROM schema_migrations ORDER BY version")
            versions = [version for version, _, _ in migrations("postgresql")]
            assert [int(row[0]) for row in rows] == versions, "every version applied exactly once"
        finally:
            for storage in opened:
                await storage.close()
    finally:
        await postgres_databases.drop_created()



async def test_two_processes_never_take_the_same_identify_turn(twins: tuple[Storage, Storage]) -> None:
    """Discord allows one IDENTIFY per 5 s (per bucket) for the whole bot: processes take turns through the database."""
    clock = ManualClock(local(MONDAY, 9))
    budget = IdentifyBudget(shards=4)
    gates = [IdentifyGate(side, budget, clock) for side in twins]
    for _ in range(ROUNDS // 4):
        turns = await asyncio.gather(*(gate.claim(reconnect=False) for gate in gates))
        waits = sorted(turn.wait for turn in turns)
        assert waits[0] == timedelta(0), "one of them goes now"
        assert waits[1] == budget.gap, "the other waits Discord's 5 s from the session just noted"
        clock.advance(seconds=5)
        again = await gates[1].claim(reconnect=False)
        assert again.wait == timedelta(0)
        clock.advance(seconds=5)
    rows = await twins[0].database.fetchall("SELECT identified_at FROM gateway_identifies ORDER BY identified_at")
    instants = [from_db(str(row[0])) for row in rows]
    assert len(instants) == 2 * (ROUNDS // 4)
    assert all(later - earlier >= budget.gap for earlier, later in itertools.pairwise(instants))
