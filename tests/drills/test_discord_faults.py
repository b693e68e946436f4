"""Discord faults: what Discord's edge and gateway do on a bad day, against the real bot and the simulator.

Already covered elsewhere (and not repeated here): a route 429 on a post (tests/e2e/test_managers_and_faults.py),
the simulator's global limit under a fan-out (tests/e2e/test_fanout.py), a dropped gateway resumed or
re-identified while idle and a /help answered after 3 s (tests/e2e/test_gateway.py), a broken channel over
the first three retries. This drill adds: global 429s on posts and on a burst of answers; 5xx on posts and on
interaction callbacks, including the nasty kind Discord carried out before failing (a post, an answer, a
command's "thinking…"), and a 503 that discord.py does not resend; the gateway dropped in the middle of a
burst of clicks (RESUME, RECONNECT and a full re-IDENTIFY); a click answered after 3 s; and a team channel
broken for a whole day, ticked minute by minute.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog
from bot.simulator.interactions import InteractionRecord
from bot.simulator.world import Message
from tests.drills.conftest import DrillReport
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
NOTICE = "No pude publicar"
RECORDED = "Ya respondiste este reto"
CROWD = 12  # extra members per team, for bursts


def _world() -> dict[str, Any]:
    """The e2e world with a crowd in each team."""
    world = copy.deepcopy(WORLD)
    members = world["guilds"][0]["members"]
    members += [{"name": f"v{n:02d}", "roles": ["Ventas"]} for n in range(CROWD)]
    members += [{"name": f"c{n:02d}", "roles": ["Caja"]} for n in range(CROWD)]
    return world


@pytest.fixture
async def harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """The real bot on the simulator; re-IDENTIFYs 0.05 s apart, not 5 s (this drill is not about that)."""
    fast = IdentifyBudget(gap=timedelta(seconds=0.05))
    async with running(_world(), catalog, tmp_path / "momentos.db", MONDAY_0850) as h:
        h.identify_budget = fast
        h.running.identify_gate.budget = fast
        yield h


async def _posted(h: Harness) -> tuple[Message, Message]:
    await h.setup_two_teams()
    await h.tick_at(NINE_AM)
    return h.post_in("ventas"), h.post_in("caja")


async def _ledger(h: Harness, user_id: int) -> tuple[int, int]:
    """Answers and 'answer' point events of a member."""
    answers = await h.rows("SELECT COUNT(*) AS n FROM answers WHERE user_id = ?", user_id)
    events = await h.rows("SELECT COUNT(*) AS n FROM point_events WHERE user_id = ? AND kind = 'answer'", user_id)
    return answers[0]["n"], events[0]["n"]


def _scored(record: InteractionRecord) -> bool:
    """The member saw the game's answer (an embed with the result), not an apology or nothing."""
    return record.answered_at is not None and bool(record.embeds())


def _notices(h: Harness) -> list[Message]:
    return [m for m in h.sim.messages(h.channel("general")) if NOTICE in m.text()]


async def _burst(h: Harness, post: Message, names: list[str]) -> list[InteractionRecord]:
    """Members press the first choice without waiting for answers."""
    return [await h.sim.click(h.member(name), post, post.custom_ids[0], wait=False) for name in names]


async def _settle(records: list[InteractionRecord], limit: float = 4.0) -> None:
    await asyncio.gather(*(asyncio.wait_for(r.responded.wait(), limit) for r in records), return_exceptions=True)


