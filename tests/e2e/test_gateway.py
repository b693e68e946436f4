"""The real client survives what the gateway does to it: resumes, new sessions, late answers."""

from __future__ import annotations

import asyncio

from tests.e2e.harness import Harness


async def _help_works(harness: Harness) -> None:
    for _ in range(500):  # discord.py waits 5 s before identifying again (IDENTIFY is rate limited)
        if harness.sim.gateway.connected:
            break
        await asyncio.sleep(0.02)
    record = await harness.sim.command(harness.member("ana"), harness.channel("general"), "help")
    await record.settled()
    assert "momento de verdad" in record.text()


async def test_a_dropped_connection_is_resumed(harness: Harness) -> None:
    identified = harness.sim.gateway.identify_count
    await harness.sim.gateway.drop(resumable=True)
    await _help_works(harness)
    assert harness.sim.gateway.resume_count == 1
    assert harness.sim.gateway.identify_count == identified


async def test_an_invalidated_session_identifies_again(harness: Harness) -> None:
    identified = harness.sim.gateway.identify_count
    await harness.sim.gateway.drop(resumable=False)
    await _help_works(harness)
    assert harness.sim.gateway.identify_count == identified + 1
    assert harness.sim.gateway.resume_count == 0


async def test_an_answer_after_three_seconds_is_refused_and_the_bot_carries_on(harness: Harness) -> None:
    harness.sim.interaction_timeout = 0.0
    late = await harness.sim.command(harness.member("ana"), harness.channel("general"), "help", timeout=1.0)
    assert not late.acknowledged
    for _ in range(100):
        if late.late_callbacks:
            break
        await asyncio.sleep(0.01)
    assert late.late_callbacks == 1, "the bot tried to answer and got 10062 Unknown interaction"
    harness.sim.interaction_timeout = 3.0
    await _help_works(harness)
