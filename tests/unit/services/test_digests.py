"""The coaching digest's service: due once a week, frozen, caught up for the latest week only, scrubbed on erasure."""

from __future__ import annotations

from datetime import time, timedelta

from bot.domain.state import Announcement, Trigger
from bot.services.digests import DigestResults, scrub_digest
from tests.builders import MONDAY, Game, local
from tests.unit.services.support import ANA, CARLA
from tests.unit.services.test_insights import DAYS, play

MANAGERS_CHANNEL = 909


async def test_a_digest_is_due_once_freezes_its_figures_and_forgets_a_forgotten_member(world: Game) -> None:
    await play(world, DAYS, {ANA: "RRRRRRRRRR", CARLA: "RRRRRRR---"})
    digests = world.services.digests
    guild = await digests.configure(world.guild.guild_id, MANAGERS_CHANNEL, 1, time(8), local(MONDAY, 7))
    friday = DAYS[-1]
    monday = friday + timedelta(days=3)
    assert [due.week.label for due in await digests.due(local(friday, 18))] == ["2026-W49"], "this week's, passed"
    assert await digests.due(local(monday, 7, 59)) != [] and (await digests.due(local(monday, 8, 1)))[0].week.label == (
        "2026-W50"
    ), "Monday 08:00 opens the next week's digest"
    due = (await digests.due(local(monday, 8, 1)))[0]
    reserved = await digests.reserve(guild, due, Trigger.SCHEDULE, local(monday, 8, 1))
    assert not isinstance(reserved, Announcement)
    digest, results = reserved
    ventas = next(team for team in results.teams if team.name == "Ventas")
    assert [(flag.user_id, flag.rule) for flag in ventas.flags] == [(CARLA, "absent")]
    assert DigestResults.from_json(results.to_json()) == results
    again = await digests.reserve(guild, due, Trigger.SCHEDULE, local(monday, 9))
    assert isinstance(again, Announcement) and again.results == digest.results, "reserved once, frozen"
    assert await digests.due(local(monday, 9)) == []

    assert scrub_digest(digest.results, ANA) is None, "Ana raised no flag"
    preview = await world.services.erasure.footprint(world.guild.guild_id, CARLA)
    assert preview.digests == 1
    await world.services.erasure.forget(world.guild.guild_id, CARLA)
    stored = await world.storage.digests.get(world.guild.guild_id, "2026-W50")
    assert stored is not None and str(CARLA) not in stored.results
