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


async def _interaction(sim: Simulator) -> Any:
    """A button click on a bot message, dispatched with no bot connected (the test answers it by hand)."""
    guild = sim.world.guild("G")
    channel = guild.channel("general")
    button = {"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": "momentos:x"}]}
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as http:
        await _post(http, sim, "general", {"content": "pregunta", "components": [button]})
    message = sim.messages(channel)[-1]
    return await sim.click(guild.member("ana"), message, "momentos:x", wait=False)


async def _callback(sim: Simulator, record: Any, body: dict[str, Any]) -> tuple[int, Any]:
    url = f"{sim.api_url}/interactions/{record.id}/{record.token}/callback?with_response=1"
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        return response.status, await response.json() if response.status != 204 else None


async def test_callback_message_and_double_acknowledgement(sim: Simulator) -> None:
    record = await _interaction(sim)
    status, body = await _callback(sim, record, {"type": 4, "data": {"content": "solo para ti", "flags": 64}})
    assert status == 200
    assert body["interaction"]["response_message_ephemeral"] is True
    assert body["resource"]["message"]["content"] == "solo para ti"
    assert record.ephemeral and record.text() == "solo para ti"
    status, body = await _callback(sim, record, {"type": 4, "data": {"content": "otra vez"}})
    assert (status, body["code"]) == (400, 40060)


async def test_deferred_answer_is_completed_by_the_first_followup(sim: Simulator) -> None:
    record = await _interaction(sim)
    status, body = await _callback(sim, record, {"type": 5, "data": {"flags": 64}})
    assert status == 200 and body["interaction"]["response_message_loading"] is True
    assert record.deferred
    url = f"{sim.api_url}/webhooks/{sim.world.application_id}/{record.token}"
    async with aiohttp.ClientSession() as http, http.post(url, json={"content": "listo"}) as response:
        assert response.status == 200
    await record.settled(timeout=1)
    assert not record.deferred and record.ephemeral and record.text() == "listo"


async def test_update_message_and_deferred_update(sim: Simulator) -> None:
    record = await _interaction(sim)
    status, _ = await _callback(sim, record, {"type": 7, "data": {"content": "cerrado", "components": []}})
    assert status == 200
    message = sim.world.messages[record.component_message_id]
    assert message.content == "cerrado" and message.components == []
    other = await _interaction(sim)
    status, body = await _callback(sim, other, {"type": 6})
    assert status == 200 and body["resource"] == {"type": 6}


async def test_modal_is_recorded_and_can_be_submitted(sim: Simulator) -> None:
    record = await _interaction(sim)
    modal = {
        "custom_id": "momentos:reflexion",
        "title": "Tu reflexión",
        "components": [
            {
                "type": 1,
                "components": [
                    {
                        "type": 4,
                        "custom_id": "texto",
                        "style": 2,
                        "label": "¿Qué harías?",
                        "min_length": 5,
                        "max_length": 100,
                    }
                ],
            }
        ],
    }
    status, _ = await _callback(sim, record, {"type": 9, "data": modal})
    assert status == 200 and record.modal is not None
    submitted = await sim.submit_modal(
        sim.world.guild("G").member("ana"), record, {"texto": "Llamaría al cliente"}, timeout=0.1
    )
    assert submitted.payload["type"] == 5
    assert submitted.payload["data"]["components"][0]["components"][0]["value"] == "Llamaría al cliente"
    bad = await _interaction(sim)
    status, body = await _callback(sim, bad, {"type": 9, "data": {**modal, "title": "x" * 46}})
    assert status == 400 and "title" in body["errors"]["data"]


async def test_answering_after_the_deadline_is_unknown_interaction(sim: Simulator) -> None:
    sim.interaction_timeout = 0.0
    record = await _interaction(sim)
    status, body = await _callback(sim, record, {"type": 4, "data": {"content": "tarde"}})
    assert (status, body["code"]) == (404, 10062)
    assert record.late_callbacks == 1 and not record.acknowledged


async def test_multipart_messages_keep_their_files(sim: Simulator, http: aiohttp.ClientSession) -> None:
    form = aiohttp.FormData(quote_fields=False)
    form.add_field(
        "payload_json", json.dumps({"content": "gráfico", "attachments": [{"id": 0, "filename": "chart.png"}]})
    )
    form.add_field("files[0]", b"\x89PNG fake", filename="chart.png", content_type="image/png")
    async with http.post(f"{sim.api_url}/channels/{_channel(sim, 'general')}/messages", data=form) as response:
        assert response.status == 200
        body = await response.json()
    assert body["attachments"][0]["filename"] == "chart.png"
    message = sim.messages(sim.world.guild("G").channel("general"))[-1]
    assert message.files == {"chart.png": b"\x89PNG fake"}
    async with http.get(body["attachments"][0]["url"]) as download:
        assert await download.read() == b"\x89PNG fake"
