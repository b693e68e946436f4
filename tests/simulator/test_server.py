"""The simulator answers like Discord: auth, errors, limits, permissions, pings, nonces and the gateway."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.simulator.server import Simulator
from bot.simulator.world import World

WORLD = {
    "guilds": [
        {
            "name": "G",
            "roles": [{"name": "Equipo"}],
            "channels": [{"name": "general"}, {"name": "cerrado", "bot_deny": ["send_messages"]}],
            "members": [{"name": "ana", "roles": ["Equipo"]}],
        }
    ]
}


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator(World.from_config(WORLD), token="test-token-0123456789")
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as session:
        yield session


def _channel(sim: Simulator, name: str) -> int:
    return sim.world.guild("G").channel(name).id


async def _post(http: aiohttp.ClientSession, sim: Simulator, channel: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with http.post(f"{sim.api_url}/channels/{_channel(sim, channel)}/messages", json=body) as response:
        return response.status, await response.json()


async def test_unknown_endpoints_fail_loudly(sim: Simulator, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{sim.api_url}/guilds/1/audit-logs") as response:
        assert response.status == 404
        assert response.headers["Content-Type"] == "application/json"
        assert await response.json() == {"code": 0, "message": "404: Not Found"}
    assert [(call.method, call.path) for call in sim.unhandled] == [("GET", "/guilds/1/audit-logs")]


async def test_rest_needs_the_bot_token(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as anonymous, anonymous.get(f"{sim.api_url}/users/@me") as response:
        assert response.status == 401
    async with (
        aiohttp.ClientSession(headers={"Authorization": "Bot wrong"}) as wrong,
        wrong.get(f"{sim.api_url}/users/@me") as response,
    ):
        assert response.status == 401


async def test_json_content_type_is_exactly_application_json(sim: Simulator, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{sim.api_url}/users/@me") as response:
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["bot"] is True


async def test_injected_rate_limit_looks_like_discords(sim: Simulator, http: aiohttp.ClientSession) -> None:
    sim.faults.add(r"^/channels/\d+/messages$", method="POST", status=429, retry_after=0.25, is_global=True)
    status, body = await _post(http, sim, "general", {"content": "hola"})
    assert status == 429
    assert body == {"message": "You are being rate limited.", "retry_after": 0.25, "global": True}
    status, _ = await _post(http, sim, "general", {"content": "hola"})
    assert status == 200, "the fault was used up"


async def test_channel_errors_and_limits(sim: Simulator, http: aiohttp.ClientSession) -> None:
    status, body = await _post(http, sim, "cerrado", {"content": "hola"})
    assert (status, body["code"]) == (403, 50013)
    async with http.post(f"{sim.api_url}/channels/42/messages", json={"content": "x"}) as response:
        assert response.status == 404 and (await response.json())["code"] == 10003
    status, body = await _post(http, sim, "general", {})
    assert (status, body["code"]) == (400, 50006)
    status, body = await _post(http, sim, "general", {"content": "x" * 2001})
    assert status == 400 and body["code"] == 50035 and "content" in body["errors"]
    status, body = await _post(http, sim, "general", {"embeds": [{"title": "t" * 257}]})
    assert status == 400 and "title" in body["errors"]["embeds"]["0"]
    assert sim.messages(sim.world.guild("G").channel("general")) == []


async def test_pings_follow_allowed_mentions(sim: Simulator, http: aiohttp.ClientSession) -> None:
    ana = sim.world.guild("G").member("ana").user.id
    content = f"@everyone hola <@{ana}>"
    await _post(http, sim, "general", {"content": content})
    await _post(http, sim, "general", {"content": content, "allowed_mentions": {"parse": []}})
    loud, quiet = sim.messages(sim.world.guild("G").channel("general"))
    assert loud.pinged_users == [ana]
    assert not loud.pinged_everyone, "the bot lacks Mention Everyone"
    assert quiet.pinged_users == [] and not quiet.pinged_everyone


async def test_enforce_nonce_returns_the_first_message(sim: Simulator, http: aiohttp.ClientSession) -> None:
    _, first = await _post(http, sim, "general", {"content": "uno", "nonce": "77", "enforce_nonce": True})
    _, again = await _post(http, sim, "general", {"content": "uno", "nonce": "77", "enforce_nonce": True})
    assert first["id"] == again["id"]
    assert len(sim.messages(sim.world.guild("G").channel("general"))) == 1


async def _frames(ws: aiohttp.ClientWebSocketResponse, inflator: Any = None) -> dict[str, Any]:
    message = await ws.receive(timeout=5)
    if message.type is aiohttp.WSMsgType.BINARY:
        assert inflator is not None
        return dict(json.loads(inflator.decompress(message.data)))
    assert message.type is aiohttp.WSMsgType.TEXT, message
    return dict(json.loads(message.data))


async def test_gateway_hello_ready_and_zlib_stream(sim: Simulator) -> None:
    inflator = zlib.decompressobj()
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{sim.gateway_url}?v=10&encoding=json&compress=zlib-stream") as ws,
    ):
        hello = await _frames(ws, inflator)
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await ws.send_json({"op": 2, "d": {"token": sim.token, "intents": 1 | (1 << 9), "properties": {}}})
        ready = await _frames(ws, inflator)
        assert ready["t"] == "READY" and ready["d"]["application"]["id"] == str(sim.world.application_id)
        assert ready["d"]["resume_gateway_url"] == sim.gateway_url
        guild = await _frames(ws, inflator)
        assert guild["t"] == "GUILD_CREATE" and guild["d"]["name"] == "G"
        await ws.send_json({"op": 1, "d": guild["s"]})
        assert (await _frames(ws, inflator))["op"] == 11


@pytest.mark.parametrize(
    ("identify", "code"),
    [
        ({"token": "nope", "intents": 1}, 4004),
        ({"token": None, "intents": 1 << 15}, 4014),  # MESSAGE_CONTENT is privileged
        ({"token": None, "intents": 1 << 1}, 4014),  # GUILD_MEMBERS is privileged
        ({"token": None}, 4013),
    ],
)
async def test_gateway_refuses_bad_identify(sim: Simulator, identify: dict[str, Any], code: int) -> None:
    payload = {**identify, "token": identify["token"] or sim.token, "properties": {}}
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{sim.gateway_url}?v=10&encoding=json") as ws:
        await _frames(ws)
        await ws.send_json({"op": 2, "d": payload})
        closing = await ws.receive(timeout=5)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        assert ws.close_code == code
