"""The simulator shards like Discord: IDENTIFY's `shard` picks the guilds a session serves, events follow their
guild's shard, bad or missing shards are refused with 4010/4011, IDENTIFYs are rate limited per
max_concurrency bucket, and /gateway/bot recommends a shard count. Raw websockets pin the protocol; the real
discord.py AutoShardedClient shows a sharded bot works against it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import discord
import discord.http
import pytest

from bot.discord.endpoints import configure_endpoints
from bot.simulator.gateway import INVALID_SESSION, Session
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import Guild, World

TOKEN = "test-token-sharding"
GUILDS = 6
START = 1_700_000_000.0  # fixed snowflakes: the same guild ids, so the same shards, on every run
BUTTON = "shard:press"
CLIENT_TIMEOUT = 45.0  # discord.py pauses 5 s before every IDENTIFY after a client's first; the machine may be slow
Json = dict[str, Any]
MakeSim = Callable[..., Awaitable[Simulator]]
AnyClient = TypeVar("AnyClient", bound=discord.Client)


def sharded_world(guilds: int = GUILDS, shards: int = 2) -> World:
    """`guilds` guilds, guild i on shard i % `shards` (ids are skipped until the next one lands there)."""
    world = World(Snowflakes(fixed_start=START))
    for index in range(guilds):
        while ((world.ids.next() >> 22) + 1) % shards != index % shards:
            pass
        world.add_guild({"name": f"G{index}", "channels": [{"name": "general"}], "members": [{"name": "ana"}]})
    return world


def on_shard(sim: Simulator, shard_id: int, num_shards: int = 2) -> set[int]:
    """The ids of the guilds Discord's formula puts on a shard."""
    return {g.id for g in sim.world.guilds.values() if (g.id >> 22) % num_shards == shard_id}


@pytest.fixture
async def make_sim() -> AsyncIterator[MakeSim]:
    started: list[Simulator] = []

    async def make(**options: Any) -> Simulator:
        sim = Simulator(sharded_world(), token=TOKEN, **options)
        await sim.start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        await sim.stop()
        assert sim.unhandled == [], f"calls the simulator does not implement: {sim.unhandled}"


# ------------------------------------------------------------------------------------------------ raw gateway


async def _frame(ws: aiohttp.ClientWebSocketResponse) -> Json:
    message = await ws.receive(timeout=10)
    assert message.type is aiohttp.WSMsgType.TEXT, message
    return dict(json.loads(message.data))


@contextlib.asynccontextmanager
async def gateway(sim: Simulator) -> AsyncIterator[Callable[..., Awaitable[aiohttp.ClientWebSocketResponse]]]:
    """Open raw gateway sockets (HELLO already read); all closed on the way out."""
    async with aiohttp.ClientSession() as http:
        sockets: list[aiohttp.ClientWebSocketResponse] = []

        async def connect() -> aiohttp.ClientWebSocketResponse:
            ws = await http.ws_connect(f"{sim.gateway_url}?v=10&encoding=json")
            sockets.append(ws)
            assert (await _frame(ws))["op"] == 10
            return ws

        try:
            yield connect
        finally:
            for ws in sockets:
                await ws.close()


async def identify(ws: aiohttp.ClientWebSocketResponse, sim: Simulator, shard: Any = None) -> None:
    data: Json = {"token": sim.token, "intents": 1 | (1 << 9), "properties": {}}
    if shard is not None:
        data["shard"] = shard
    await ws.send_json({"op": 2, "d": data})


async def ready(ws: aiohttp.ClientWebSocketResponse) -> tuple[Json, list[int]]:
    """READY and the ids of the GUILD_CREATEs that follow it."""
    first = await _frame(ws)
    assert first["t"] == "READY", first
    creates = [await _frame(ws) for _ in first["d"]["guilds"]]
    assert all(c["t"] == "GUILD_CREATE" for c in creates)
    return first["d"], [int(c["d"]["id"]) for c in creates]


async def closed_with(ws: aiohttp.ClientWebSocketResponse) -> int | None:
    message = await ws.receive(timeout=10)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING), message
    return ws.close_code