async def test_global_429s_on_posts_and_answers_are_waited_out_and_nothing_doubles(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    await h.setup_two_teams()
    ventas, caja = h.channel("ventas"), h.channel("caja")
    on_ventas = h.sim.faults.add(rf"^/channels/{ventas.id}/messages$", method="POST", times=2, is_global=True)
    on_caja = h.sim.faults.add(rf"^/channels/{caja.id}/messages$", method="POST", times=1)
    drill.tried("2 global 429s on #ventas' post and a route 429 on #caja's, at the 09:00 tick")
    await h.tick_at(NINE_AM)
    assert on_ventas.hits == 2 and on_caja.hits == 1
    assert len(h.sim.messages(ventas)) == 1 and len(h.sim.messages(caja)) == 1
    statuses = await h.rows("SELECT status FROM posts ORDER BY team_id")
    assert [row["status"] for row in statuses] == ["posted", "posted"]
    assert _notices(h) == [], "a rate limit is waited out, not reported to managers"
    drill.held("each channel shows its post once, both rows 'posted', no notice to managers")

    on_answers = h.sim.faults.add(CALLBACK, method="POST", times=4, is_global=True)
    post = h.post_in("ventas")
    names = [f"v{n:02d}" for n in range(CROWD)]
    records = await _burst(h, post, names)
    await _settle(records)
    drill.tried(f"a burst of {CROWD} answers whose first 4 callbacks get a global 429")
    assert on_answers.hits == 4
    assert all(_scored(r) for r in records), "every member saw the game's answer (within Discord's 3 s)"
    for name in names:
        assert await _ledger(h, h.member(name).user.id) == (1, 1)
    drill.held(f"{CROWD}/{CROWD} answered once after the waits, {CROWD} answer rows and {CROWD} answer events")


async def test_server_errors_on_posts_are_retried_and_a_resent_post_is_not_doubled(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    await h.setup_two_teams()
    ventas, caja = h.channel("ventas"), h.channel("caja")
    refused = h.sim.faults.add(rf"^/channels/{ventas.id}/messages$", method="POST", status=500)
    done_anyway = h.sim.faults.add(rf"^/channels/{caja.id}/messages$", method="POST", status=502, performed=True)
    drill.tried("a 500 on #ventas' post (not done) and a 502 on #caja's that Discord had carried out anyway")
    await h.tick_at(NINE_AM)
    assert refused.hits == 1 and done_anyway.hits == 1
    for channel in (ventas, caja):
        shown = h.sim.messages(channel)
        assert len(shown) == 1, f"#{channel.name} shows {len(shown)} posts"
        row = await h.rows("SELECT status, message_id FROM posts WHERE channel_id = ?", channel.id)
        assert row == [{"status": "posted", "message_id": shown[0].id}]
    assert _notices(h) == []
    drill.held(
        "discord.py resent both after 1 s: 1 post in each channel (the resent #caja post deduplicated by its"
        " nonce), each row 'posted' with the message shown, no notice"
    )


async def test_a_discord_outage_on_a_post_is_retried_without_asking_managers_to_fix_permissions(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    await h.setup_two_teams()
    caja = h.channel("caja")
    outage = h.sim.faults.add(rf"^/channels/{caja.id}/messages$", method="POST", status=503, message="upstream")
    drill.tried("a 503 on #caja's post at 09:00 (discord.py does not resend a 503)")
    await h.tick_at(NINE_AM)
    assert outage.hits == 1 and h.sim.messages(caja) == []
    assert _notices(h) == [], "Discord's own failure is not the managers' to fix: no notice asking for permissions"
    await h.tick_at(NINE_AM + timedelta(minutes=5))
    assert len(h.sim.messages(caja)) == 1 and len(h.sim.messages(h.channel("ventas"))) == 1
    assert (await h.rows("SELECT status, attempts FROM posts WHERE channel_id = ?", caja.id)) == [
        {"status": "posted", "attempts": 2}
    ]
    drill.held("no notice to managers; #caja posted at the 09:05 retry, once; #ventas untouched")


async def test_server_errors_on_answers_never_lose_or_double_one(harness: Harness, drill: DrillReport) -> None:
    h = harness
    post, _ = await _posted(h)
    _, right, wrong = await h.item_of(post)

    # A 500 that did nothing: discord.py resends the answer after 1 s, inside Discord's 3 s.
    h.sim.faults.add(CALLBACK, method="POST", status=500)
    first = await h.click("v00", post, right)
    assert _scored(first) and await _ledger(h, h.member("v00").user.id) == (1, 1)

    # A 502 after Discord showed the answer: the resend is refused (40060 already acknowledged).
    h.sim.faults.add(CALLBACK, method="POST", status=502, performed=True)
    second = await h.click("v01", post, wrong)
    await h.eventually(lambda: second.refused_callbacks, limit=3.0)  # discord.py's resend comes 1 s later
    await asyncio.sleep(0.1)  # room for an apology, if the bot were to try one
    assert _scored(second) and len(second.messages) == 1
    assert second.refused_callbacks == 1, "only discord.py's resend was refused: no apology was attempted"
    assert await _ledger(h, h.member("v01").user.id) == (1, 1)
    second.refused_callbacks = 0  # that refusal is the fault's, not a handler answering twice (fixture check)

    # A 500 whose resend comes too late (10062; Discord's 3 s shrunk to 0.5 s so the resend 1 s later misses it).
    h.sim.interaction_timeout = 0.5
    h.sim.faults.add(CALLBACK, method="POST", status=500)
    third = await h.sim.click(h.member("v02"), post, post.custom_ids[right], timeout=2.0)
    await h.eventually(lambda: third.late_callbacks, limit=3.0)
    h.sim.interaction_timeout = 3.0
    assert third.answered_at is None, "the member saw nothing ('This interaction failed')"
    again = await h.click("v02", post, wrong)
    assert RECORDED in again.text() and not again.embeds()
    assert await _ledger(h, h.member("v02").user.id) == (1, 1)

    drill.tried("a 500 on an answer's callback; a 502 on one Discord had carried out; a 500 resent too late")
    drill.held(
        "1st: answered after the resend, 1 ledger row; 2nd: shown once, the resend refused (40060) and no"
        " apology attempted, 1 row; 3rd: past the deadline (10062), stored anyway, the member's second click told"
        " 'already answered', 1 row"
    )


async def test_a_deferred_command_whose_thinking_was_shown_despite_a_502_still_completes(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    await h.setup_two_teams()
    fault = h.sim.faults.add(CALLBACK, method="POST", status=502, performed=True)
    drill.tried("/challenge post: its 'thinking…' (defer) carried out by Discord, then reported as a 502")
    record = await h.sim.command(h.member("gerente"), h.channel("general"), "challenge post")
    await asyncio.sleep(1.2)  # discord.py's resend of the defer comes 1 s later, and is refused
    await record.settled(timeout=5.0)
    assert fault.hits == 1 and record.refused_callbacks == 1
    assert "**Ventas**: publicado" in record.text() and "**Caja**: publicado" in record.text()
    assert len(h.sim.messages(h.channel("ventas"))) == 1 and len(h.sim.messages(h.channel("caja"))) == 1
    record.refused_callbacks = 0  # the fault's refusal, not a handler answering twice (fixture check)
    drill.held("the spinner was replaced by the result: both teams posted once, the manager told so")


async def test_a_click_answered_after_three_seconds_is_stored_and_not_scored_twice(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    post, _ = await _posted(h)
    _, right, wrong = await h.item_of(post)
    h.sim.interaction_timeout = 0.0  # every answer arrives too late
    late = await h.sim.click(h.member("bruno"), post, post.custom_ids[right], timeout=1.0)
    await h.eventually(lambda: late.late_callbacks)
    h.sim.interaction_timeout = 3.0
    drill.tried("bruno's click answered after Discord's 3 s (10062 Unknown interaction)")
    assert not late.acknowledged
    again = await h.click("bruno", post, wrong)
    assert RECORDED in again.text()
    assert await _ledger(h, h.member("bruno").user.id) == (1, 1)
    help_ = await h.sim.command(h.member("ana"), h.channel("general"), "help")
    assert "momento de verdad" in (await help_.settled()).text()
    drill.held(
        "the first click is stored once (right choice kept), the retry says 'already answered', /help still works"
    )


async def test_the_gateway_dropped_mid_burst_resumes_with_every_click_answered_once(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    post, _ = await _posted(h)
    names = [f"v{n:02d}" for n in range(CROWD)]
    before = await _burst(h, post, names[:6])
    await h.sim.gateway.drop(resumable=True)
    during = await _burst(h, post, names[6:])  # sent while the socket is down: Discord replays them on RESUME
    await _settle(before + during)
    drill.tried(f"the gateway connection cut (resumable) between the 6th and 7th of {CROWD} clicks")
    assert h.sim.gateway.resume_count == 1 and h.sim.gateway.identify_count == 1
    assert all(_scored(r) for r in before + during)
    for name in names:
        assert await _ledger(h, h.member(name).user.id) == (1, 1)
    drill.held(f"RESUME, the missed events replayed: {CROWD}/{CROWD} clicks answered once, {CROWD} ledger rows")

    await h.sim.gateway.request_reconnect()  # op 7, as Discord does during maintenance
    names_c = [f"c{n:02d}" for n in range(6)]
    caja = h.post_in("caja")
    records = await _burst(h, caja, names_c)
    await _settle(records)
    assert h.sim.gateway.resume_count == 2 and h.sim.gateway.identify_count == 1
    assert all(_scored(r) for r in records)
    drill.tried("Discord's RECONNECT (op 7) followed by 6 clicks")
    drill.held("resumed (2 RESUMEs, still 1 IDENTIFY), 6/6 answered")


async def test_the_gateway_invalidated_mid_burst_loses_only_unseen_clicks_and_they_count_once_clicked_again(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    post, _ = await _posted(h)
    names = [f"v{n:02d}" for n in range(CROWD)]
    before = await _burst(h, post, names[:4])
    await _settle(before)
    await h.sim.gateway.drop(resumable=False)
    lost = await _burst(h, post, names[4:8])  # no session: Discord delivers these to nobody
    for _ in range(500):
        if h.sim.gateway.connected:
            break
        await asyncio.sleep(0.01)
    after = await _burst(h, post, names[8:])
    await _settle(after)
    await asyncio.sleep(0.3)  # nothing more is coming for the lost ones
    drill.tried(f"the session invalidated (new IDENTIFY) between the 4th and 5th of {CROWD} clicks")
    assert h.sim.gateway.identify_count == 2
    assert all(_scored(r) for r in before + after)
    assert not any(r.acknowledged for r in lost), "clicks sent while no session existed reach nobody"
    for name in names[4:8]:
        assert await _ledger(h, h.member(name).user.id) == (0, 0)
    retried = [await h.click(name, post, 0) for name in names[4:8]]
    assert all(_scored(r) for r in retried)
    for name in names:
        assert await _ledger(h, h.member(name).user.id) == (1, 1)
    drill.held(
        f"{len(before) + len(after)} clicks answered, {len(lost)} sent during the gap reached nobody and stored"
        f" nothing; clicked again they were scored: {CROWD} members, {CROWD} ledger rows, none twice"
    )


async def test_a_channel_broken_all_day_spares_the_other_team_and_tells_managers_once_a_day(
    harness: Harness, drill: DrillReport
) -> None:
    h = harness
    await h.setup_two_teams()
    caja = h.channel("caja")
    broken = h.sim.faults.add(
        rf"^/channels/{caja.id}/messages$", method="POST", status=403, code=50001, message="Missing Access", times=10**6
    )
    minutes = 0
    instant = NINE_AM
    end_of_day = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # Tuesday 00:00 in Mexico City
    answered: InteractionRecord | None = None
    while instant < end_of_day:
        await h.tick_at(instant)  # a tick that raised would fail the drill: the loop must carry on
        minutes += 1
        instant += timedelta(minutes=1)
        if answered is None:  # Ventas plays as usual meanwhile
            _, right, _ = await h.item_of(h.post_in("ventas"))
            answered = await h.click("ana", h.post_in("ventas"), right)
    drill.tried(
        f"#caja refuses every post with 403 Missing Access; the scheduler ticked every minute for {minutes} min"
    )
    ventas_posts = h.sim.messages(h.channel("ventas"))
    assert len(ventas_posts) == 1 and h.sim.messages(caja) == []
    assert len(_notices(h)) == 1 and "**Caja**" in _notices(h)[0].text()
    row = (await h.rows("SELECT attempts, status FROM posts WHERE channel_id = ?", caja.id))[0]
    assert row["status"] == "failed" and row["attempts"] == broken.hits
    assert answered is not None and _scored(answered)
    assert h.sim.gateway.identify_count == 1 and not h.running.is_closed()
    drill.held(
        f"#ventas posted once and answerable; 1 notice to managers in {minutes} ticks; #caja tried {broken.hits}"
        " times (5, 15, 30 min, then hourly) until the day ended; the bot stayed connected (1 IDENTIFY)"
    )

    # Tuesday: still broken at 09:00, then repaired at 11:00.
    tuesday = NINE_AM + timedelta(days=1)
    await h.tick_at(tuesday)
    assert len(_notices(h)) == 2, "a new day, a new post: one new notice"
    broken.times = 0
    for minute in range(0, 125, 5):
        await h.tick_at(tuesday + timedelta(minutes=minute))
    assert len(h.sim.messages(caja)) == 1 and len(_notices(h)) == 2
    drill.tried("#caja still broken on Tuesday at 09:00, repaired during the morning")
    drill.held("1 notice for Tuesday (2 in two days), then #caja's post went out at the next retry, once")
