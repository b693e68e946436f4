"""`momentos migrate-db`: an install's SQLite file moves to PostgreSQL whole, and the copy is proved equal."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli.migrate import MISMATCH, OK, REFUSED, migrate_db
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.periods import Period
from bot.services import Services
from bot.services.boards import resolve_window
from bot.storage import Storage
from bot.storage.transfer import TABLES, verify
from tests.builders import MONDAY, Game, local, right_and_wrong
from tests.postgres import Databases

USERS = (501, 502, 503, 504)


async def a_week_of_play(path: Path, catalog: Catalog) -> None:
    """Two teams, five days, four people answering right or wrong: answers, points, sightings, boards."""
    storage = await Storage.open(path)
    try:
        game = await Game.build(storage, catalog, "Ventas", "Soporte")
        for offset in range(5):
            day = MONDAY + timedelta(days=offset)
            for team in game.teams.values():
                post_id, item = await game.publish_id(team, day)
                right, wrong = right_and_wrong(item)
                for number, user in enumerate(USERS):
                    if (number + offset) % 3 != 2:
                        choice = right if (number * offset) % 2 == 0 else wrong
                        at = local(day, 10, number)
                        await game.answer(team, post_id, user + 10 * team.team_id, choice, at)
    finally:
        await storage.close()


async def boards(target: str | Path, catalog: Catalog) -> list[object]:
    """What the team board and each person's /me show for the week and all time."""
    storage = await Storage.open(target)
    try:
        now = local(MONDAY + timedelta(days=4), 20)
        services = Services.build(storage, catalog, ManualClock(now))
        guild = await services.setup.config(7)
        shown: list[object] = []
        for period in (Period.WEEK, Period.ALL):
            window = resolve_window(guild, period, now)
            shown.append(await services.boards.teams(guild, window))
            shown.append(await services.boards.people(guild, window, None))
        return shown
    finally:
        await storage.close()


async def test_a_week_moves_to_postgresql_whole_and_the_boards_read_the_same(
    tmp_path: Path, catalog: Catalog, databases: Databases, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "momentos.db"
    await a_week_of_play(source, catalog)
    target = await databases.fresh()

    out = io.StringIO()
    assert await migrate_db(f"sqlite:///{source}", target, out=out) == OK
    printed = out.getvalue()
    assert f"verified: {len(TABLES)} tables" in printed
    assert "board aggregates recomputed equal" in printed
    assert "copying point_events" in printed and "copying answers" in printed
    assert await boards(target, catalog) == await boards(source, catalog)

    # The moved install goes on: new rows get new ids after the copied ones.
    storage = await Storage.open(target)
    try:
        services = Services.build(storage, catalog, ManualClock(local(MONDAY, 8)))
        caja = await services.setup.add_team(8, "Caja", 901, 902, local(MONDAY, 8))
        assert caja.team_id == 3
    finally:
        await storage.close()

    # A second run into the now occupied database is refused and names what is there.
    assert await migrate_db(str(source), target, out=io.StringIO()) == REFUSED
    assert "already holds Momentos data: guild_settings (2), teams (3)" in capsys.readouterr().err
    # --replace erases it first: the copy is the source again (guild 8's team is gone).
    assert await migrate_db(str(source), target, replace=True, out=io.StringIO()) == OK
    assert await boards(target, catalog) == await boards(source, catalog)


async def test_a_copy_that_differs_is_reported_table_by_table(
    tmp_path: Path, catalog: Catalog, databases: Databases
) -> None:
    source = tmp_path / "momentos.db"
    await a_week_of_play(source, catalog)
    target = await databases.fresh()
    assert await migrate_db(str(source), target, out=io.StringIO()) == OK
    storage = await Storage.open(target)
    try:
        await storage.database.execute("UPDATE answers SET choice_index = 4 WHERE answer_id = 1")
        await storage.database.execute("DELETE FROM point_events WHERE event_id = 1")
        one, other = await Storage.open(source), storage
        try:
            verdict = await verify(one.database, other.database)
        finally:
            await one.close()
    finally:
        await storage.close()
    assert not verdict.ok
    assert verdict.problems[0] == "answers: 28 rows here, 28 there (same count, different rows)"
    events = await count_rows(source, "point_events")
    assert verdict.problems[1] == f"point_events: {events} rows here, {events - 1} there"
    assert verdict.problems[2].startswith("board_totals: ") and len(verdict.problems) == 3


async def test_a_wrong_setting_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await migrate_db("mysql://db/x", "postgresql://h/x", out=io.StringIO()) == REFUSED
    assert "use postgresql://… or sqlite:///path" in capsys.readouterr().err
    assert await migrate_db(str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'a.db'}", out=io.StringIO()) == REFUSED
    assert "name the same database" in capsys.readouterr().err


async def count_rows(path: Path, table: str) -> int:
    storage = await Storage.open(path)
    try:
        row = await storage.database.fetchone(f"SELECT COUNT(*) FROM {table}")
        return int(row[0]) if row else 0
    finally:
        await storage.close()


def test_every_table_of_the_schema_is_copied_or_recomputed() -> None:
    from bot.storage.database import migrations
    from bot.storage.transfer import DERIVED

    created = {
        line.split()[2]
        for _, _, sql in migrations("sqlite")
        for line in sql.splitlines()
        if line.startswith("CREATE TABLE ")
    }
    assert created == set(TABLES) | set(DERIVED)
    assert MISMATCH == 1