async def session_for(sim: Simulator, shard: tuple[int, int]) -> Session:
    await sim.wait_for_shards(shard[1], [shard[0]], timeout=10)
    sessions = sim.gateway.live_sessions(shard)
    assert len(sessions) == 1
    return sessions[0]


async def test_a_shard_gets_only_its_guilds_in_ready_and_guild_create(make_sim: MakeSim) -> None:
    sim = await make_sim(identify_interval=0)
    async with gateway(sim) as connect:
        for shard_id in (0, 1):
            ws = await connect()
            await identify(ws, sim, [shard_id, 2])
            data, created = await ready(ws)
            assert data["shard"] == [shard_id, 2]
            expected = on_shard(sim, shard_id)
            assert len(expected) == GUILDS // 2
            assert {int(g["id"]) for g in data["guilds"]} == expected
            assert all(g["unavailable"] for g in data["guilds"])
            assert set(created) == expected
            assert set((await session_for(sim, (shard_id, 2))).guild_ids) == expected
        unsharded = await connect()
        await identify(unsharded, sim)  # no `shard`: [0, 1], every guild
        data, created = await ready(unsharded)
        assert data["shard"] == [0, 1] and set(created) == set(sim.world.guilds)


async def test_events_go_to_the_sessions_of_their_guilds_shard(make_sim: MakeSim) -> None:
    sim = await make_sim(identify_interval=0)
    shards = {"a": [0, 2], "b": [1, 2], "a_again": [0, 2], "whole": None, "third": [1, 3]}
    async with gateway(sim) as connect:
        for shard in shards.values():
            ws = await connect()
            await identify(ws, sim, shard)
            await ready(ws)
        assert len(sim.gateway.live_sessions()) == len(shards)
        assert len(sim.gateway.live_sessions((0, 2))) == 2, "a second session on a shard is accepted, the first kept"

        for guild in sim.world.guilds.values():
            await _post(sim, guild, f"hola {guild.name}")
        for session in sim.gateway.sessions.values():
            got = {int(m["guild_id"]) for m in session.sent("MESSAGE_CREATE")}
            assert got == {g for g in sim.world.guilds if session.serves(g)}, session.shard
            assert got == on_shard(sim, *session.shard)

        dm = {"id": "1", "channel_id": "2", "content": "hola", "author": sim.world.bot.payload()}
        assert await sim.gateway.dispatch("MESSAGE_CREATE", dm) == 3  # no guild: shard 0 of every count
        assert sorted(s.shard for s in sim.gateway.sessions.values() if dm in s.sent("MESSAGE_CREATE")) == [
            (0, 1),
            (0, 2),
            (0, 2),
        ]

        joined = await sim.join_guild({"name": "Nuevo", "channels": [{"name": "general"}]})
        for session in sim.gateway.sessions.values():
            assert (joined.id in session.guild_ids) == session.serves(joined.id)


async def test_an_event_for_a_shard_nobody_runs_is_dropped(make_sim: MakeSim) -> None:
    sim = await make_sim()
    async with gateway(sim) as connect:
        ws = await connect()
        await identify(ws, sim, [0, 2])
        await ready(ws)
        session = await session_for(sim, (0, 2))
        other = next(g for g in sim.world.guilds.values() if g.id not in on_shard(sim, 0))
        mine = next(g for g in sim.world.guilds.values() if g.id in on_shard(sim, 0))
        assert await sim.gateway.dispatch("GUILD_UPDATE", {"id": str(other.id), "name": "x"}) == 0
        assert await sim.gateway.dispatch("GUILD_UPDATE", {"id": str(mine.id), "name": "x"}) == 1
        assert [int(g["id"]) for g in session.sent("GUILD_UPDATE")] == [mine.id]


@pytest.mark.parametrize(
    "shard",
    [[2, 2], [5, 2], [-1, 2], [0, 0], [1, 1], [0, -1], [0], [0, 1, 2], "0,1", [0.0, 1], [True, 2], {"0": 1}, []],
)
async def test_an_invalid_shard_is_closed_with_4010(make_sim: MakeSim, shard: Any) -> None:
    sim = await make_sim()
    async with gateway(sim) as connect:
        ws = await connect()
        await identify(ws, sim, shard)
        assert await closed_with(ws) == 4010
    assert [(r.code, r.shard) for r in sim.gateway.refusals] == [(4010, shard)]
    assert sim.gateway.sessions == {} and sim.gateway.identify_count == 0


