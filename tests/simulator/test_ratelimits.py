"""Rate limits, when turned on, answer like Discord: headers to pace by, 429s that do nothing, exempt interactions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import discord.http
import pytest

from bot.discord.endpoints import configure_endpoints
from bot.simulator.ratelimits import RateLimiter, RateLimits
from bot.simulator.server import Simulator
from bot.simulator.world import World

CHANNELS = 8
WORLD = {
    "guilds": [
        {
            "name": "G",
            "roles": [{"name": "Equipo"}],
            "channels": [{"name": "general"}] + [{"name": f"c{index}"} for index in range(CHANNELS)],
            "members": [{"name": "ana", "roles": ["Equipo"]}],
        }
    ]
}


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _started(limits: RateLimits | None, clock: Clock | None = None) -> Simulator:
    sim = Simulator(World.from_config(WORLD), token="test-token-0123456789", rate_limits=limits)
    if clock is not None:
        assert sim.rate_limiter is not None
        sim.rate_limiter.clock = clock
    await sim.start()
    return sim


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sim(clock: Clock) -> AsyncIterator[Simulator]:
    simulator = await _started(RateLimits(global_per_second=50, per_channel_messages=(5, 5.0)), clock)
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as session:
        yield session


def _channel(sim: Simulator, name: str) -> int:
    return sim.world.guild("G").channel(name).id


async def _post(
    http: aiohttp.ClientSession, sim: Simulator, channel: str, body: dict[str, Any]
) -> tuple[int, Any, dict[str, str]]:
    async with http.post(f"{sim.api_url}/channels/{_channel(sim, channel)}/messages", json=body) as response:
        return response.status, await response.json(), dict(response.headers)


async def _get_me(http: aiohttp.ClientSession, sim: Simulator) -> tuple[int, Any, dict[str, str]]:
    async with http.get(f"{sim.api_url}/users/@me") as response:
        return response.status, await response.json(), dict(response.headers)


async def test_message_creation_carries_the_headers_discord_py_paces_by(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, _, headers = await _post(http, sim, "general", {"content": "hola"})
    assert status == 200
    assert headers["X-RateLimit-Limit"] == "5"
    assert headers["X-RateLimit-Remaining"] == "4"
    assert float(headers["X-RateLimit-Reset-After"]) == 5.0
    assert float(headers["X-RateLimit-Reset"]) > 1_600_000_000  # epoch seconds
    assert len(headers["X-RateLimit-Bucket"]) == 32
    _, _, again = await _post(http, sim, "general", {"content": "otra"})
    assert again["X-RateLimit-Remaining"] == "3"
    assert again["X-RateLimit-Bucket"] == headers["X-RateLimit-Bucket"], "one route, one bucket"
    _, _, other = await _post(http, sim, "c0", {"content": "hola"})
    assert other["X-RateLimit-Remaining"] == "4", "each channel has its own bucket"


async def test_the_51st_request_in_a_second_is_refused_globally(
    sim: Simulator, http: aiohttp.ClientSession, clock: Clock
) -> None:
    for _ in range(50):
        status, _, _ = await _get_me(http, sim)
        assert status == 200
    clock.now += 0.75
    status, body, headers = await _get_me(http, sim)
    assert status == 429
    assert body == {"message": "You are being rate limited.", "retry_after": 0.25, "global": True}
    assert headers["X-RateLimit-Global"] == "true"
    assert headers["X-RateLimit-Scope"] == "global"
    assert headers["Retry-After"] == "1"
    assert headers["Via"], "discord.py takes a 429 without Via for a Cloudflare ban"
    clock.now += 0.25
    status, _, _ = await _get_me(http, sim)
    assert status == 200, "a second after the first request, there is room again"
    assert sim.rate_limiter is not None
    assert sim.rate_limiter.stats.as_dict() == {"counted": 51, "exempt": 0, "limited": {"global": 1}}


async def test_the_sixth_message_in_five_seconds_is_refused_and_not_created(
    sim: Simulator, http: aiohttp.ClientSession, clock: Clock
) -> None:
    for number in range(5):
        status, _, _ = await _post(http, sim, "general", {"content": f"m{number}"})
        assert status == 200
        clock.now += 0.5
    status, body, headers = await _post(http, sim, "general", {"content": "sexto", "nonce": "6", "enforce_nonce": True})
    assert status == 429
    assert body == {"message": "You are being rate limited.", "retry_after": 2.5, "global": False}
    assert headers["X-RateLimit-Scope"] == "user"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert float(headers["X-RateLimit-Reset-After"]) == 2.5
    assert "X-RateLimit-Global" not in headers
    assert [m.content for m in sim.messages(sim.world.guild("G").channel("general"))] == [f"m{n}" for n in range(5)]
    status, _, _ = await _post(http, sim, "c0", {"content": "otro canal"})
    assert status == 200, "another channel's bucket is untouched"
    clock.now += 2.5
    status, _, headers = await _post(http, sim, "general", {"content": "sexto", "nonce": "6", "enforce_nonce": True})
    assert status == 200 and headers["X-RateLimit-Remaining"] == "4"
    contents = [m.content for m in sim.messages(sim.world.guild("G").channel("general"))]
    assert contents.count("sexto") == 1, "the refused request was not performed, the resent one was, once"


async def test_interaction_endpoints_are_exempt_from_the_global_limit(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    button = {"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": "x"}]}
    await _post(http, sim, "general", {"content": "pregunta", "components": [button]})
    message = sim.messages(sim.world.guild("G").channel("general"))[-1]
    record = await sim.click(sim.world.guild("G").member("ana"), message, "x", wait=False)
    for _ in range(49):
        await _get_me(http, sim)
    assert (await _get_me(http, sim))[0] == 429
    async with aiohttp.ClientSession() as anonymous:
        callback = f"{sim.api_url}/interactions/{record.id}/{record.token}/callback"
        async with anonymous.post(callback, json={"type": 5, "data": {"flags": 64}}) as response:
            assert response.status == 204
        followup = f"{sim.api_url}/webhooks/{sim.world.application_id}/{record.token}"
        async with anonymous.post(followup, json={"content": "listo"}) as response:
            assert response.status == 200
    assert record.text() == "listo"
    assert sim.rate_limiter is not None and sim.rate_limiter.stats.exempt == 2


async def test_limits_are_off_unless_asked_for() -> None:
    sim = await _started(None)
    try:
        assert sim.rate_limiter is None
        async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sim.token}"}) as http:
            for _ in range(60):
                status, _, headers = await _post(http, sim, "general", {"content": "x"})
                assert status == 200 and "X-RateLimit-Limit" not in headers
    finally:
        await sim.stop()


def test_the_global_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(RateLimits(global_per_second=3, per_channel_messages=None), clock=clock)
    for _ in range(3):
        assert limiter.check("GET", "/users/@me").allowed
        clock.now += 0.4
    # now = +1.2: the first request (at +0) has left the window, the next two (+0.4, +0.8) have not
    assert limiter.check("GET", "/users/@me").allowed
    refused = limiter.check("GET", "/users/@me")
    assert not refused.allowed and refused.body == {
        "message": "You are being rate limited.",
        "retry_after": 0.2,
        "global": True,
    }
    assert limiter.stats.limited == {"global": 1} and limiter.stats.counted == 4


def test_limits_must_make_sense() -> None:
    with pytest.raises(ValueError, match="global_per_second"):
        RateLimits(global_per_second=0)
    with pytest.raises(ValueError, match="per_channel_messages"):
        RateLimits(per_channel_messages=(5, 0.0))


async def test_discord_py_resends_what_was_refused_and_nothing_is_doubled() -> None:
    """The real client against a tight global limit: 429s happen, every message is created exactly once."""
    sim = await _started(RateLimits(global_per_second=4, per_channel_messages=(5, 5.0)))
    configure_endpoints(sim.api_url, sim.gateway_url)
    client = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await client.static_login(sim.token)

        async def send(index: int) -> None:
            params = discord.http.handle_message_parameters(content=f"post {index}", nonce=index)
            with params:
                await client.send_message(_channel(sim, f"c{index}"), params=params)

        await asyncio.gather(*(send(index) for index in range(CHANNELS)))
    finally:
        await client.close()
        configure_endpoints(None, None)
        await sim.stop()
    assert sim.rate_limiter is not None and sim.rate_limiter.stats.limited.get("global", 0) >= 1
    for index in range(CHANNELS):
        assert [m.content for m in sim.messages(sim.world.guild("G").channel(f"c{index}"))] == [f"post {index}"]
