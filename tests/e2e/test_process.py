"""`momentos run` as its own process, pointed at the simulator by environment variables, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.simulator.server import Simulator
from bot.simulator.world import World
from tests.e2e.harness import WORLD

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    env.update({"MOMENTOS_DB": str(tmp_path / "data" / "momentos.db"), "PYTHONUNBUFFERED": "1", **extra})
    return env


async def _momentos(tmp_path: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", *args,
        cwd=tmp_path, env=_env(tmp_path, **env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_run_honours_the_endpoint_variables_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    sim = Simulator(World.from_config(WORLD), token="process-test-token-123456")
    await sim.start()
    try:
        process = await _momentos(
            tmp_path,
            "run",
            DISCORD_TOKEN=sim.token,
            MOMENTOS_DISCORD_API_URL=sim.api_url,
            MOMENTOS_DISCORD_GATEWAY_URL=sim.gateway_url,
            MOMENTOS_SCENARIOS=str(REPO / "scenarios"),
            PYTHONPATH=str(REPO),
        )
        await sim.wait_until_connected(timeout=30)
        for _ in range(300):  # commands are synced in setup_hook, right before READY
            if sim.commands.get(None):
                break
            await asyncio.sleep(0.05)
        guild = sim.world.guild("Tienda")
        record = await sim.command(guild.member("ana"), guild.channel("general"), "help")
        await record.settled(timeout=10)
        assert "momento de verdad" in record.text()
        heartbeat = tmp_path / "data" / "heartbeat"  # the scheduler's first tick follows READY
        for _ in range(300):
            if heartbeat.exists():
                break
            await asyncio.sleep(0.05)
        health = await _momentos(tmp_path, "health", PYTHONPATH=str(REPO))
        health_out, _ = await asyncio.wait_for(health.communicate(), 30)
        assert health.returncode == 0 and health_out.decode().startswith("healthy: last heartbeat")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        await sim.stop()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "signal received; shutting down" in log
    assert sim.token not in log, "the token never reaches the logs"
    assert (tmp_path / "data" / "momentos.db").is_file()
    assert sim.unhandled == []


async def test_run_without_a_token_explains_how_to_get_one(tmp_path: Path) -> None:
    process = await _momentos(tmp_path, "run", PYTHONPATH=str(REPO))
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    message = stderr.decode()
    assert process.returncode == 2
    assert message.count("\n") == 1, "one line, not a traceback"
    assert "DISCORD_TOKEN is not set" in message and "discord.com/developers/applications" in message


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MOMENTOS_DISCORD_API_URL", "127.0.0.1:8765", "must start with http://"),
        ("MOMENTOS_DISCORD_GATEWAY_URL", "http://127.0.0.1:8765", "must start with ws://"),
        ("MOMENTOS_LOG_LEVEL", "LOUD", "MOMENTOS_LOG_LEVEL must be"),
    ],
)
async def test_run_rejects_malformed_settings_in_one_line(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    process = await _momentos(tmp_path, "run", PYTHONPATH=str(REPO), DISCORD_TOKEN="x" * 30, **{variable: value})
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert expected in stderr.decode() and "Traceback" not in stderr.decode()


async def test_run_refuses_broken_content_with_located_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("steps.yaml", "dimensions.yaml"):
        (content / name).write_text((REPO / "scenarios" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (content / "roto.yaml").write_text(
        "format: momentos.pack/1\npack: {id: roto, title: Roto, language: es}\nitems: []\n"
    )
    process = await _momentos(
        tmp_path, "run", PYTHONPATH=str(REPO), DISCORD_TOKEN="x" * 30, MOMENTOS_SCENARIOS=str(content)
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert "content/roto.yaml:3:8: items: expected at least 1 entries, got 0" in stderr.decode()