async def test_too_few_shards_for_the_guilds_is_closed_with_4011(make_sim: MakeSim) -> None:
    sim = await make_sim(max_guilds_per_shard=2, identify_interval=0)  # 6 guilds: 3 shards needed
    assert sim.gateway.recommended_shards == 3
    async with gateway(sim) as connect:
        for shard in (None, [0, 1], [1, 2]):
            ws = await connect()
            await identify(ws, sim, shard)
            assert await closed_with(ws) == 4011, shard
        assert [r.code for r in sim.gateway.refusals] == [4011] * 3
        ws = await connect()
        await identify(ws, sim, [2, 3])
        data, created = await ready(ws)
        assert data["shard"] == [2, 3] and set(created) == on_shard(sim, 2, 3)
        ws = await connect()
        await identify(ws, sim, [7, 3])  # an invalid shard is 4010 even when more shards are needed
        assert await closed_with(ws) == 4010


async def test_identify_is_rate_limited_per_max_concurrency_bucket(make_sim: MakeSim) -> None:
    sim = await make_sim(identify_interval=2.0)  # max_concurrency 1: one bucket
    async with gateway(sim) as connect:
        first = await connect()
        await identify(first, sim, [0, 2])
        await ready(first)
        second = await connect()
        await identify(second, sim, [1, 2])  # bucket 1 % 1 = 0, at once: refused
        assert await _frame(second) == {"op": INVALID_SESSION, "d": False}
        assert [(r.code, r.shard) for r in sim.gateway.rate_limited] == [(INVALID_SESSION, [1, 2])]
        assert sim.gateway.identify_count == 1 and len(sim.gateway.sessions) == 1
        await asyncio.sleep(2.0)  # the bucket's interval has passed
        third = await connect()
        await identify(third, sim, [1, 2])
        await ready(third)
        assert sim.gateway.identify_count == 2 and len(sim.gateway.rate_limited) == 1

    sim = await make_sim(max_concurrency=2)
    async with gateway(sim) as connect:
        for shard_id in (0, 1):  # buckets 0 and 1: together
            ws = await connect()
            await identify(ws, sim, [shard_id, 4])
            await ready(ws)
        for shard_id in (2, 3):  # buckets 0 and 1 again, within 5 s
            ws = await connect()
            await identify(ws, sim, [shard_id, 4])
            assert (await _frame(ws))["op"] == INVALID_SESSION
        assert [r.shard for r in sim.gateway.rate_limited] == [[2, 4], [3, 4]]
        assert sim.gateway.identify_count == 2


@pytest.mark.parametrize(
    ("enforce", "shard", "refused"),
    [(None, None, False), (None, [0, 1], False), (None, [1, 2], True), (True, None, True), (False, [0, 2], False)],
    ids=["default-unsharded", "default-one-shard", "default-sharded-refused", "enforced", "recorded-only"],
)
async def test_which_identifies_over_the_limit_are_refused(
    make_sim: MakeSim, enforce: bool | None, shard: Any, refused: bool
) -> None:
    sim = await make_sim(enforce_identify_limit=enforce)
    async with gateway(sim) as connect:
        first = await connect()
        await identify(first, sim, shard)
        await ready(first)
        second = await connect()
        await identify(second, sim, shard)
        if refused:
            assert await _frame(second) == {"op": INVALID_SESSION, "d": False}
        else:
            await ready(second)
    assert [(r.code, r.enforced) for r in sim.gateway.rate_limited] == [(INVALID_SESSION, refused)]
    assert sim.gateway.identify_count == (1 if refused else 2)
    assert [r.code for r in sim.gateway.refusals] == ([INVALID_SESSION] if refused else [])


