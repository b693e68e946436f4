"""Public threads started from a message, answered like Discord: the real discord.py client starts one on a
post, talks in it and sees it in its cache; raw HTTP and gateway checks pin the shapes, errors and events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import discord
import pytest

from bot.discord.endpoints import configure_endpoints
from bot.simulator.server import Simulator
from bot.simulator.world import Channel, Guild, Message, World

WORLD = {
    "guilds": [
        {
            "name": "G",
            "roles": [{"name": "Equipo"}],
            "channels": [
                {"name": "general"},
                {"name": "sin-hilos", "bot_deny": ["create_public_threads"]},
                {"name": "oculto", "bot_deny": ["view_channel"]},
            ],
            "members": [{"name": "ana", "roles": ["Equipo"]}],
        }
    ]
}
Json = Any


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(World.from_config(WORLD), token="test-token-threads")
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as session:
        yield session


class Running:
    """discord.Client instances started against the simulator, closed at teardown."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.started: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def client(self, setup: Callable[[discord.Client], None] | None = None) -> discord.Client:
        configure_endpoints(self.sim.api_url, self.sim.gateway_url)
        client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        if setup is not None:
            setup(client)
        task = asyncio.create_task(client.start(self.sim.token))
        self.started.append((client, task))
        await asyncio.wait_for(client.wait_until_ready(), 5)
        return client

    async def close(self) -> None:
        for client, task in self.started:
            await client.close()
            await asyncio.wait_for(task, 5)
        configure_endpoints(None, None)


@pytest.fixture
async def clients(sim: Simulator) -> AsyncIterator[Running]:
    running = Running(sim)
    yield running
    await running.close()
    assert sim.unhandled == [], f"discord.py called endpoints the simulator does not implement: {sim.unhandled}"


def _guild(sim: Simulator) -> Guild:
    return sim.world.guild("G")


def _channel(sim: Simulator, name: str) -> Channel:
    return _guild(sim).channel(name)


async def _call(
    http: aiohttp.ClientSession, sim: Simulator, method: str, path: str, body: Json = None
) -> tuple[int, Json]:
    async with http.request(method, f"{sim.api_url}{path}", json=body) as response:
        return response.status, (await response.json() if response.status != 204 else None)


async def _post(http: aiohttp.ClientSession, sim: Simulator, channel_id: int, body: Json) -> tuple[int, Json]:
    return await _call(http, sim, "POST", f"/channels/{channel_id}/messages", body)


async def _start(
    http: aiohttp.ClientSession, sim: Simulator, channel_id: int, message_id: int | str, body: Json
) -> tuple[int, Json]:
    return await _call(http, sim, "POST", f"/channels/{channel_id}/messages/{message_id}/threads", body)


async def _posted(http: aiohttp.ClientSession, sim: Simulator, channel: str, content: str = "Reto del día") -> Message:
    status, body = await _post(http, sim, _channel(sim, channel).id, {"content": content})
    assert status == 200, body
    return sim.world.messages[int(body["id"])]


async def _thread(http: aiohttp.ClientSession, sim: Simulator, name: str = "Reflexiones") -> tuple[Message, Channel]:
    message = await _posted(http, sim, "general")
    status, body = await _start(http, sim, message.channel_id, message.id, {"name": name, "auto_archive_duration": 60})
    assert status == 201, body
    thread = sim.thread_of(message)
    assert thread is not None
    return message, thread


async def _eventually(check: Callable[[], bool], what: str) -> None:
    for _ in range(200):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


def _error_codes(body: Json, field: str) -> list[str]:
    return [error["code"] for error in body["errors"][field]["_errors"]]


# --- The real client ---------------------------------------------------------------------------------------


