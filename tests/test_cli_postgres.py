"""The operator commands on PostgreSQL: doctor, export, learning-report, backup and health, as an operator sees them.

Each test gets a fresh, empty database (`postgres_url`, collation C as the README recommends) on the session's
server (tests/postgres.py); the commands find it through MOMENTOS_DATABASE_URL, as `momentos run` does.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import secrets
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg
import pytest

from bot.cli.doctor import line
from bot.cli.main import main
from bot.domain.checkup import Verdict
from bot.domain.model import Catalog
from bot.storage import Storage
from bot.storage.database import migrations
from bot.storage.exports import open_readonly
from bot.storage.pgbackup import find_program
from bot.storage.pgcheckup import _server
from tests.postgres import URL_VARIABLE, database_url, quote_identifier
from tests.test_cli_exports import TEXT, fill

REPO = Path(__file__).resolve().parent.parent
NEWEST = migrations("postgresql")[-1][0]
PASSWORD = "hunter2-" + secrets.token_hex(4)  # trust authentication ignores it; it must never be printed


# --- the database ------------------------------------------------------------------------------------------------


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url, timeout=30)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _with_password(url: str) -> str:
    """The URL with a password in it, to see that none is ever shown (a provided server's own is kept)."""
    parts = urlsplit(url)
    if parts.password is not None or os.environ.get(URL_VARIABLE):
        return url
    user, host = parts.netloc.rsplit("@", 1) if "@" in parts.netloc else ("postgres", parts.netloc)
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(PASSWORD, safe='')}@{host}"))


def _secret(url: str) -> str:
    return urlsplit(url).password or PASSWORD


def _shown(url: str) -> str:
    """How the URL must appear in every message: its password as ***."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{parts.netloc.rsplit('@', 1)[1]}"))


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database (collation C) on the session's throwaway server, dropped afterwards."""
    name = f"cli_{os.getpid()}_{secrets.token_hex(4)}"
    quoted = quote_identifier(name)
    asyncio.run(
        _admin(
            postgres_server,
            f"CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
        )
    )
    try:
        yield _with_password(database_url(postgres_server, name))
    finally:
        asyncio.run(_admin(postgres_server, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))


@pytest.fixture
def filled(postgres_url: str, catalog: Catalog) -> str:
    """The database migrated by Storage.open and filled: two teams, three answers, one reflection."""

    async def build() -> None:
        storage = await Storage.open(postgres_url)
        try:
            await fill(storage, catalog)
        finally:
            await storage.close()

    asyncio.run(build())
    return postgres_url


async def _fingerprint(url: str) -> dict[str, str]:
    """Every table of the database and a digest of its rows: equal before and after means nothing was written."""
    connection = await asyncpg.connect(url, timeout=30)
    try:
        tables = [
            str(row[0])
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        ]
        digest = "SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
        return {table: str(await connection.fetchval(digest.format(quote_identifier(table)))) for table in tables}
    finally:
        await connection.close()


def fingerprint(url: str) -> dict[str, str]:
    return asyncio.run(_fingerprint(url))


def sql(url: str, *statements: str) -> None:
    asyncio.run(_admin(url, *statements))


@dataclass
class Role:
    """A login role of the test's own, and the database URL that logs in as it."""

    name: str
    url: str


@pytest.fixture
def other_role(postgres_server: str, postgres_url: str) -> Iterator[Role]:
    """A login role that owns nothing (dropped, with its grants, at the end)."""
    name = f"reader_{secrets.token_hex(4)}"
    password = secrets.token_hex(8)
    sql(postgres_server, f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    parts = urlsplit(postgres_url)
    url = urlunsplit(parts._replace(netloc=f"{name}:{password}@{parts.netloc.rsplit('@', 1)[1]}"))
    try:
        yield Role(name, url)
    finally:
        sql(postgres_url, f"DROP OWNED BY {name}")
        sql(postgres_server, f"DROP ROLE IF EXISTS {name}")


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without .env and an environment without the developer's Momentos settings."""
    for variable in list(os.environ):
        ours = variable.startswith(("MOMENTOS_", "DISCORD_")) and variable != "MOMENTOS_PG_BIN"
        if ours or variable == "DATABASE_URL":
            monkeypatch.delenv(variable)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- doctor ------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the operator saw."""

    status: int
    out: str
    err: str

    def line(self, start: str) -> str:
        found = [line for line in self.out.splitlines() if line.startswith(start)]
        assert len(found) == 1, (start, self.out)
        return found[0]


def doctor(cwd: Path, url: str, **env: str) -> Outcome:
    """`momentos doctor` in its own process, the database named by MOMENTOS_DATABASE_URL and no token."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1", MOMENTOS_DATABASE_URL=url, **env)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "doctor"],
        cwd=cwd, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert _secret(url) not in done.stdout + done.stderr, "the password is never printed"
    return Outcome(done.returncode, done.stdout, done.stderr)