async def test_gateway_bot_recommends_shards_and_counts_session_starts(make_sim: MakeSim) -> None:
    plain = await make_sim()
    sim = await make_sim(max_guilds_per_shard=4, max_concurrency=2)
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {TOKEN}"}) as http:
        async with http.get(f"{plain.api_url}/gateway/bot") as response:
            assert (await response.json())["shards"] == 1  # 6 guilds fit Discord's 2,500 a shard
        async with http.get(f"{sim.api_url}/gateway/bot") as response:
            body = await response.json()
        assert body == {
            "url": sim.gateway_url,
            "shards": 2,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 86_400_000, "max_concurrency": 2},
        }
        async with gateway(sim) as connect:
            ws = await connect()
            await identify(ws, sim, [1, 2])
            await ready(ws)
        async with http.get(f"{sim.api_url}/gateway/bot") as response:
            assert (await response.json())["session_start_limit"]["remaining"] == 999
    configure_endpoints(sim.api_url, sim.gateway_url)
    client = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await client.static_login(TOKEN)
        shards, url, limits = await client.get_bot_gateway()
    finally:
        await client.close()
        configure_endpoints(None, None)
    assert (shards, url, limits["max_concurrency"], limits["remaining"]) == (2, sim.gateway_url, 2, 999)


# ------------------------------------------------------------------------------------------------ discord.py


async def _post(sim: Simulator, guild: Guild, content: str, components: list[Json] | None = None) -> None:
    channel = guild.channel("general")
    body: Json = {"content": content, "components": components or []}
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as http,
        http.post(f"{sim.api_url}/channels/{channel.id}/messages", json=body) as response,
    ):
        assert response.status == 200, await response.text()


async def press(sim: Simulator, guild: Guild) -> InteractionRecord:
    """Post a message with a button in the guild's #general and click it as ana."""
    button = {"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": BUTTON}]}
    await _post(sim, guild, f"pulsa en {guild.name}", [button])
    message = sim.messages(guild.channel("general"))[-1]
    return await sim.click(guild.member("ana"), message, BUTTON, timeout=20)