async def test_discord_py_starts_a_thread_on_a_post_and_talks_in_it(sim: Simulator, clients: Running) -> None:
    client = await clients.client()
    general = client.get_channel(_channel(sim, "general").id)
    assert isinstance(general, discord.TextChannel)
    posted = await general.send("Reto del día")
    message = await general.fetch_message(posted.id)

    thread = await message.create_thread(name="Reflexiones", auto_archive_duration=1440)
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Me sirve", custom_id="momentos:like:1"))
    sent = await thread.send(
        "hola",
        embed=discord.Embed(title="Reflexión de ana"),
        view=view,
        allowed_mentions=discord.AllowedMentions.none(),
    )

    assert (thread.id, thread.parent_id, thread.name) == (message.id, general.id, "Reflexiones")
    assert client.user is not None and thread.owner_id == client.user.id
    assert thread.type is discord.ChannelType.public_thread and thread.auto_archive_duration == 1440
    assert not thread.archived and not thread.locked
    assert sent.channel.id == thread.id

    simulated = sim.thread_of(sim.world.messages[message.id])
    assert simulated is not None and (simulated.type, simulated.parent_id) == (11, general.id)
    [in_thread] = sim.messages(simulated)
    assert in_thread.content == "hola" and in_thread.embeds[0]["title"] == "Reflexión de ana"
    assert in_thread.custom_ids == ["momentos:like:1"] and in_thread.pinged_users == []
    assert [m.content for m in sim.messages(_channel(sim, "general"))] == ["Reto del día"], "nothing leaks to #general"
    assert (simulated.message_count, simulated.total_message_sent) == (1, 1)

    await _eventually(lambda: isinstance(client.get_channel(thread.id), discord.Thread), "THREAD_CREATE cached")
    cached = client.get_channel(thread.id)
    assert isinstance(cached, discord.Thread) and cached.name == "Reflexiones"
    await _eventually(lambda: cached.me is not None, "THREAD_MEMBERS_UPDATE made the bot a member")

    again = await general.fetch_message(message.id)
    assert again.flags.has_thread and again.thread is not None and again.thread.id == thread.id

    with pytest.raises(discord.HTTPException) as twice:
        await message.create_thread(name="Otra vez")
    assert (twice.value.status, twice.value.code) == (400, 160004)

    denied = client.get_channel(_channel(sim, "sin-hilos").id)
    assert isinstance(denied, discord.TextChannel)
    elsewhere = await denied.send("Reto")
    with pytest.raises(discord.Forbidden) as forbidden:
        await elsewhere.create_thread(name="Reflexiones")
    assert forbidden.value.code == 50013


async def test_discord_py_archives_and_reopens_a_thread(sim: Simulator, clients: Running) -> None:
    client = await clients.client()
    general = client.get_channel(_channel(sim, "general").id)
    assert isinstance(general, discord.TextChannel)
    thread = await (await general.send("Reto")).create_thread(name="Reflexiones")
    simulated = sim.world.channel(thread.id)
    assert simulated is not None

    renamed = await thread.edit(name="Reflexiones del lunes")
    assert renamed.name == "Reflexiones del lunes" == simulated[1].name
    assert [m.message_type for m in sim.messages(simulated[1])] == [4], "Discord notes the rename in the thread"

    archived = await thread.edit(archived=True)
    assert archived.archived and simulated[1].archived
    await _eventually(lambda: client.get_channel(thread.id) is None, "discord.py drops archived threads")

    with pytest.raises(discord.Forbidden) as no_lock:
        await archived.edit(archived=False, locked=True)
    assert no_lock.value.code == 50013, "locking needs Manage Threads, which the bot's invite does not ask for"

    await archived.send("sigue abierto", allowed_mentions=discord.AllowedMentions.none())
    assert not simulated[1].archived, "sending a message unarchives the thread"
    await _eventually(lambda: client.get_channel(thread.id) is not None, "THREAD_UPDATE brought it back")

    await sim.update_thread(simulated[1], locked=True, archived=True)
    with pytest.raises(discord.HTTPException) as refused:
        await archived.send("no")
    assert (refused.value.status, refused.value.code) == (400, 50083)


async def test_clicks_and_commands_in_a_thread_reach_the_client(
    sim: Simulator, clients: Running, http: aiohttp.ClientSession
) -> None:
    seen: list[discord.Interaction] = []

    def answer_everything(client: discord.Client) -> None:
        @client.event
        async def on_interaction(interaction: discord.Interaction) -> None:
            seen.append(interaction)
            where = type(interaction.channel).__name__
            await interaction.response.send_message(f"en {where}", ephemeral=True)

    await clients.client(answer_everything)
    _, thread = await _thread(http, sim)
    button = {"type": 1, "components": [{"type": 2, "style": 1, "label": "Me sirve", "custom_id": "momentos:x"}]}
    status, body = await _post(http, sim, thread.id, {"content": "reflexión", "components": [button]})
    assert status == 200, body
    ana = _guild(sim).member("ana")

    clicked = await sim.click(ana, sim.messages(thread)[-1], "momentos:x")
    assert clicked.ephemeral and clicked.text() == "en Thread"
    assert clicked.payload["channel"]["type"] == 11 and clicked.payload["channel_id"] == str(thread.id)

    put = [{"name": "ping", "description": "¿Sigues ahí?"}]
    status, _ = await _call(http, sim, "PUT", f"/applications/{sim.world.application_id}/commands", put)
    assert status == 200
    typed = await sim.command(ana, thread, "ping")
    assert typed.text() == "en Thread"
    assert [i.channel_id for i in seen] == [thread.id, thread.id]


