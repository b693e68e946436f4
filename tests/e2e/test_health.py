"""The heartbeat and `momentos health`: what Docker's HEALTHCHECK and the systemd timer rely on."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.health import check
from bot.cli.main import main
from bot.discord.heartbeat import Heartbeat
from tests.e2e.harness import Harness

NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City


async def test_the_scheduler_loop_writes_the_heartbeat_after_each_good_tick(harness: Harness, tmp_path: Path) -> None:
    await harness.setup_two_teams()
    harness.clock.set(NINE_AM - timedelta(minutes=5))
    bot = await harness.restart_bot(scheduler_loop=False)
    beat = tmp_path / "data" / "heartbeat"
    bot.heartbeat = Heartbeat(beat)

    await bot.scheduler.tick()
    bot.beat()  # what the loop does after a tick that did not raise

    assert beat.read_text(encoding="utf-8") == f"{(NINE_AM - timedelta(minutes=5)).isoformat()}\n"
    ok, line = check(beat, 180, time.time())
    assert ok, line


async def test_the_running_loop_beats_without_being_asked(harness: Harness, tmp_path: Path) -> None:
    await harness.setup_two_teams()
    await harness.stop_bot()
    beat = tmp_path / "beat"
    bot = await harness.start_bot(scheduler_loop=True)
    bot.heartbeat = Heartbeat(beat)
    bot.scheduler.poke()

    await harness.eventually(beat.exists)


async def test_no_heartbeat_when_the_gateway_is_gone(harness: Harness, tmp_path: Path) -> None:
    bot = harness.running
    beat = tmp_path / "beat"
    bot.heartbeat = Heartbeat(beat)
    await harness.stop_bot()

    bot.beat()

    assert not beat.exists(), "a closed bot must let the heartbeat go stale"


def test_an_unwritable_heartbeat_is_logged_once_and_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    heartbeat = Heartbeat(blocker / "heartbeat")

    heartbeat.beat(NINE_AM)
    heartbeat.beat(NINE_AM)

    warnings = [r.getMessage() for r in caplog.records if r.name == "momentos.heartbeat"]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"cannot write the heartbeat file {blocker / 'heartbeat'}: ")


@pytest.mark.parametrize(
    ("age", "healthy", "words"),
    [(5, True, "healthy: last heartbeat 5 s ago"), (600, False, "unhealthy: the last heartbeat is 600 s old")],
)
def test_health_exit_status_follows_the_heartbeat_age(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    age: int,
    healthy: bool,
    words: str,
) -> None:
    beat = tmp_path / "heartbeat"
    beat.write_text("x")
    when = time.time() - age
    os.utime(beat, (when, when))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOMENTOS_HEARTBEAT", str(beat))

    status = main(["health"])

    out, err = capsys.readouterr()
    assert status == (0 if healthy else 1)
    assert words in (out if healthy else err)


def test_health_defaults_to_the_file_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MOMENTOS_HEARTBEAT", raising=False)
    monkeypatch.setenv("MOMENTOS_DB", str(tmp_path / "data" / "momentos.db"))

    assert main(["health"]) == 1
    assert f"no heartbeat at {tmp_path / 'data' / 'heartbeat'}" in capsys.readouterr().err

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "heartbeat").write_text("x")
    assert main(["health"]) == 0


def test_health_refuses_a_bad_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOMENTOS_LOG_LEVEL", "LOUD")

    assert main(["health"]) == 2
    assert "MOMENTOS_LOG_LEVEL" in capsys.readouterr().err