class Clients:
    """discord.py clients started against the simulator, each answering every button press it receives."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.running: list[tuple[discord.Client, asyncio.Task[None]]] = []
        self.pressed: dict[discord.Client, list[int]] = {}  # interaction ids each client received

    def start(self, client: discord.Client) -> asyncio.Task[None]:
        configure_endpoints(self.sim.api_url, self.sim.gateway_url)
        self.pressed[client] = []

        async def on_interaction(interaction: discord.Interaction) -> None:
            self.pressed[client].append(interaction.id)
            await interaction.response.send_message(f"shard {interaction.guild.shard_id if interaction.guild else '-'}")

        client.on_interaction = on_interaction  # type: ignore[attr-defined]
        task = asyncio.create_task(client.start(TOKEN))
        self.running.append((client, task))
        return task

    async def ready(self, client: AnyClient) -> AnyClient:
        self.start(client)
        await asyncio.wait_for(client.wait_until_ready(), CLIENT_TIMEOUT)
        return client

    async def close(self) -> None:
        for client, task in self.running:
            await client.close()
            with contextlib.suppress(discord.ConnectionClosed):
                await asyncio.wait_for(task, 10)
        configure_endpoints(None, None)


@pytest.fixture
async def clients(make_sim: MakeSim) -> AsyncIterator[Callable[[Simulator], Clients]]:
    made: list[Clients] = []

    def make(sim: Simulator) -> Clients:
        made.append(Clients(sim))
        return made[-1]

    yield make
    for running in made:
        await running.close()


def auto_sharded(**options: Any) -> discord.AutoShardedClient:
    return discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.05, **options)


async def test_auto_sharded_client_gets_each_guild_and_interaction_on_its_shard(
    make_sim: MakeSim, clients: Callable[[Simulator], Clients]
) -> None:
    sim = await make_sim()  # Discord's defaults: max_concurrency 1, one IDENTIFY per 5 s
    running = clients(sim)
    client = await running.ready(auto_sharded(shard_count=2))
    assert sorted(client.shards) == [0, 1]
    assert {g.id for g in client.guilds} == set(sim.world.guilds)
    for cached in client.guilds:
        assert cached.shard_id == (cached.id >> 22) % 2
    for shard_id in (0, 1):
        session = await session_for(sim, (shard_id, 2))
        assert set(session.guild_ids) == on_shard(sim, shard_id)
    assert sim.gateway.rate_limited == [], "discord.py paces its shards' IDENTIFYs as Discord requires"

    for guild in sim.world.guilds.values():
        record = await press(sim, guild)
        assert record.responded.is_set(), f"no answer in {guild.name}"
        shard_id = sim.shard_of(guild, 2)
        assert record.original is not None and record.original.content == f"shard {shard_id}"
        for session in sim.gateway.live_sessions():
            got = [int(i["id"]) for i in session.sent("INTERACTION_CREATE")]
            assert (record.id in got) == (session.shard_id == shard_id)
    assert running.pressed[client] == [r for r in sim.interactions]


async def test_auto_sharded_client_uses_the_recommended_shard_count(
    make_sim: MakeSim, clients: Callable[[Simulator], Clients]
) -> None:
    sim = await make_sim(max_guilds_per_shard=3)  # 6 guilds: 2 shards
    client = await clients(sim).ready(auto_sharded())
    assert client.shard_count == 2 and sorted(client.shards) == [0, 1]
    assert {g.id for g in client.guilds} == set(sim.world.guilds)
    assert [c.path for c in sim.calls if c.path == "/gateway/bot"] == ["/gateway/bot"]
    assert sim.gateway.rate_limited == [] and sim.gateway.refusals == []


async def test_two_processes_each_holding_one_shard_split_the_guilds(
    make_sim: MakeSim, clients: Callable[[Simulator], Clients]
) -> None:
    sim = await make_sim(max_concurrency=2)  # shards 0 and 1 are in different buckets: both start at once
    running = clients(sim)
    first, second = auto_sharded(shard_ids=[0], shard_count=2), auto_sharded(shard_ids=[1], shard_count=2)
    running.start(first)
    running.start(second)
    await asyncio.wait_for(asyncio.gather(first.wait_until_ready(), second.wait_until_ready()), CLIENT_TIMEOUT)
    assert {g.id for g in first.guilds} == on_shard(sim, 0)
    assert {g.id for g in second.guilds} == on_shard(sim, 1)
    assert on_shard(sim, 0) | on_shard(sim, 1) == set(sim.world.guilds)
    for guild in sim.world.guilds.values():
        record = await press(sim, guild)
        owner = first if sim.shard_of(guild, 2) == 0 else second
        assert record.id in running.pressed[owner]
    assert sorted(running.pressed[first] + running.pressed[second]) == sorted(sim.interactions)
    assert len(running.pressed[first]) == len(running.pressed[second]) == GUILDS // 2
    assert sim.gateway.rate_limited == []


def _plain(**options: Any) -> discord.Client:
    return discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05, **options)


@pytest.mark.parametrize(
    ("options", "make_client", "code"),
    [
        ({}, lambda: auto_sharded(shard_ids=[2], shard_count=2), 4010),
        ({}, lambda: _plain(shard_id=3, shard_count=2), 4010),
        ({"max_guilds_per_shard": 2}, lambda: auto_sharded(shard_ids=[0], shard_count=2), 4011),
        ({"max_guilds_per_shard": 2}, lambda: _plain(), 4011),
    ],
    ids=["auto-invalid-shard", "plain-invalid-shard", "auto-too-few-shards", "unsharded-too-many-guilds"],
)
async def test_discord_py_raises_on_a_refused_shard(
    make_sim: MakeSim,
    clients: Callable[[Simulator], Clients],
    options: Json,
    make_client: Callable[[], discord.Client],
    code: int,
) -> None:
    sim = await make_sim(**options)
    task = clients(sim).start(make_client())
    with pytest.raises(discord.ConnectionClosed) as raised:
        await asyncio.wait_for(task, CLIENT_TIMEOUT)
    assert raised.value.code == code
    assert [r.code for r in sim.gateway.refusals] == [code], "refused once: discord.py does not retry"
    assert sim.gateway.identify_count == 0
