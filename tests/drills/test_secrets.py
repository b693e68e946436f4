"""Secrets: the bot token never shows up in logs, exceptions, replies, messages or the database.

The bot runs with a recognisable token, in process (every log record captured at DEBUG, before any scrubbing)
and as `momentos run` (its real stdout and stderr, at DEBUG). Errors are provoked on purpose: a command that
fails, an exception inside a cog, Discord failing the bot's answers, a rejected login.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_app
from bot.cli.settings import Settings
from bot.discord.client import StartupRefused
from bot.discord.endpoints import configure_endpoints
from bot.domain.model import Catalog
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.world import World
from tests.drills.conftest import DrillReport
from tests.e2e.harness import WORLD, Harness, running

REPO = Path(__file__).resolve().parents[2]
MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
# Shaped like a real one (id . timestamp . HMAC), and easy to grep for, whole or in part.
TOKEN = "MTE3OTk5OTk5OTk5OTk5OTk5OQ.GdrIlL.secreto-de-momentos-NO-LOGUEAR-0123456789"
WRONG = "MTE3OTk5OTk5OTk5OTk5OTk5OQ.GwRoNg.token-equivocado-NO-LOGUEAR-9876543210"
PIECES = (TOKEN, TOKEN.split(".")[-1], WRONG, WRONG.split(".")[-1])


def leaks(text: str) -> list[str]:
    """The pieces of either token found in `text`."""
    return [piece for piece in PIECES if piece in text]


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as a handler would write it: message, traceback and stack."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) + (record.stack_info or "") for record in caplog.records)


def everything_shown(sim: Simulator) -> str:
    """Every message, embed and file anyone saw, and every answer to an interaction."""
    parts = []
    for message in sim.world.messages.values():
        parts.append(message.text())
        parts.append(repr(message.embeds))
        parts.extend(data.decode("utf-8", "replace") for data in message.files.values())
    for record in sim.interactions.values():
        parts.append(repr(record.callback_data))
    return "\n".join(parts)


def stored(db: Path) -> str:
    """The database files' bytes, as text."""
    return "\n".join(path.read_bytes().decode("latin-1") for path in db.parent.glob(db.name + "*") if path.is_file())


async def settled(record: InteractionRecord) -> InteractionRecord:
    await record.settled()
    assert record.acknowledged, "silence"
    return record


@pytest.fixture
async def secret_harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """The e2e world whose bot logs in with TOKEN."""
    async with running(WORLD, catalog, tmp_path / "secrets.db", MONDAY_0850, token=TOKEN) as h:
        yield h


async def test_in_process_the_token_is_never_logged_shown_or_stored(
    secret_harness: Harness, catalog: Catalog, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, drill: DrillReport,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)  # everything, discord.py's HTTP and gateway chatter included
    h = secret_harness
    gerente, ana, general = h.member("gerente"), h.member("ana"), h.channel("general")
    await h.setup_two_teams()
    await h.tick_at(NINE_AM)

    # A command that fails on its input, and one that fails on an unknown id.
    bad = await settled(await h.sim.command(gerente, general, "config schedule", time="25:99", timezone="Marte/Base"))
    assert "25:99" in bad.text()
    unknown = await settled(await h.sim.command(gerente, general, "scenario edit", id="no.existe"))
    assert "no.existe" in unknown.text()
    # An exception inside a cog (a service failing), and inside a button's handler.
    services = h.running.services

    async def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the service fell over")

    monkeypatch.setattr(services.boards, "teams", broken)
    board = await settled(await h.sim.command(ana, general, "leaderboard"))
    monkeypatch.setattr(services.answers, "answer", broken)
    post = h.post_in("ventas")
    click = await settled(await h.sim.click(ana, post, post.custom_ids[0]))
    monkeypatch.undo()
    # Discord failing the bot's answer (so the error path itself runs), then settings shown to a manager.
    h.sim.faults.add(r"^/interactions/\d+/[^/]+/callback$", method="POST", status=400, times=1)
    await settled(await h.sim.command(ana, general, "help"))
    shown = await settled(await h.sim.command(gerente, general, "config show"))
    assert shown.embeds(), "the settings were shown"
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert len(failures) >= 3, "the failures above were logged with their tracebacks"
    for record in (board, click):
        assert record.ephemeral and record.text(), "the person was told something went wrong"

    # A rejected login: the wrong token must not appear in the exception or its chain either.
    configure_endpoints(h.sim.api_url, h.sim.gateway_url)
    intruder = (
        await open_app(
            database=tmp_path / "wrong.db",
            catalog=catalog,
            clock=h.clock,
            guild_ready_timeout=0.05,
            run_scheduler=False,
        )
    ).bot
    with pytest.raises(StartupRefused) as refused:
        await asyncio.wait_for(intruder.start(WRONG), 10)
    await intruder.close()
    chain = "".join(traceback.format_exception(refused.value))
    assert "DISCORD_TOKEN" in chain

    logged, seen = everything_logged(caplog), everything_shown(h.sim)
    assert leaks(logged) == [], "a log record carries the token"
    assert leaks(chain) == [], "the login failure carries the token"
    assert leaks(seen) == [], "a reply or message carries the token"
    assert leaks(stored(h.db_path)) == [] and leaks(stored(tmp_path / "wrong.db")) == []
    assert leaks(repr(Settings.from_env({"DISCORD_TOKEN": TOKEN}))) == []
    drill.tried(
        f"in process at DEBUG: invalid input, an unknown id, a service raising in a command and in a button, "
        f"Discord refusing an answer (400), /config show, a rejected login; {len(caplog.records)} log records"
    )
    drill.held(
        f"neither token (nor its secret part) in {len(caplog.records)} log records ({len(logged):,} chars, "
        f"{len(failures)} with tracebacks), the login failure's chain, {len(h.world.messages)} messages and "
        f"{len(h.sim.interactions)} answers, or the database files"
    )


