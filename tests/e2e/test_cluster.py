"""`momentos cluster` for real: two `momentos run` processes, one shard each, on one PostgreSQL database,
against the simulator; one process killed with SIGKILL mid-game and restarted by the cluster.

Four servers, two on each shard (Discord's (guild_id >> 22) % 2). A manager in each creates a team and posts
the day's challenge; members answer; the process holding shard 1 is killed; the cluster restarts it; shard 0's
servers answer throughout, shard 1's again once it is back; every acknowledged answer is stored once and the
board aggregates equal their rebuild.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import Guild, Message, World
from bot.storage import Storage
from tests.postgres import Databases

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]
REPO = Path(__file__).resolve().parents[2]
TOKEN = "cluster-test-token-0123456789"
SERVERS = 4
MEMBERS = ("ana", "bruno", "carla")


def _world() -> World:
    """Server i on shard i % 2 (ids are skipped until the next one lands there)."""
    world = World(Snowflakes(fixed_start=time.time() - 3600))
    for index in range(SERVERS):
        while ((world.ids.next() >> 22) + 1) % 2 != index % 2:
            pass
        world.add_guild(
            {
                "name": f"Tienda {index}",
                "roles": [{"name": "Ventas"}, {"name": "Gerencia", "permissions": ["manage_guild"]}],
                "channels": [{"name": "general"}, {"name": "ventas"}],
                "members": [
                    {"name": "gerente", "roles": ["Gerencia"]},
                    *({"name": name, "roles": ["Ventas"]} for name in MEMBERS),
                ],
            }
        )
    return world


def _children(parent: int) -> dict[str, int]:
    """The cluster's children by the shard range on their command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            line = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == parent and b"--shards" in line:
            found[line[line.index(b"--shards") + 1].decode()] = int(entry.name)
    return found


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(_world(), token=TOKEN)
    await simulator.start()
    yield simulator
    await simulator.stop()


async def _command(sim: Simulator, guild: Guild, path: str, **options: Any) -> InteractionRecord:
    record = await sim.command(guild.member("gerente"), guild.channel("general"), path, **options)
    return await record.settled(timeout=30)


async def _click(sim: Simulator, guild: Guild, who: str, post: Message, choice: int) -> InteractionRecord:
    return await (await sim.click(guild.member(who), post, post.custom_ids[choice])).settled(timeout=30)


def _post(sim: Simulator, guild: Guild) -> Message:
    channel = guild.channel("ventas")
    posts = [m for m in sim.messages(channel) if any(c.startswith("momentos:answer:") for c in m.custom_ids)]
    assert len(posts) == 1, f"{guild.name}: {len(posts)} posts"
    return posts[0]


async def test_a_cluster_of_two_processes_serves_every_shard_and_survives_a_kill(
    sim: Simulator, postgres_databases: Databases, tmp_path: Path
) -> None:
    url = await postgres_databases.fresh()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MOMENTOS_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN=sim.token,
        MOMENTOS_DISCORD_API_URL=sim.api_url,
        MOMENTOS_DISCORD_GATEWAY_URL=sim.gateway_url,
        MOMENTOS_DATABASE_URL=url,
        MOMENTOS_SCENARIOS=str(REPO / "scenarios"),
        MOMENTOS_HEARTBEAT=str(tmp_path / "heartbeat"),
        PYTHONPATH=str(REPO),
    )
    cluster = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "cluster", "--processes", "2", "--shard-count", "2",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    guilds = sorted(sim.world.guilds.values(), key=lambda g: g.name)
    try:
        await sim.wait_for_shards(2, timeout=120)
        for _ in range(600):  # commands are synced in setup_hook (by whichever process comes first)
            if sim.commands.get(None):
                break
            await asyncio.sleep(0.05)
        for guild in guilds:
            ventas = guild.channel("ventas")
            made = await _command(sim, guild, "team add", name="Ventas", channel=ventas, role=guild.role("Ventas"))
            assert "creado" in made.text(), (guild.name, made.text())
            posted = await _command(sim, guild, "challenge post")
            assert posted.acknowledged, (guild.name, posted.text())
        posts = {guild.id: _post(sim, guild) for guild in guilds}
        for guild in guilds:
            record = await _click(sim, guild, "ana", posts[guild.id], 0)
            assert record.acknowledged and record.ephemeral, (guild.name, record.text())

        children = _children(cluster.pid)
        assert set(children) == {"0-0", "1-1"}, children
        os.kill(children["1-1"], signal.SIGKILL)
        shard_zero = [g for g in guilds if sim.shard_of(g, 2) == 0]
        shard_one = [g for g in guilds if sim.shard_of(g, 2) == 1]
        for guild in shard_zero:  # the other process keeps serving while shard 1 is down
            record = await _click(sim, guild, "bruno", posts[guild.id], 0)
            assert record.acknowledged, (guild.name, record.text())
        for _ in range(1200):  # the cluster restarts the killed child after its back-off
            replaced = _children(cluster.pid).get("1-1")
            if replaced not in (None, children["1-1"]) and sim.gateway.live_sessions((1, 2)):
                break
            await asyncio.sleep(0.1)
        await sim.wait_for_shards(2, timeout=120)
        await asyncio.sleep(1)  # its GUILD_CREATEs: the restarted bot is ready for its servers
        for guild in shard_one:
            record = await _click(sim, guild, "bruno", posts[guild.id], 0)
            assert record.acknowledged and record.ephemeral, (guild.name, record.text())
            again = await _click(sim, guild, "ana", posts[guild.id], 1)
            assert again.acknowledged, "a repeat after the restart is answered too (as 'already answered')"
    finally:
        if cluster.returncode is None:
            cluster.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(cluster.communicate(), 60)
    log = out.decode() + err.decode()
    assert cluster.returncode == 0, log[-3000:]
    assert "restarting in" in log and "[p1 shards 1-1]" in log and "[p0 shards 0-0]" in log
    assert sim.token not in log

    storage = await Storage.open(url)
    try:
        rows = await storage.database.fetchall("SELECT guild_id, user_id, COUNT(*) FROM answers GROUP BY 1, 2")
        assert len(rows) == 2 * SERVERS and all(int(row[2]) == 1 for row in rows), [tuple(r) for r in rows]
        posts_stored = await storage.database.fetchone("SELECT COUNT(*), COUNT(DISTINCT guild_id) FROM posts")
        assert posts_stored is not None and tuple(posts_stored) == (SERVERS, SERVERS)
        totals = "SELECT * FROM board_totals ORDER BY guild_id, bucket, step, team_id, user_id"
        kept = [tuple(row) for row in await storage.database.fetchall(totals)]
        await storage.boards.rebuild()
        assert [tuple(row) for row in await storage.database.fetchall(totals)] == kept
    finally:
        await storage.close()
        await postgres_databases.drop_created()
    assert sim.unhandled == []