def test_doctor_on_an_empty_database_says_run_will_create_the_tables(postgres_url: str, tmp_path: Path) -> None:
    outcome = doctor(tmp_path, postgres_url)
    assert outcome.status == 1, outcome.out  # only for the missing token
    shown = _shown(postgres_url)
    assert outcome.line("ok       configuration: ").startswith(f"ok       configuration: database {shown}, content ")
    assert outcome.line("ok       database: ").startswith(f"ok       database: {shown}: connected as ")
    assert outcome.line("ok       server: PostgreSQL ").endswith("(13 or newer required)")
    assert outcome.line("ok       schema: ") == (
        f"ok       schema: no tables yet: `momentos run` will create the tables (version {NEWEST})"
    )
    assert outcome.line("ok       privileges: ").endswith("may create the tables in schema public")
    assert outcome.line("ok       collation: ") == "ok       collation: C: names sort byte by byte, as on SQLite"
    assert outcome.line("ok       teams: ") == "ok       teams: none yet: a manager adds them with /team add in Discord"
    assert outcome.line("PROBLEM  token: ")
    assert outcome.out.splitlines()[-1] == "1 problem(s) found"
    assert fingerprint(postgres_url) == {}, "the doctor creates nothing"


def test_doctor_on_a_live_database_lists_its_teams_and_writes_nothing(filled: str, tmp_path: Path) -> None:
    before = fingerprint(filled)
    outcome = doctor(tmp_path, filled)
    assert outcome.line("ok       schema: ") == f"ok       schema: version {NEWEST}, current"
    assert outcome.line("ok       privileges: ").endswith("owns the tables and may create more in schema public")
    assert outcome.line("ok       teams: ") == "ok       teams: 2 in 1 server(s): Cája, Ventas"
    assert [line for line in outcome.out.splitlines() if line.startswith("PROBLEM")] == [
        outcome.line("PROBLEM  token: ")
    ]
    assert fingerprint(filled) == before, "the doctor never writes to the server"


def test_doctor_says_an_older_schema_will_be_upgraded_and_a_newer_one_is_a_problem(
    postgres_url: str, tmp_path: Path
) -> None:
    version, name, first = migrations("postgresql")[0]
    sql(
        postgres_url,
        first,
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        f"INSERT INTO schema_migrations VALUES ({version}, '{name}', '2026-11-23 09:00:00.000000')",
    )
    before = fingerprint(postgres_url)
    outcome = doctor(tmp_path, postgres_url)
    assert outcome.line("ok       schema: ").startswith(
        f"ok       schema: version {version} of {NEWEST}: `momentos run` will upgrade it"
    )
    assert fingerprint(postgres_url) == before

    sql(postgres_url, "INSERT INTO schema_migrations VALUES (999, 'future.sql', '2030-01-01 00:00:00.000000')")
    outcome = doctor(tmp_path, postgres_url)
    assert outcome.status == 1
    assert outcome.line("PROBLEM  schema: ") == (
        f"PROBLEM  schema: version 999 is newer than this Momentos knows ({NEWEST})"
        " — fix: upgrade Momentos, or restore a backup made by this version"
    )