async def test_a_new_session_learns_active_threads_from_guild_create(
    sim: Simulator, clients: Running, http: aiohttp.ClientSession
) -> None:
    _, active = await _thread(http, sim, "Activo")
    _, archived = await _thread(http, sim, "Archivado")
    await sim.update_thread(archived, archived=True)

    client = await clients.client()
    known = client.get_channel(active.id)
    assert isinstance(known, discord.Thread) and known.name == "Activo" and known.me is not None
    assert client.get_channel(archived.id) is None, "GUILD_CREATE lists active threads only"


# --- Raw HTTP: shapes and errors ----------------------------------------------------------------------------


async def test_start_thread_answers_like_discord(sim: Simulator, http: aiohttp.ClientSession) -> None:
    message = await _posted(http, sim, "general")
    body = {"name": "Reflexiones", "auto_archive_duration": 4320, "rate_limit_per_user": 30}
    status, thread = await _start(http, sim, message.channel_id, message.id, body)

    assert status == 201
    bot = str(sim.world.bot.id)
    assert thread["id"] == str(message.id), "a thread shares its starting message's id"
    assert (thread["type"], thread["parent_id"], thread["guild_id"]) == (
        11,
        str(message.channel_id),
        str(_guild(sim).id),
    )
    assert (thread["owner_id"], thread["name"], thread["rate_limit_per_user"], thread["flags"]) == (
        bot,
        "Reflexiones",
        30,
        0,
    )
    assert (thread["message_count"], thread["member_count"], thread["total_message_sent"]) == (0, 1, 0)
    metadata = thread["thread_metadata"]
    assert (metadata["archived"], metadata["locked"], metadata["auto_archive_duration"]) == (False, False, 4320)
    assert metadata["archive_timestamp"] and metadata["create_timestamp"]
    assert thread["member"]["user_id"] == bot and thread["member"]["id"] == thread["id"]

    status, fetched = await _call(http, sim, "GET", f"/channels/{message.channel_id}/messages/{message.id}")
    assert status == 200 and fetched["flags"] & (1 << 5) and fetched["thread"]["id"] == thread["id"]
    status, channel = await _call(http, sim, "GET", f"/channels/{thread['id']}")
    assert status == 200 and channel["thread_metadata"] == metadata and channel["member"]["user_id"] == bot
    status, listed = await _call(http, sim, "GET", f"/guilds/{_guild(sim).id}/channels")
    assert thread["id"] not in [c["id"] for c in listed], "guild channel lists leave threads out"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": "x" * 101, "auto_archive_duration": 1440}, "name", "BASE_TYPE_BAD_LENGTH"),
        ({"name": "", "auto_archive_duration": 1440}, "name", "BASE_TYPE_BAD_LENGTH"),
        ({"auto_archive_duration": 1440}, "name", "BASE_TYPE_REQUIRED"),
        ({"name": "ok", "auto_archive_duration": 120}, "auto_archive_duration", "BASE_TYPE_CHOICES"),
        ({"name": "ok", "rate_limit_per_user": 21601}, "rate_limit_per_user", "NUMBER_TYPE_MAX"),
        ({"name": ["no"]}, "name", "STRING_TYPE_CONVERT"),
    ],
)
async def test_start_thread_validates_the_body(
    sim: Simulator, http: aiohttp.ClientSession, body: Json, field: str, code: str
) -> None:
    message = await _posted(http, sim, "general")
    status, answer = await _start(http, sim, message.channel_id, message.id, body)
    assert (status, answer["code"], answer["message"]) == (400, 50035, "Invalid Form Body")
    assert _error_codes(answer, field) == [code]
    assert sim.thread_of(message) is None


