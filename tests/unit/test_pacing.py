"""The bot's own pacing under Discord's global limit: never more than the limit in any window, interactions exempt."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.discord.endpoints import configure_endpoints
from bot.discord.pacing import Pacer, counts_globally


class Time:
    """A clock and a sleep that only move each other: the pacer's waits take no real time."""

    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def _sent_at(pacer: Pacer, clock: Time, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        await pacer.acquire()
        times.append(clock.now - 100.0)
    return times


async def test_no_window_of_the_server_sees_more_than_the_limit_even_with_jitter() -> None:
    clock = Time()
    pacer = Pacer(50, margin=0.1, spacing=0.5, clock=clock.clock, sleep=clock.sleep)
    sent = await _sent_at(pacer, clock, 200)
    # A request may reach Discord up to `margin` later than another: a 1 s window at the server then
    # covers at most 1.1 s of sending here, and that never holds more than 50.
    for index, start in enumerate(sent):
        assert sum(1 for moment in sent[index:] if moment < start + 1.1 - 1e-9) <= 50
    assert all(b - a >= 0.01 - 1e-9 for a, b in itertools.pairwise(sent)), "no bursts: 10 ms apart"
    assert sent[-1] == pytest.approx(3 * 1.1 + 49 * 0.01), "four windows of 50: as fast as that allows"
    assert pacer.waited == pytest.approx(sent[-1])


async def test_requests_wait_their_turn_in_order() -> None:
    clock = Time()
    pacer = Pacer(2, margin=0.0, spacing=0.0, clock=clock.clock, sleep=clock.sleep)
    order: list[int] = []

    async def request(number: int) -> None:
        await pacer.acquire()
        order.append(number)

    await asyncio.gather(*(request(number) for number in range(5)))
    assert order == [0, 1, 2, 3, 4]
    assert clock.now - 100.0 == pytest.approx(2.0), "two per second: the fifth goes after two seconds"


def test_only_rest_calls_count_against_the_global_limit() -> None:
    configure_endpoints("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway")
    try:
        assert counts_globally("http://127.0.0.1:9/api/v10/channels/1/messages")
        assert counts_globally("http://127.0.0.1:9/api/v10/users/@me")
        assert not counts_globally("http://127.0.0.1:9/api/v10/interactions/1/token/callback")
        assert not counts_globally("http://127.0.0.1:9/api/v10/webhooks/1/token/messages/@original")
        assert not counts_globally("http://127.0.0.1:9/attachments/1/2/chart.png")
        assert not counts_globally("http://127.0.0.1:9/gateway")
    finally:
        configure_endpoints(None, None)
    assert counts_globally("https://discord.com/api/v10/channels/1/messages")


def test_the_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="per_second"):
        Pacer(0)
