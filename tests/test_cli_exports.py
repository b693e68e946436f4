"""`momentos export` and `momentos backup` on databases built through the real storage and services."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.state import Trigger
from bot.services import Services
from bot.services.answers import Scored
from bot.services.posting import Reserved
from bot.services.reflections import Stored
from bot.storage import Storage

GUILD = 7
MONDAY = date(2026, 11, 23)
NINE = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 09:00 in Mexico City
SCENARIO = "promesas.fiesta-cancelada"
TEXT = "+Siempre confirmo la entrega por escrito, así el cliente sabe qué esperar y cuándo.\nY cumplo la fecha."


async def fill(storage: Storage, catalog: Catalog) -> int:
    """Two teams, one post each, three answers and a reflection; returns the Ventas post id."""
    services = Services.build(storage, replace(catalog, items={SCENARIO: catalog.items[SCENARIO]}), ManualClock(NINE))
    await services.setup.set_schedule(
        GUILD, post_time=time(9), timezone="America/Mexico_City", weekdays=frozenset(range(1, 6)), window=None, now=NINE
    )
    guild = await services.setup.config(GUILD)
    ventas = await services.setup.add_team(GUILD, "Ventas", 101, 201, NINE)
    caja = await services.setup.add_team(GUILD, "Cája", 102, 202, NINE)
    posts = {}
    for team in (ventas, caja):
        reserved = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, NINE)
        assert isinstance(reserved, Reserved)
        await services.posting.posted(reserved.post, 5000 + team.team_id, NINE, guild)
        posts[team.name] = reserved.post.post_id
    for user, team in ((11, ventas), (12, ventas), (13, caja)):
        outcome = await services.answers.answer(
            guild=guild,
            channel_id=team.channel_id,
            user_id=user,
            role_ids={team.role_id},
            post_id=posts[team.name],
            choice_index=user % 2,
            now=NINE + timedelta(minutes=user),
        )
        assert isinstance(outcome, Scored)
    stored = await services.reflections.submit(
        guild,
        channel_id=ventas.channel_id,
        post_id=posts["Ventas"],
        user_id=11,
        role_ids={ventas.role_id},
        text=TEXT,
        now=NINE + timedelta(hours=1),
    )
    assert isinstance(stored, Stored)
    return posts["Ventas"]


@pytest.fixture
def db(tmp_path: Path, catalog: Catalog) -> Path:
    path = tmp_path / "live.db"

    async def build() -> None:
        storage = await Storage.open(path)
        try:
            await fill(storage, catalog)
        finally:
            await storage.close()

    asyncio.run(build())
    return path


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_writes_the_csv_to_stdout_without_touching_the_database(
    db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    before = digest(db)
    assert main(["export", "--db", str(db), "answers", "--period", "all"]) == 0
    rows = rows_of(capsysbinary.readouterr().out)
    assert rows[0] == ["answered_at", "local_date", "guild_id", "team", "user_id", "post_id", "item_id",
                       "item_version", "step", "choice", "correct"]  # fmt: skip
    assert [(row[0], row[1], row[3], row[4], row[9]) for row in rows[1:]] == [
        ("2026-11-23T15:11:00Z", "2026-11-23", "Ventas", "11", "B"),
        ("2026-11-23T15:12:00Z", "2026-11-23", "Ventas", "12", "A"),
        ("2026-11-23T15:13:00Z", "2026-11-23", "Cája", "13", "B"),
    ]
    assert digest(db) == before

    assert main(["export", "--db", str(db), "reflections", "--guild", str(GUILD), "--period", "all"]) == 0
    reflections = rows_of(capsysbinary.readouterr().out)
    assert [(row[4], row[9]) for row in reflections[1:]] == [("11", "'" + TEXT)]


def test_export_to_a_file_reports_what_it_wrote(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "points.csv"
    assert (
        main(["export", "--db", str(db), "points", "--period", "all", "--timezone", "Europe/Madrid", "--out", str(out)])
        == 0
    )
    rows = rows_of(out.read_bytes())
    assert capsys.readouterr().out == f"{out}: {len(rows) - 1} points rows (all)\n"
    with sqlite3.connect(db) as connection:
        ledger = connection.execute(
            "SELECT event_key, points FROM point_events ORDER BY created_at, event_id"
        ).fetchall()
    assert [(row[11], int(row[6])) for row in rows[1:]] == ledger


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guild", "999"], "no server 999 in this database"),
        (["--timezone", "Mars/Olympus"], "'Mars/Olympus' is not an IANA timezone"),
    ],
)
def test_export_refuses_a_wrong_server_or_timezone(
    db: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--db", str(db), "answers", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_missing_or_foreign_database_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.db"
    assert main(["export", "--db", str(missing), "answers"]) == 1
    err = capsys.readouterr().err
    assert err == f"momentos: {missing}: no such database file\n"
    assert not missing.exists(), "export must never create a database"

    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just some notes\n" * 40)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    for path in (text, other):
        assert main(["export", "--db", str(path), "points"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"momentos: {path}: not a Momentos database") and err.count("\n") == 1
        assert main(["backup", str(tmp_path / "copy.db"), "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert "not a Momentos database" in err and err.count("\n") == 1
    assert main(["backup", str(tmp_path / "copy.db"), "--db", str(missing)]) == 1
    assert capsys.readouterr().err == f"momentos: {missing}: no such database file\n"
    assert not (tmp_path / "copy.db").exists()


async def test_backup_copies_a_live_database_and_refuses_to_overwrite(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "data" / "momentos.db"
    storage = await Storage.open(live)  # stays open, in WAL mode, like the running bot
    try:
        await fill(storage, catalog)
        assert (live.parent / "momentos.db-wal").exists()
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("MOMENTOS_DB", str(live))
        target = tmp_path / "backups" / "momentos-2026-11-23.db"
        assert main(["backup", str(target)]) == 0
        out = capsys.readouterr().out
        version = await storage.database.schema_version()
        assert out == f"{target}: {target.stat().st_size:,} bytes, schema version {version}, integrity ok\n"

        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            copied = copy.execute("SELECT * FROM answers ORDER BY answer_id").fetchall()
            copied_points = copy.execute("SELECT * FROM point_events ORDER BY event_id").fetchall()
        original = await storage.database.fetchall("SELECT * FROM answers ORDER BY answer_id")
        points = await storage.database.fetchall("SELECT * FROM point_events ORDER BY event_id")
        assert copied == [tuple(row) for row in original] and len(copied) == 3
        assert copied_points == [tuple(row) for row in points]

        assert main(["backup", str(target)]) == 1
        assert capsys.readouterr().err == (
            f"momentos: {target} already exists; choose another name or use --force to replace it\n"
        )
        await storage.database.execute("DELETE FROM pauses")  # any later write; the copy is replaced with --force
        assert main(["backup", str(target), "--force", "--db", str(live)]) == 0
        assert sorted(path.name for path in target.parent.iterdir()) == [target.name]
    finally:
        await storage.close()
    reopened = await Storage.open(target)
    try:
        assert len(await reopened.database.fetchall("SELECT * FROM reflections")) == 1
    finally:
        await reopened.close()


def test_learning_report_reads_a_real_ledger_read_only(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["learning-report", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "not enough reviews: 3 attempts in the ledger, the report needs 5,000" in out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before, "the report never writes the database"
    assert main(["learning-report", "--db", str(tmp_path / "missing.db")]) == 1
    assert "missing.db" in capsys.readouterr().err