async def test_start_thread_errors(sim: Simulator, http: aiohttp.ClientSession) -> None:
    body = {"name": "Reflexiones", "auto_archive_duration": 1440}
    message = await _posted(http, sim, "general")
    assert (await _start(http, sim, 42, message.id, body))[1]["code"] == 10003
    status, answer = await _start(http, sim, message.channel_id, 42, body)
    assert (status, answer["code"]) == (404, 10008)
    status, answer = await _start(http, sim, _channel(sim, "oculto").id, message.id, body)
    assert (status, answer["code"]) == (403, 50001)
    elsewhere = await _posted(http, sim, "sin-hilos")
    status, answer = await _start(http, sim, elsewhere.channel_id, elsewhere.id, body)
    assert (status, answer["code"]) == (403, 50013)
    status, answer = await _start(http, sim, elsewhere.channel_id, message.id, body)
    assert (status, answer["code"]) == (404, 10008), "the message must be in that channel"

    assert (await _start(http, sim, message.channel_id, message.id, body))[0] == 201
    status, answer = await _start(http, sim, message.channel_id, message.id, {**body, "name": "Otra"})
    assert (status, answer) == (400, {"code": 160004, "message": "A thread has already been created for this message"})
    thread = sim.thread_of(message)
    assert thread is not None and thread.name == "Reflexiones"

    await _post(http, sim, thread.id, {"content": "dentro"})
    inner = sim.messages(thread)[-1]
    status, answer = await _start(http, sim, thread.id, inner.id, body)
    assert (status, answer["code"]) == (400, 50024), "no threads inside threads"


async def test_threads_need_send_messages_in_threads_not_send_messages(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    _, thread = await _thread(http, sim)
    general = _channel(sim, "general")
    bot = _guild(sim).members[sim.world.bot.id]

    await sim.set_permissions(general, bot, deny=["send_messages"])
    assert (await _post(http, sim, general.id, {"content": "x"}))[1]["code"] == 50013
    status, _ = await _post(http, sim, thread.id, {"content": "en el hilo sí"})
    assert status == 200

    await sim.set_permissions(general, bot, allow=["send_messages"], deny=["send_messages_in_threads"])
    status, answer = await _post(http, sim, thread.id, {"content": "ya no"})
    assert (status, answer["code"]) == (403, 50013)
    assert [m.content for m in sim.messages(thread)] == ["en el hilo sí"]


async def test_messages_in_threads_can_be_listed_edited_and_deleted(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    _, thread = await _thread(http, sim)
    first = (await _post(http, sim, thread.id, {"content": "uno"}))[1]
    await _post(http, sim, thread.id, {"content": "dos"})
    status, listed = await _call(http, sim, "GET", f"/channels/{thread.id}/messages")
    assert status == 200 and [m["content"] for m in listed] == ["dos", "uno"]
    assert all(m["channel_id"] == str(thread.id) for m in listed)

    status, edited = await _call(http, sim, "PATCH", f"/channels/{thread.id}/messages/{first['id']}", {"content": "1"})
    assert status == 200 and edited["content"] == "1"
    status, _ = await _call(http, sim, "DELETE", f"/channels/{thread.id}/messages/{first['id']}")
    assert status == 204
    assert [m.content for m in sim.messages(thread)] == ["dos"]
    assert (thread.message_count, thread.total_message_sent) == (1, 2), "deleting lowers only message_count"


async def test_archived_and_locked_threads(sim: Simulator, http: aiohttp.ClientSession) -> None:
    _, thread = await _thread(http, sim)
    kept = (await _post(http, sim, thread.id, {"content": "antes"}))[1]
    path = f"/channels/{thread.id}"

    status, answer = await _call(http, sim, "PATCH", path, {"locked": True})
    assert (status, answer["code"]) == (403, 50013), "locking needs Manage Threads"
    status, answer = await _call(http, sim, "PATCH", path, {"archived": True})
    assert status == 200 and answer["thread_metadata"]["archived"] is True

    status, answer = await _call(http, sim, "PATCH", path, {"name": "nuevo"})
    assert (status, answer["code"]) == (400, 50083), "an archived thread must be unarchived to be edited"
    status, answer = await _call(http, sim, "PATCH", f"{path}/messages/{kept['id']}", {"content": "después"})
    assert (status, answer["code"]) == (400, 50083)
    status, _ = await _post(http, sim, thread.id, {"content": "reabre"})
    assert status == 200 and not thread.archived, "sending a message unarchives an unlocked thread"

    await sim.update_thread(thread, locked=True)
    status, answer = await _post(http, sim, thread.id, {"content": "no"})
    assert (status, answer) == (400, {"code": 160005, "message": "Thread is locked"})
    await sim.update_thread(thread, archived=True)
    status, answer = await _post(http, sim, thread.id, {"content": "no"})
    assert (status, answer) == (400, {"code": 50083, "message": "Thread is archived"})
    status, answer = await _call(http, sim, "DELETE", f"{path}/messages/{kept['id']}")
    assert (status, answer["code"]) == (400, 50083)
    assert [m.content for m in sim.messages(thread)] == ["antes", "reabre"]

    bot = _guild(sim).members[sim.world.bot.id]
    await sim.set_permissions(_channel(sim, "general"), bot, allow=["manage_threads"])
    status, _ = await _post(http, sim, thread.id, {"content": "moderador"})
    assert status == 200 and not thread.archived and thread.locked
    status, answer = await _call(http, sim, "PATCH", path, {"locked": False})
    assert status == 200 and answer["thread_metadata"]["locked"] is False


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": ""}, "name", "BASE_TYPE_BAD_LENGTH"),
        ({"name": "x" * 101}, "name", "BASE_TYPE_BAD_LENGTH"),
        ({"auto_archive_duration": 5}, "auto_archive_duration", "BASE_TYPE_CHOICES"),
        ({"archived": "yes"}, "archived", "BOOLEAN_TYPE_CONVERT"),
        ({"rate_limit_per_user": -1}, "rate_limit_per_user", "NUMBER_TYPE_MIN"),
    ],
)
async def test_editing_a_thread_validates_the_body(
    sim: Simulator, http: aiohttp.ClientSession, body: Json, field: str, code: str
) -> None:
    _, thread = await _thread(http, sim)
    status, answer = await _call(http, sim, "PATCH", f"/channels/{thread.id}", body)
    assert (status, answer["code"]) == (400, 50035)
    assert _error_codes(answer, field) == [code]
    assert thread.name == "Reflexiones" and not thread.archived


