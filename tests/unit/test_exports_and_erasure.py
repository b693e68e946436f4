"""Exports and forgetting a member, through the services and a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest

from bot.domain.model import Catalog
from bot.domain.periods import Period
from bot.domain.state import GuildConfig, Trigger
from bot.services import Services
from bot.services.announcements import PersonLine, TeamLine, WeekResults
from bot.services.boards import resolve_window
from bot.services.exports import COLUMNS, ExportKind, ExportTooLarge
from bot.storage import Storage
from tests.builders import GUILD, MONDAY, SCENARIO, Game, local, only

ANA, BRUNO, CARLA, GERENTE = 1001, 1002, 1003, 1009
LONG = (
    "Le prometí a un cliente llamarlo el jueves con el precio y lo olvidé. El viernes me buscó molesto;\n"
    "desde entonces anoto cada promesa y aviso antes si no voy a poder cumplirla."
)


@pytest.fixture
async def world(storage: Storage, catalog: Catalog) -> Game:
    """Every day posts the broken-promise scenario, all week, with answers open until midnight."""
    scenario = only(catalog, SCENARIO)
    return await Game.build(storage, scenario, weekdays=frozenset(range(1, 8)), window=timedelta(hours=15))


async def export(services: Services, kind: ExportKind, guild: GuildConfig, period: Period, at: datetime) -> bytes:
    sink = io.BytesIO()
    await services.exports.export(kind, GUILD, resolve_window(guild, period, at), sink)
    return sink.getvalue()


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_the_answers_file_has_a_bom_fixed_columns_and_one_row_per_answer(world: Game) -> None:
    services = world.services
    teams = await world.add_teams("Ventas")
    guild = world.guild
    ventas = teams["Ventas"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    right = item.correct_index
    assert right is not None
    await world.answer(ventas, post_id, ANA, right, local(MONDAY, 9, 30))
    await world.answer(ventas, post_id, BRUNO, (right + 1) % len(item.choices), local(MONDAY, 10))

    data = await export(services, ExportKind.ANSWERS, guild, Period.WEEK, local(MONDAY, 12))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.splitlines()[0] == (
        b"\xef\xbb\xbfanswered_at,local_date,guild_id,team,user_id,post_id,item_id,item_version,step,choice,correct"
    )
    rows = parse(data)
    assert rows[1:] == [
        [
            "2026-11-23T15:30:00Z",
            "2026-11-23",
            str(GUILD),
            "Ventas",
            str(ANA),
            str(post_id),
            SCENARIO,
            item.version,
            str(item.step),
            "ABCDE"[right],
            "true",
        ],
        [
            "2026-11-23T16:00:00Z",
            "2026-11-23",
            str(GUILD),
            "Ventas",
            str(BRUNO),
            str(post_id),
            SCENARIO,
            item.version,
            str(item.step),
            "ABCDE"[(right + 1) % len(item.choices)],
            "false",
        ],
    ]


async def test_points_match_the_ledger_and_a_removed_team_keeps_its_name(world: Game, storage: Storage) -> None:
    services = world.services
    teams = await world.add_teams("Ventas", "Caja")
    guild = world.guild
    post_id, item = await world.publish_id(teams["Caja"], MONDAY)
    assert item.correct_index is not None
    await world.answer(teams["Caja"], post_id, CARLA, item.correct_index, local(MONDAY, 9, 30))
    await storage.database.execute(
        "UPDATE teams SET removed_at = ? WHERE team_id = ?", ("2026-11-23 20:00:00.000000", teams["Caja"].team_id)
    )

    rows = parse(await export(services, ExportKind.POINTS, guild, Period.ALL, local(MONDAY, 21)))
    assert tuple(rows[0]) == COLUMNS[ExportKind.POINTS]
    ledger = await storage.database.fetchall("SELECT kind, points, event_key FROM point_events ORDER BY event_id")
    assert [(row[5], row[6], row[11]) for row in rows[1:]] == [(r[0], str(r[1]), r[2]) for r in ledger]
    assert {row[3] for row in rows[1:]} == {"Caja"}
    assert rows[1][:2] == ["2026-11-23T15:30:00Z", "2026-11-23"]
    assert rows[1][7:11] == [str(post_id), SCENARIO, str(item.step), item.main_dimension]


async def test_reflections_are_defused_against_formulas_and_keep_their_newlines(world: Game, storage: Storage
) -> None:
    services = world.services
    teams = await world.add_teams("=Ventas")
    guild = world.guild
    ventas = teams["=Ventas"]
    post_id, _ = await world.publish_id(ventas, MONDAY)
    evil = '=HYPERLINK("http://evil.example","clic") ' + LONG
    ana = await world.reflect(ventas, post_id, ANA, evil, local(MONDAY, 10))
    await world.reflect(ventas, post_id, BRUNO, "@" + LONG, local(MONDAY, 10, 5))
    await world.reflect(ventas, post_id, CARLA, LONG, local(MONDAY, 10, 10))
    await world.kudos(ventas, ana, BRUNO, local(MONDAY, 11))
    await world.kudos(ventas, ana, CARLA, local(MONDAY, 11))
    await services.reflections.highlight(guild, reflection_id=ana, manager_id=GERENTE, now=local(MONDAY, 12))

    data = await export(services, ExportKind.REFLECTIONS, guild, Period.WEEK, local(MONDAY, 13))
    rows = parse(data)
    assert rows[0] == ["created_at", "local_date", "guild_id", "team", "user_id", "post_id", "item_id", "kudos",
                       "highlighted", "text"]  # fmt: skip
    assert [(row[3], row[4], row[7], row[8]) for row in rows[1:]] == [
        ("'=Ventas", str(ANA), "2", "true"),
        ("'=Ventas", str(BRUNO), "0", "false"),
        ("'=Ventas", str(CARLA), "0", "false"),
    ]
    assert [row[9] for row in rows[1:]] == ["'" + evil, "'@" + LONG, LONG]
    assert "\n" in rows[3][9]  # the newline stays inside one quoted cell
    assert len(rows) == 4


async def test_periods_cut_the_rows_by_the_servers_weeks(world: Game) -> None:
    services = world.services
    teams = await world.add_teams("Ventas")
    guild = world.guild
    ventas = teams["Ventas"]
    next_monday = MONDAY + timedelta(days=7)
    for day, user in ((MONDAY, ANA), (next_monday, BRUNO)):
        post_id, item = await world.publish_id(ventas, day)
        await world.answer(ventas, post_id, user, item.correct_index or 0, local(day, 9, 30))
    # Sunday 23:30 in Mexico City is already Monday in UTC: it still belongs to the first week.
    post_id, item = await world.publish_id(ventas, MONDAY + timedelta(days=6))
    await world.answer(ventas, post_id, CARLA, 0, local(MONDAY + timedelta(days=6), 23, 30))
    december = next_monday + timedelta(days=1)
    post_id, item = await world.publish_id(ventas, december)
    await world.answer(ventas, post_id, GERENTE, 0, local(december, 9, 5))
    now = local(december, 12)

    def users(data: bytes) -> list[str]:
        return [row[4] for row in parse(data)[1:]]

    assert users(await export(services, ExportKind.ANSWERS, guild, Period.WEEK, now)) == [str(BRUNO), str(GERENTE)]
    assert users(await export(services, ExportKind.ANSWERS, guild, Period.LAST_WEEK, now)) == [str(ANA), str(CARLA)]
    assert users(await export(services, ExportKind.ANSWERS, guild, Period.MONTH, now)) == [str(GERENTE)]
    assert users(await export(services, ExportKind.ANSWERS, guild, Period.ALL, now)) == [
        str(ANA),
        str(CARLA),
        str(BRUNO),
        str(GERENTE),
    ]
    other = io.BytesIO()
    await services.exports.export(ExportKind.ANSWERS, GUILD + 1, resolve_window(guild, Period.ALL, now), other)
    assert parse(other.getvalue()) == [list(COLUMNS[ExportKind.ANSWERS])]


async def test_large_exports_are_paged_and_stop_at_the_size_limit(world: Game, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = world.services
    import bot.storage.exports

    teams = await world.add_teams("Ventas")
    guild = world.guild
    ventas = teams["Ventas"]
    post_id, _ = await world.publish_id(ventas, MONDAY)
    at = local(MONDAY, 10)  # the same instant for everyone: paging must break ties by id
    for user in range(2000, 2007):
        await world.answer(ventas, post_id, user, 0, at)
    monkeypatch.setattr(bot.storage.exports, "PAGE", 2)
    window = resolve_window(guild, Period.WEEK, at)
    sink = io.BytesIO()
    result = await services.exports.export(ExportKind.ANSWERS, GUILD, window, sink)
    assert result.rows == 7 and result.size == len(sink.getvalue())
    assert [row[4] for row in parse(sink.getvalue())[1:]] == [str(user) for user in range(2000, 2007)]

    with pytest.raises(ExportTooLarge) as raised:
        await services.exports.export(ExportKind.ANSWERS, GUILD, window, io.BytesIO(), limit=result.size - 1)
    assert raised.value.rows == 6


async def test_forgetting_a_member_erases_exactly_their_rows_in_one_go(world: Game, storage: Storage) -> None:
    services = world.services
    teams = await world.add_teams("Ventas", "Caja")
    guild = world.guild
    ventas, caja = teams["Ventas"], teams["Caja"]
    post_id, item = await world.publish_id(ventas, MONDAY)
    caja_post, _ = await world.publish_id(caja, MONDAY)
    right = item.correct_index or 0
    for user in (ANA, BRUNO):
        await services.members.saw(guild, user, {ventas.role_id}, False, local(MONDAY, 9, 1))
        await world.answer(ventas, post_id, user, right, local(MONDAY, 9, 30))
    await world.answer(caja, caja_post, CARLA, right, local(MONDAY, 9, 30))
    ana_reflection = await world.reflect(ventas, post_id, ANA, LONG, local(MONDAY, 10))
    bruno_reflection = await world.reflect(ventas, post_id, BRUNO, LONG + " Bruno", local(MONDAY, 10))
    await world.kudos(ventas, ana_reflection, BRUNO, local(MONDAY, 11))
    await world.kudos(ventas, bruno_reflection, ANA, local(MONDAY, 11))
    await services.reflections.highlight(guild, reflection_id=ana_reflection, manager_id=GERENTE, now=local(MONDAY, 12))
    await services.reflections.highlight(guild, reflection_id=bruno_reflection, manager_id=ANA, now=local(MONDAY, 12))
    await storage.members.pause(GUILD, ANA, MONDAY, MONDAY + timedelta(days=3), local(MONDAY, 12))
    results = WeekResults(
        week="2026-W48",
        start="2026-11-23",
        cutoff="2026-11-27T17:00",
        teams=[TeamLine(ventas.team_id, "Ventas", 1, 200.0, 1.0, 400, 2, 2)],
        top_people=[PersonLine(ANA, 1, 265), PersonLine(BRUNO, 2, 165), PersonLine(CARLA, 3, 130)],
        step_leaders=[],
        most_improved=None,
    )
    await storage.announcements.reserve(GUILD, "2026-W48", results.to_json(), Trigger.MANUAL, None, local(MONDAY, 17))

    async def snapshot(user: int) -> dict[str, list[tuple[object, ...]]]:
        queries = {
            "answers": "SELECT * FROM answers WHERE user_id = ? ORDER BY 1, 2",
            "points": "SELECT event_id, user_id, kind, points FROM point_events WHERE user_id = ? ORDER BY 1, 2",
            "reflections": "SELECT reflection_id, body FROM reflections WHERE user_id = ? ORDER BY 1, 2",
            "kudos": "SELECT reflection_id, giver_id FROM kudos WHERE giver_id = ? ORDER BY 1, 2",
            "sightings": "SELECT * FROM member_sightings WHERE user_id = ? ORDER BY 1, 2",
            "members": "SELECT * FROM members WHERE user_id = ? ORDER BY 1, 2",
            "pauses": "SELECT * FROM pauses WHERE user_id = ? ORDER BY 1, 2",
        }
        return {
            name: [tuple(row) for row in await storage.database.fetchall(sql, (user,))] for name, sql in queries.items()
        }

    before = {user: await snapshot(user) for user in (BRUNO, CARLA)}
    window = resolve_window(guild, Period.WEEK, local(MONDAY, 13))
    board = await services.boards.teams(guild, window)
    ventas_before = next(row.standing.points for row in board.rows if row.standing.key == ventas.team_id)
    ana_points = sum(
        int(row[0])
        for row in await storage.database.fetchall("SELECT points FROM point_events WHERE user_id = ?", (ANA,))
    )

    preview = await services.erasure.footprint(GUILD, ANA)
    erased = await services.erasure.forget(GUILD, ANA)
    assert preview == erased
    assert (erased.answers, erased.reflections, erased.kudos_received, erased.kudos_given) == (1, 1, 1, 1)
    # answer + speed bonus, reflection, kudos received, highlight received
    assert erased.points == 5
    assert (erased.sightings, erased.pauses, erased.member, erased.announcements) == (1, 1, 1, 1)

    assert all(rows == [] for rows in (await snapshot(ANA)).values())
    after = {user: await snapshot(user) for user in (BRUNO, CARLA)}
    assert after[CARLA] == before[CARLA]
    assert after[BRUNO]["answers"] == before[BRUNO]["answers"]
    assert after[BRUNO]["points"] == before[BRUNO]["points"], "Bruno keeps the kudos and highlight Ana gave him"
    assert after[BRUNO]["reflections"] == before[BRUNO]["reflections"]
    assert after[BRUNO]["kudos"] == []  # the only kudos he gave was on Ana's reflection
    keys = [row[0] for row in await storage.database.fetchall("SELECT event_key FROM point_events")]
    assert not [key for key in keys if key.endswith(f":{ANA}")]
    assert f"kudos:{bruno_reflection}:erased:" in " ".join(keys)
    highlighted = await storage.database.fetchall("SELECT user_id, highlighted_by FROM reflections")
    assert [tuple(row) for row in highlighted] == [(BRUNO, 0)]  # still highlighted, by nobody in particular

    stored = await storage.announcements.get(GUILD, "2026-W48")
    assert stored is not None
    scrubbed = WeekResults.from_json(stored.results)
    assert [(p.user_id, p.rank, p.points) for p in scrubbed.top_people] == [
        (0, 1, 265),
        (BRUNO, 2, 165),
        (CARLA, 3, 130),
    ]
    assert (
        str(ANA) not in stored.results and json.loads(stored.results)["teams"] == json.loads(results.to_json())["teams"]
    )

    people = await services.boards.people(guild, window)
    assert ANA not in {row.standing.key for row in people.rows}
    board = await services.boards.teams(guild, window)
    ventas_after = next(row.standing.points for row in board.rows if row.standing.key == ventas.team_id)
    assert ventas_after == ventas_before - ana_points

    again = await services.erasure.forget(GUILD, ANA)
    assert again.total == 0