# --------------------------------------------------------------------------------------------- `momentos run`


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    return {
        **base,
        "MOMENTOS_DB": str(tmp_path / "data" / "momentos.db"),
        "MOMENTOS_SCENARIOS": str(REPO / "scenarios"),
        "MOMENTOS_LOG_LEVEL": "DEBUG",
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


async def momentos_run(tmp_path: Path, sim: Simulator, token: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "run",
        cwd=tmp_path,
        env=env(tmp_path, DISCORD_TOKEN=token, MOMENTOS_DISCORD_API_URL=sim.api_url,
                MOMENTOS_DISCORD_GATEWAY_URL=sim.gateway_url),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_momentos_run_never_prints_the_token_even_when_an_error_echoes_it(
    tmp_path: Path, drill: DrillReport
) -> None:
    sim = Simulator(World.from_config(WORLD), token=TOKEN)
    await sim.start()
    try:
        process = await momentos_run(tmp_path, sim, TOKEN)
        await sim.wait_until_connected(timeout=30)
        for _ in range(300):  # commands are synced in setup_hook, right before READY
            if sim.commands.get(None):
                break
            await asyncio.sleep(0.05)
        guild = sim.world.guild("Tienda")
        gerente, ana, general = guild.member("gerente"), guild.member("ana"), guild.channel("general")
        bad = await settled(await sim.command(gerente, general, "config schedule", time="25:99", timezone="UTC"))
        assert "25:99" in bad.text()
        shown = await settled(await sim.command(gerente, general, "config show"))
        # An endpoint that echoes the request's credentials in its error (a misconfigured stand-in or proxy):
        # the answer to /help fails with the token in the exception the cog's error handler logs.
        echo = f"upstream refused POST with headers {{'Authorization': 'Bot {TOKEN}'}}"
        sim.faults.add(r"^/interactions/\d+/[^/]+/callback$", method="POST", status=400, times=1, message=echo)
        helped = await settled(await sim.command(ana, general, "help"))
        assert helped.text(), "the member still got an answer"
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)

        # A rejected login, as the operator sees it.
        refused = await momentos_run(tmp_path, sim, WRONG)
        refused_out, refused_err = await asyncio.wait_for(refused.communicate(), 30)
        # A login that fails otherwise, with the echoing error: it must end in the (scrubbed) log, not a raw traceback.
        sim.faults.add(r"^/users/@me$", method="GET", status=400, times=1, message=echo)
        failed = await momentos_run(tmp_path, sim, TOKEN)
        failed_out, failed_err = await asyncio.wait_for(failed.communicate(), 30)
    finally:
        await sim.stop()
    log, output = stderr.decode(), stdout.decode()
    assert process.returncode == 0, log[-2000:]
    assert "unexpected failure in /help" in log, "the cog's exception was logged with its traceback"
    assert "[redacted]" in log, "the echoed token was logged, and scrubbed"
    assert refused.returncode == 2 and "Discord rejected DISCORD_TOKEN" in refused_err.decode()
    assert leaks(log + output) == [], "momentos run printed the token"
    assert leaks(refused_err.decode() + refused_out.decode()) == [], "the rejected token was printed"
    assert failed.returncode == 1 and "momentos stopped on an unexpected error" in failed_err.decode()
    assert "[redacted]" in failed_err.decode()
    assert leaks(failed_err.decode() + failed_out.decode()) == [], "a failed login printed the token"
    assert leaks(everything_shown(sim)) == [] and leaks(repr(shown.embeds())) == []
    assert leaks(stored(tmp_path / "data" / "momentos.db")) == []
    assert sim.unhandled == []
    drill.tried(
        f"`momentos run` at DEBUG with a recognisable token: invalid input, /config show, an answer failing with an "
        f"error that echoes the token (logged with its traceback by the cog's error handler), SIGTERM; then a "
        f"rejected token, then a login failing with the echoing error ({len(log.splitlines())}, "
        f"{len(refused_err.decode().splitlines())} and {len(failed_err.decode().splitlines())} lines of output)"
    )
    drill.held(
        f"exit 0, exit 2 ('Discord rejected DISCORD_TOKEN') and exit 1 (logged, not a raw traceback); the echoed "
        f"token appears only as [redacted] ({log.count('[redacted]') + failed_err.decode().count('[redacted]')} "
        f"times); neither token in stdout, stderr, {len(sim.world.messages)} messages or the database"
    )


def test_python_s_own_error_printouts_go_through_the_scrubber(
    capsys: pytest.CaptureFixture[str], drill: DrillReport
) -> None:
    import threading

    from bot.cli.logs import configure_logging

    token = "MTIzNDU2Nzg5.unraisable.secret-token"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    unraisable, excepthook = sys.unraisablehook, threading.excepthook

    class Leaky:
        def __del__(self) -> None:
            raise RuntimeError(f"closing with Bot {token}")

    def leaky_thread() -> None:
        raise ValueError(f"thread saw {token}")

    try:
        configure_logging("INFO", secrets=[token])
        Leaky()  # "Exception ignored in …" when it is collected
        worker = threading.Thread(target=leaky_thread)
        worker.start()
        worker.join()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        sys.unraisablehook, threading.excepthook = unraisable, excepthook
    err = capsys.readouterr().err
    assert token not in err
    assert "closing with Bot [redacted]" in err and "thread saw [redacted]" in err
    drill.tried("an exception raised in __del__ and one escaping a thread, both carrying the token")
    drill.held("both reached stderr as scrubbed log records ([redacted]), not as Python's raw printouts")
