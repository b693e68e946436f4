"""SetupService: teams and the schedule, against a real SQLite file."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.inputs import InputError
from bot.domain.model import Catalog
from bot.domain.schedule import WORKING_WEEK
from bot.domain.state import TeamConflict
from bot.services import Services
from bot.storage import Storage
from tests.builders import GUILD, MEXICO, MONDAY, Game, local
from tests.unit.services.support import OTHER_GUILD, VENTAS_CHANNEL, count

TUESDAY = date(2026, 11, 24)


# --- SetupService ------------------------------------------------------------------------------------------


async def test_add_team_cleans_the_name_and_lists_it(storage: Storage, catalog: Catalog) -> None:
    services = Services.build(storage, catalog, ManualClock(local(MONDAY, 7)))
    team = await services.setup.add_team(GUILD, "  Ventas \t Norte ", 10, 20, local(MONDAY, 7))
    assert team.name == "Ventas Norte"
    assert await services.setup.teams(GUILD) == [team]
    assert await services.setup.teams(OTHER_GUILD) == []


async def test_team_names_conflict_case_insensitively(world: Game) -> None:
    with pytest.raises(TeamConflict) as caught:
        await world.services.setup.add_team(GUILD, "  VENTAS ", 999, 998, local(MONDAY, 7))
    assert caught.value.field == "name"
    assert caught.value.other == world.teams["Ventas"]
    assert str(caught.value) == "name already used by team 'Ventas'"
    assert await world.count("teams") == 2


async def test_team_channel_conflicts_even_with_another_name(world: Game) -> None:
    with pytest.raises(TeamConflict) as caught:
        await world.services.setup.add_team(GUILD, "Cobranza", VENTAS_CHANNEL, 998, local(MONDAY, 7))
    assert caught.value.field == "channel"
    assert caught.value.other.name == "Ventas"
    assert str(caught.value) == "channel already used by team 'Ventas'"
    assert await world.count("teams") == 2


async def test_the_same_team_name_is_fine_in_another_guild(world: Game) -> None:
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
async def test_bad_team_names_are_refused(world: Game, name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        await world.services.setup.add_team(GUILD, name, 999, 998, local(MONDAY, 7))
    assert str(caught.value) == message
    assert await world.count("teams") == 2


@pytest.mark.parametrize("timezone", ["Mars/Olympus", "../etc/passwd", "", "mexico city"])
async def test_set_schedule_refuses_a_bad_timezone_and_stores_nothing(
    storage: Storage, catalog: Catalog, timezone: str
) -> None:
    services = Services.build(storage, catalog, ManualClock(local(MONDAY, 7)))
    with pytest.raises(InputError) as caught:
        await services.setup.set_schedule(
            GUILD, post_time=time(9), timezone=timezone, weekdays=WORKING_WEEK, window=None, now=local(MONDAY, 7)
        )
    assert str(caught.value) == f"'{timezone}' is not an IANA timezone; e.g. America/Mexico_City, Europe/Madrid"
    assert (await services.setup.config(GUILD)).post_time is None
    assert await count(storage, "guild_settings") == 0


async def test_set_schedule_is_stored_and_an_unspecified_window_keeps_the_current_one(world: Game) -> None:
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


async def test_an_unconfigured_guild_has_defaults_and_is_never_due(storage: Storage, catalog: Catalog) -> None:
    services = Services.build(storage, catalog, ManualClock(local(MONDAY, 7)))
    await services.setup.add_team(GUILD, "Ventas", 1, 2, local(MONDAY, 7))
    config = await services.setup.config(GUILD)
    assert config.post_time is None
    assert config.schedule is None
    assert await services.posting.due(local(MONDAY, 12)) == []
    assert await services.posting.next_wakeup(local(MONDAY, 12)) is None