async def test_editing_a_plain_channel_is_not_simulated_and_fails_loudly(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    general = _channel(sim, "general")
    status, _ = await _call(http, sim, "PATCH", f"/channels/{general.id}", {"name": "otro"})
    assert status == 404 and general.name == "general"
    assert [(call.method, call.path) for call in sim.unhandled] == [("PATCH", f"/channels/{general.id}")]


# --- Raw gateway --------------------------------------------------------------------------------------------


async def _events(ws: aiohttp.ClientWebSocketResponse, until: str) -> dict[str, Json]:
    seen: dict[str, Json] = {}
    while until not in seen:
        frame = json.loads((await ws.receive(timeout=5)).data)
        if frame["op"] == 0:
            seen.setdefault(frame["t"], frame["d"])
    return seen


async def test_gateway_events_for_a_new_thread_and_guild_create(sim: Simulator, http: aiohttp.ClientSession) -> None:
    identify = {"op": 2, "d": {"token": sim.token, "intents": 1 | (1 << 9), "properties": {}}}
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{sim.gateway_url}?v=10&encoding=json") as ws:
            await ws.receive(timeout=5)
            await ws.send_json(identify)
            assert (await _events(ws, "GUILD_CREATE"))["GUILD_CREATE"]["threads"] == []
            message, thread = await _thread(http, sim)
            events = await _events(ws, "MESSAGE_UPDATE")
        created = events["THREAD_CREATE"]
        assert created["newly_created"] is True and created["id"] == str(thread.id) and created["type"] == 11
        added = events["THREAD_MEMBERS_UPDATE"]["added_members"]
        assert [m["user_id"] for m in added] == [str(sim.world.bot.id)]
        assert events["MESSAGE_UPDATE"]["id"] == str(message.id) and events["MESSAGE_UPDATE"]["thread"]["id"]

        _, archived = await _thread(http, sim, "Viejo")
        await sim.update_thread(archived, archived=True)
        async with session.ws_connect(f"{sim.gateway_url}?v=10&encoding=json") as ws:
            await ws.receive(timeout=5)
            await ws.send_json(identify)
            guild = (await _events(ws, "GUILD_CREATE"))["GUILD_CREATE"]
    assert [t["id"] for t in guild["threads"]] == [str(thread.id)], "active threads only"
    assert guild["threads"][0]["member"] == {"join_timestamp": thread.thread_members[sim.world.bot.id], "flags": 1}
    assert str(thread.id) not in [c["id"] for c in guild["channels"]]
