"""`momentos doctor` as an operator runs it: its own process, settings from the environment and `.env`."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.domain.model import Catalog
from bot.simulator.server import Simulator
from tests.e2e.conftest import MONDAY_0850
from tests.e2e.harness import WORLD, Harness, running

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    """What the operator saw."""

    status: int
    out: str
    err: str

    def lines(self, start: str) -> list[str]:
        return [line for line in self.out.splitlines() if line.startswith(start)]


async def _doctor(cwd: Path, **env: str) -> Outcome:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    clean.update(PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1", **env)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "doctor",
        cwd=cwd, env=clean, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return Outcome(process.returncode, out.decode(), err.decode())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
async def server(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """The simulator with two teams set up by a manager; the bot stopped, its database closed."""
    async with running(WORLD, catalog, tmp_path / "data" / "momentos.db", MONDAY_0850) as h:
        await h.setup_two_teams()
        await h.stop_bot()
        yield h
        assert h.sim.unhandled == [], "the doctor called endpoints the simulator does not implement"


def _discord_env(sim: Simulator, db: Path) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": sim.token,
        "MOMENTOS_DB": str(db),
        "MOMENTOS_DISCORD_API_URL": sim.api_url,
        "MOMENTOS_DISCORD_GATEWAY_URL": sim.gateway_url,
    }


async def test_a_healthy_setup_is_all_ok(server: Harness, tmp_path: Path) -> None:
    before = _digest(server.db_path)
    outcome = await _doctor(tmp_path, **_discord_env(server.sim, server.db_path))
    assert outcome.status == 0, outcome.out + outcome.err
    body = outcome.out.splitlines()
    assert body[-1] == "all checks passed"
    assert all(line.startswith("ok ") for line in body[:-1]), outcome.out
    for expected in (
        "ok       token: DISCORD_TOKEN is set (not shown)",
        "ok       schema: version",
        "ok       integrity: PRAGMA integrity_check: ok",
        "ok       teams: 2 in 1 server(s): Caja, Ventas",
        "ok       content: ",
        "ok       Discord: logged in as",
        "ok       Discord gateway: ",
        "ok       #ventas (team Ventas, server Tienda): the bot can View Channel, Send Messages, Embed Links,",
        "ok       #caja (team Caja, server Tienda): the bot can",
    ):
        assert any(line.startswith(expected) for line in body), (expected, outcome.out)
    assert server.sim.token not in outcome.out + outcome.err, "the token is never printed"
    assert _digest(server.db_path) == before, "the doctor never writes to the database"


async def test_a_channel_without_send_and_embed_is_named_with_its_team(server: Harness, tmp_path: Path) -> None:
    caja = server.channel("caja")
    await server.sim.set_permissions(caja, server.guild.role("Momentos"), deny=["send_messages", "embed_links"])
    outcome = await _doctor(tmp_path, **_discord_env(server.sim, server.db_path))
    assert outcome.status == 1, outcome.out + outcome.err
    [line] = outcome.lines("PROBLEM")
    assert line.startswith("PROBLEM  #caja (team Caja, server Tienda): the bot lacks Send Messages, Embed Links")
    assert "fix: in Discord, #caja › Edit Channel › Permissions" in line
    assert outcome.lines("ok       #ventas (team Ventas")
    assert outcome.out.splitlines()[-1] == "1 problem(s) found"


async def test_a_corrupt_database_is_a_problem_and_stays_untouched(tmp_path: Path) -> None:
    db = tmp_path / "momentos.db"
    db.write_bytes(b"SQLite format 2\x00" + bytes(range(256)) * 64)
    before = _digest(db)
    outcome = await _doctor(tmp_path, MOMENTOS_DB=str(db))
    assert outcome.status == 1
    [database] = [line for line in outcome.lines("PROBLEM") if "database" in line]
    assert f"database: database {db} is unusable: file is not a database; restore the latest backup" in database
    assert _digest(db) == before


async def test_an_old_schema_is_upgradable_and_is_only_tried_on_a_copy(tmp_path: Path) -> None:
    db = tmp_path / "momentos.db"
    with sqlite3.connect(db) as v1:
        v1.executescript((REPO / "tests" / "drills" / "fixtures" / "schema_v1.sql").read_text(encoding="utf-8"))
    v1.close()
    before = _digest(db)
    outcome = await _doctor(tmp_path, MOMENTOS_DB=str(db), DISCORD_TOKEN="x" * 59)
    assert outcome.lines("ok       schema: version 1 of "), outcome.out
    assert "`momentos run` will upgrade it (tried on a copy: fine)" in outcome.out
    assert outcome.lines("ok       teams: 2 in 1 server(s): Caja, Ventas")
    assert _digest(db) == before
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as check:
        assert check.execute("SELECT MAX(version) FROM schema_migrations").fetchone() == (1,)


async def test_a_bad_setting_in_dotenv_stops_the_doctor_like_run(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MOMENTOS_LOG_LEVEL=LOUD\nDISCORD_TOKEN=" + "y" * 59 + "\n", encoding="utf-8")
    outcome = await _doctor(tmp_path)
    assert outcome.status == 2
    assert outcome.out.startswith("PROBLEM  configuration: MOMENTOS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    assert "y" * 59 not in outcome.out + outcome.err
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "run",
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2 and "MOMENTOS_LOG_LEVEL must be" in err.decode(), "run reads the same .env"


async def test_without_a_token_discord_is_skipped_in_a_clear_line(tmp_path: Path) -> None:
    outcome = await _doctor(tmp_path, MOMENTOS_DB=str(tmp_path / "new" / "momentos.db"))
    assert outcome.status == 1
    assert outcome.lines("PROBLEM  token: DISCORD_TOKEN is not set; `momentos run` needs it — fix: in the Discord")
    assert outcome.lines("skipped  Discord: not checked: there is no DISCORD_TOKEN to log in with")
    assert outcome.lines(f"ok       database: {tmp_path / 'new' / 'momentos.db'} does not exist yet")
    assert outcome.lines("ok       content: ")
    assert not (tmp_path / "new").exists(), "nothing is created"


async def test_a_team_whose_channel_is_gone_is_named(server: Harness, tmp_path: Path) -> None:
    with sqlite3.connect(server.db_path) as db:
        db.execute("UPDATE teams SET channel_id = 42 WHERE name = 'Caja'")
    db.close()
    outcome = await _doctor(tmp_path, **_discord_env(server.sim, server.db_path))
    assert outcome.status == 1
    assert outcome.lines(
        "PROBLEM  team Caja (server Tienda): its channel 42 is gone or hidden from the bot"
        " — fix: give the team a channel with /team edit name:Caja channel:…"
    ), outcome.out
