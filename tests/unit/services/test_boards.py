"""BoardService: boards match what was answered, per period and guild, against a real SQLite file."""

from __future__ import annotations

from datetime import date

from bot.domain.periods import Period
from bot.domain.state import GuildConfig
from bot.services.answers import Scored
from tests.builders import MEXICO, MONDAY, Game, local
from tests.unit.services.support import ANA, BETO, CARLA, OTHER_GUILD, Posted, click, window

TUESDAY = date(2026, 11, 24)


# --- BoardService ------------------------------------------------------------------------------------------


async def test_boards_match_what_was_answered(world: Game, posted: Posted) -> None:
    _, soporte_item = await world.publish(world.teams["Soporte"], MONDAY, local(MONDAY, 9, 0))
    assert soporte_item.id == posted.item.id
    assert isinstance(await click(world, posted, user=ANA, choice=posted.right), Scored)
    assert isinstance(await click(world, posted, user=BETO, choice=posted.wrong), Scored)
    now = local(MONDAY, 18, 0)

    teams = await world.services.boards.teams(world.guild, window(world.guild, Period.WEEK, now))
    assert teams.window.label == "2026-W48"
    assert teams.names == {world.teams["Ventas"].team_id: "Ventas", world.teams["Soporte"].team_id: "Soporte"}
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


async def test_teams_without_points_tie_at_rank_one_in_name_order(world: Game) -> None:
    board = await world.services.boards.teams(world.guild, window(world.guild, Period.ALL, local(MONDAY, 18)))
    assert [(r.rank, board.names[r.standing.key], r.standing.points) for r in board.rows] == [
        (1, "Soporte", 0),
        (1, "Ventas", 0),
    ]
    assert (
        await world.services.boards.people(world.guild, window(world.guild, Period.ALL, local(MONDAY, 18)))
    ).rows == []


async def test_points_of_last_week_are_not_on_this_weeks_board(world: Game, posted: Posted) -> None:
    assert isinstance(await click(world, posted, user=ANA), Scored)
    next_monday = local(date(2026, 11, 30), 10)
    week = await world.services.boards.teams(world.guild, window(world.guild, Period.WEEK, next_monday))
    assert week.window.label == "2026-W49"
    assert [r.standing.points for r in week.rows] == [0, 0]
    assert (await world.services.boards.people(world.guild, window(world.guild, Period.WEEK, next_monday))).rows == []
    all_time = await world.services.boards.people(world.guild, window(world.guild, Period.ALL, next_monday))
    assert [(r.standing.key, r.standing.points) for r in all_time.rows] == [(ANA, 100)]


async def test_boards_of_another_guild_are_empty(world: Game, posted: Posted) -> None:
    assert isinstance(await click(world, posted, user=ANA), Scored)
    other = GuildConfig(OTHER_GUILD, timezone=MEXICO)
    assert (await world.services.boards.teams(other, window(other, Period.ALL, local(MONDAY, 18)))).rows == []
    assert (await world.services.boards.people(other, window(other, Period.ALL, local(MONDAY, 18)))).rows == []