def test_doctor_names_missing_privileges(filled: str, other_role: Role, tmp_path: Path) -> None:
    outcome = doctor(tmp_path, other_role.url)
    line = outcome.line("PROBLEM  privileges: ")
    assert line.startswith(
        f"PROBLEM  privileges: user {other_role.name} may not SELECT on answers, INSERT on answers, UPDATE on answers,"
        " DELETE on answers (and "
    )
    assert line.endswith(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {other_role.name}")
    assert outcome.line("skipped  teams: ") == "skipped  teams: not checked: the database could not be read"

    sql(filled, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {other_role.name}")
    outcome = doctor(tmp_path, other_role.url)
    line = outcome.line("warning  privileges: ")
    assert line.startswith(f"warning  privileges: user {other_role.name} may read and write the tables, but the tables")
    assert "a future upgrade will need more — fix: run Momentos as the tables' owner" in line
    assert outcome.line("ok       teams: ") == "ok       teams: 2 in 1 server(s): Cája, Ventas"
    assert outcome.out.splitlines()[-1] == "1 problem(s) found (1 warning(s) to read)"


def test_doctor_says_when_the_user_may_not_create_the_tables(
    postgres_url: str, other_role: Role, tmp_path: Path
) -> None:
    sql(postgres_url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    outcome = doctor(tmp_path, other_role.url)
    assert outcome.line("PROBLEM  privileges: ") == (
        f"PROBLEM  privileges: user {other_role.name} may not create tables in schema public; `momentos run` must"
        f" create them — fix: as the database's owner: GRANT CREATE ON SCHEMA public TO {other_role.name}; or make"
        f" {other_role.name} the owner of the database"
    )


def test_doctor_warns_about_a_collation_that_is_not_bytewise(postgres_server: str, tmp_path: Path) -> None:
    name = f"icu_{secrets.token_hex(4)}"
    try:
        sql(
            postgres_server,
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'",
        )
    except asyncpg.PostgresError as error:  # before PostgreSQL 15, or built without ICU
        pytest.skip(f"no ICU database on this server: {error}")
    try:
        outcome = doctor(tmp_path, database_url(postgres_server, name))
    finally:
        sql(postgres_server, f"DROP DATABASE {name} WITH (FORCE)")
    line = outcome.line("warning  collation: ")
    assert line.startswith("warning  collation: the database sorts text by ICU locale en-US, not byte by byte")
    assert "CREATE DATABASE … ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" in line
    # The token is the one problem: a warning is not one.
    assert outcome.out.splitlines()[-1] == "1 problem(s) found (1 warning(s) to read)"


def test_doctor_warns_about_an_encoding_other_than_utf8(postgres_server: str, tmp_path: Path) -> None:
    name = f"ascii_{secrets.token_hex(4)}"
    sql(postgres_server, f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'")
    try:
        outcome = doctor(tmp_path, database_url(postgres_server, name))
    finally:
        sql(postgres_server, f"DROP DATABASE {name} WITH (FORCE)")
    line = outcome.line("warning  encoding: ")
    assert line.startswith("warning  encoding: the database's encoding is SQL_ASCII, not UTF8")
    assert outcome.line("ok       collation: ") == "ok       collation: C: names sort byte by byte, as on SQLite"


def test_doctor_says_in_one_line_why_the_server_cannot_be_used(postgres_url: str, tmp_path: Path) -> None:
    parts = urlsplit(postgres_url)
    host = parts.netloc.rsplit("@", 1)[1]
    ghost = urlunsplit(parts._replace(netloc=f"nobody_{secrets.token_hex(3)}:{PASSWORD}@{host}"))
    outcome = doctor(tmp_path, ghost)
    assert outcome.line("PROBLEM  database: ").startswith(f"PROBLEM  database: PostgreSQL at {host} refused the login")
    assert outcome.line("skipped  teams: ") == "skipped  teams: not checked: the database could not be read"

    missing = urlunsplit(parts._replace(path="/no_such_database"))
    outcome = doctor(tmp_path, missing)
    assert outcome.line("PROBLEM  database: ").startswith(
        f"PROBLEM  database: PostgreSQL at {host} has no such database"
    )

    closed = urlunsplit(parts._replace(netloc=f"postgres:{PASSWORD}@127.0.0.1:1"))
    outcome = doctor(tmp_path, closed)
    assert outcome.line("PROBLEM  database: ") == (
        "PROBLEM  database: cannot reach PostgreSQL at 127.0.0.1:1: connection refused; is the server running and"
        " listening there?"
    )


async def test_doctor_requires_postgresql_13() -> None:
    class Old:
        async def fetchval(self, query: str) -> str:
            return "120017" if query.endswith("_num") else "12.17 (Debian 12.17-1)"

    finding = await _server(Old())  # type: ignore[arg-type]
    assert finding.verdict is Verdict.PROBLEM
    assert line(finding, None) == (
        "PROBLEM  server: PostgreSQL 12.17; Momentos needs PostgreSQL 13 or newer — fix: upgrade the server, or point"
        " MOMENTOS_DATABASE_URL at one running PostgreSQL 13 or newer"
    )


# --- export and learning-report ----------------------------------------------------------------------------------


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_reads_the_server_named_by_momentos_database_url(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    before = fingerprint(filled)
    assert main(["export", "answers", "--period", "all"]) == 0
    rows = rows_of(capsysbinary.readouterr().out)
    assert [(row[0], row[1], row[3], row[4], row[9]) for row in rows[1:]] == [
        ("2026-11-23T15:11:00Z", "2026-11-23", "Ventas", "11", "B"),
        ("2026-11-23T15:12:00Z", "2026-11-23", "Ventas", "12", "A"),
        ("2026-11-23T15:13:00Z", "2026-11-23", "Cája", "13", "B"),
    ]
    assert main(["export", "reflections", "--guild", "7", "--period", "all"]) == 0
    assert [(row[4], row[9]) for row in rows_of(capsysbinary.readouterr().out)[1:]] == [("11", "'" + TEXT)]

    out = operator / "points.csv"
    assert main(["export", "points", "--period", "all", "--out", str(out)]) == 0
    points = rows_of(out.read_bytes())
    assert capsysbinary.readouterr().out.decode() == f"{out}: {len(points) - 1} points rows (all)\n"
    assert len(points) > 1

    statements = operator / "statements.jsonl"
    assert main(["export", "--format", "xapi", "--period", "all", "--out", str(statements)]) == 0
    assert capsysbinary.readouterr().out.decode() == (
        f"{statements}: 4 xAPI statements (3 answers, 0 reviews, 1 reflection) (all)\n"
    )
    assert fingerprint(filled) == before, "export never writes"


def test_export_messages_name_the_server_without_its_password(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    assert main(["export", "answers", "--guild", "999"]) == 1
    assert capsys.readouterr().err == f"momentos: {_shown(filled)}: no server 999 in this database\n"


def test_export_refuses_a_database_without_momentos_tables_and_creates_none(
    postgres_url: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", postgres_url)
    assert main(["export", "points"]) == 1
    assert capsys.readouterr().err == (
        f"momentos: {_shown(postgres_url)}: not a Momentos database (its tables are missing)\n"
    )
    assert main(["learning-report"]) == 1
    assert "not a Momentos database" in capsys.readouterr().err
    assert fingerprint(postgres_url) == {}, "nothing was created"


def test_export_with_db_still_reads_the_file(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    missing = operator / "nope.db"
    assert main(["export", "--db", str(missing), "answers"]) == 1
    assert capsys.readouterr().err == f"momentos: {missing}: no such database file\n"


async def test_the_export_session_refuses_writes(filled: str) -> None:
    database = await open_readonly(filled)
    try:
        assert len(await database.fetchall("SELECT * FROM answers")) == 3
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
            await database.execute("DELETE FROM answers")
    finally:
        await database.close()


def test_learning_report_reads_the_server(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    before = fingerprint(filled)
    assert main(["learning-report"]) == 0
    assert "not enough reviews: 3 attempts in the ledger, the report needs 5,000" in capsys.readouterr().out
    assert fingerprint(filled) == before


def test_a_url_of_another_kind_is_refused_without_showing_its_password(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", f"mysql://momentos:{PASSWORD}@db/momentos")
    for command in (["export", "answers"], ["backup", str(operator / "m.dump")], ["learning-report"]):
        assert main(command) == 1
        assert capsys.readouterr().err == (
            "momentos: MOMENTOS_DATABASE_URL must start with postgresql:// or sqlite:///, got"
            " 'mysql://momentos:***@db/momentos'\n"
        )


# --- backup ------------------------------------------------------------------------------------------------------


def _restore(dump: Path, url: str) -> None:
    """pg_restore the dump into the empty database at url, as the README tells an operator to."""
    restore = find_program("pg_restore")
    assert restore is not None
    parts = urlsplit(url)
    environment = {**os.environ, "PGPASSWORD": parts.password or ""}
    plain = urlunsplit(parts._replace(netloc=f"{parts.username}@{parts.netloc.rsplit('@', 1)[1]}"))
    done = subprocess.run(
        [str(restore), "--no-owner", "--exit-on-error", "--dbname", plain, str(dump)],
        env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_backup_dumps_the_server_and_the_dump_restores(
    filled: str,
    postgres_server: str,
    operator: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if find_program("pg_dump") is None:
        pytest.skip("pg_dump is not installed here")
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    target = operator / "backups" / "momentos-2026-11-23.dump"
    assert main(["backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{target}: {target.stat().st_size:,} bytes, pg_dump custom format, schema version {NEWEST},")
    assert out.endswith(" tables listed by pg_restore\n")
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name], "no partial file is left"

    assert main(["backup", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"momentos: {target} already exists; choose another name or use --force to replace it\n"
    )
    sql(filled, "DELETE FROM pauses")
    assert main(["backup", str(target), "--force"]) == 0
    capsys.readouterr()

    name = f"restored_{secrets.token_hex(4)}"
    sql(postgres_server, f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    try:
        restored = _with_password(database_url(postgres_server, name))
        _restore(target, restored)
        assert fingerprint(restored) == fingerprint(filled)

        async def reopen() -> int:
            storage = await Storage.open(restored)
            try:
                return len(await storage.database.fetchall("SELECT * FROM reflections"))
            finally:
                await storage.close()

        assert asyncio.run(reopen()) == 1
    finally:
        sql(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_hands_the_password_over_in_the_environment_only(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = find_program("pg_dump")
    if real is None:
        pytest.skip("pg_dump is not installed here")
    folder = operator / "bin"
    folder.mkdir()
    seen = operator / "seen"
    for program in ("pg_dump", "pg_restore"):
        wrapper = folder / program
        wrapper.write_text(
            "#!/bin/sh\n"
            f'printf "%s\\n" "$0 $*" "PGPASSWORD=$PGPASSWORD" >> "{seen}"\n'
            f'exec "{real.with_name(program)}" "$@"\n'
        )
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("MOMENTOS_PG_BIN", str(folder))
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    assert main(["backup", str(operator / "m.dump")]) == 0
    assert _secret(filled) not in capsys.readouterr().out
    calls = seen.read_text().splitlines()
    dump_line, restore_line = calls[0], calls[2]
    assert dump_line.startswith(f"{folder / 'pg_dump'} --format=custom --no-password --file ")
    assert restore_line.startswith(f"{folder / 'pg_restore'} --list ")
    assert _secret(filled) not in dump_line + restore_line, "never on a command line"
    assert calls[1] == f"PGPASSWORD={_secret(filled)}"


def test_backup_without_pg_dump_says_what_to_install_and_exits_2(
    filled: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (operator / "empty").mkdir()
    monkeypatch.setenv("MOMENTOS_PG_BIN", str(operator / "empty"))
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", filled)
    target = operator / "m.dump"
    assert main(["backup", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("momentos: pg_dump not found") and err.count("\n") == 1
    assert "apt-get install postgresql-client" in err
    assert not target.exists()


def test_backup_refuses_a_database_without_momentos_tables(
    postgres_url: str, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if find_program("pg_dump") is None:
        pytest.skip("pg_dump is not installed here")
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", postgres_url)
    assert main(["backup", str(operator / "m.dump")]) == 1
    assert capsys.readouterr().err == (
        f"momentos: {_shown(postgres_url)}: not a Momentos database (its tables are missing)\n"
    )
    assert list(operator.iterdir()) == []


# --- health (no server needed: it reads only the heartbeat file) -------------------------------------------------

UNREACHABLE = f"postgresql://momentos:{PASSWORD}@127.0.0.1:1/momentos"


def test_health_reads_only_the_heartbeat_with_a_postgresql_setting(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MOMENTOS_DATABASE_URL", UNREACHABLE)  # never contacted: health must not need the server
    assert main(["health"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "unhealthy: no heartbeat at data/heartbeat (the bot has not completed a tick while connected to Discord;"
        " is `momentos run` running with the same MOMENTOS_HEARTBEAT (or, without it, the same working"
        " directory)?)\n"
    )
    (operator / "data").mkdir()
    (operator / "data" / "heartbeat").write_text("2026-11-23T15:00:00+00:00\n")
    assert main(["health"]) == 0
    assert capsys.readouterr().out.startswith("healthy: last heartbeat ")

    beat = operator / "volume" / "heartbeat"
    beat.parent.mkdir()
    beat.write_text("2026-11-23T15:00:00+00:00\n")
    old = time.time() - 600
    os.utime(beat, (old, old))
    monkeypatch.setenv("MOMENTOS_HEARTBEAT", str(beat))
    assert main(["health"]) == 1
    assert capsys.readouterr().err.startswith("unhealthy: the last heartbeat is 600 s old")
