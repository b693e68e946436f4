"""Crash mid-burst: the bot process is killed (SIGKILL) while members are clicking, then restarts on its database.

The simulator and `momentos run` are separate OS processes (as in the benchmark, bot/bench/processes.py), so
the kill is real: no `finally`, no flush, no close. What must hold: every click the member saw answered as
recorded is in the ledger exactly once (nothing is acknowledged before its group commit is durable); a
member whose click got no answer can click again after the restart and is scored exactly once (or is told
the first click already counted, if it was committed just before the kill); nobody is scored twice.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.bench.burst import ANSWER_PREFIX, MOMENTOS, prepare_database
from bot.bench.processes import READY_LINE, BotHandle, SimHandle
from tests.drills.conftest import DrillReport

TEAMS = 4
CLICKS = 400
RATE = 300.0  # clicks per second: the burst lasts about 1.3 s
KILL_AFTER = CLICKS // 3  # answers durable in the database when the bot is killed
STALLED = 20  # the first clicks' answers get a 500: discord.py retries after 1 s, and the kill comes first
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
SETTLE = 3.5  # beyond Discord's 3 s: whatever had no answer by then never will
REPEATED = "Ya respondiste este reto"


def _count(db_path: Path, sql: str) -> int:
    """One number from the database, read-only, beside the running bot (WAL lets readers in)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as db:
        return int(db.execute(sql).fetchone()[0])


async def _kill_when_durable(bot: BotHandle, db_path: Path, answers: int, limit: float) -> int:
    """SIGKILL the bot once `answers` answers are committed (or after `limit` s); returns how many were."""
    deadline = time.monotonic() + limit
    durable = 0
    while time.monotonic() < deadline:
        try:
            durable = _count(db_path, "SELECT COUNT(*) FROM answers")
        except sqlite3.OperationalError:  # the file is being created or locked for a moment
            durable = 0
        if durable >= answers:
            break
        await asyncio.sleep(0.005)
    bot.process.kill()
    await bot.process.wait()
    return durable


def _ledger(db_path: Path) -> tuple[Counter[int], Counter[int]]:
    """Answers and 'answer' point events per member (each member has one team, so one post)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        answers = Counter(int(row[0]) for row in db.execute("SELECT user_id FROM answers"))
        events = Counter(int(row[0]) for row in db.execute("SELECT user_id FROM point_events WHERE kind = 'answer'"))
    return answers, events


async def _start_bot(sim: SimHandle, db_path: Path, log: Path) -> BotHandle:
    bot = await BotHandle.start(MOMENTOS, sim, db_path, log)
    await bot.wait_for_log(READY_LINE, limit=60)
    await sim.call("probe", limit=30)  # serving people, not only connected
    return bot


@pytest.mark.slow
async def test_a_bot_killed_mid_burst_loses_no_acknowledged_answer_and_scores_nobody_twice(
    tmp_path: Path, drill: DrillReport
) -> None:
    sim = await SimHandle.start(TEAMS, CLICKS)
    db_path = tmp_path / "momentos.db"
    bots: list[BotHandle] = []
    try:
        await prepare_database(db_path, sim.info, datetime.now(UTC))
        bots.append(await _start_bot(sim, db_path, tmp_path / "bot-1.log"))
        found = await sim.call("wait_posts", prefix=ANSWER_PREFIX, limit=5)
        if found["posts"] < TEAMS:  # the schedule's minute may fall on the previous UTC day: post by hand
            await sim.call("command", path="challenge post")
        assert (await sim.call("wait_posts", prefix=ANSWER_PREFIX, limit=30))["posts"] == TEAMS

        await sim.call("fault", path=CALLBACK, method="POST", status=500, times=STALLED)
        burst = asyncio.create_task(
            sim.call(
                "clicks", first=0, count=CLICKS, rate=RATE, prefix=ANSWER_PREFIX, seed=11, settle=SETTLE, outcomes=True
            )
        )
        # At the latest 0.8 s in: before discord.py resends the stalled answers (1 s after their 500).
        durable_at_kill = await _kill_when_durable(bots[0], db_path, KILL_AFTER, limit=0.8)
        first: dict[str, Any] = await burst
        assert bots[0].process.returncode == -9, "the bot was killed, not stopped"

        outcomes = first["outcomes"]
        kinds = Counter(outcome["kind"] for outcome in outcomes)
        acknowledged = {o["user_id"] for o in outcomes if o["kind"] == "answer"}
        unanswered = [o for o in outcomes if o["kind"] != "answer"]
        drill.tried(
            f"{first['sent']} clicks by {CLICKS} members of {TEAMS} teams at {RATE:.0f}/s, the first {STALLED}"
            f" answers refused once with a 500; SIGKILL of `momentos run` once {durable_at_kill} answers were committed"
        )
        assert kinds["other"] == 0, f"no click was refused or apologised for: {first['samples']}"
        assert acknowledged and unanswered, f"the kill fell mid-burst: {dict(kinds)}"

        answers, events = _ledger(db_path)
        missing = [user for user in acknowledged if answers[user] != 1 or events[user] != 1]
        assert missing == [], f"acknowledged answers not in the ledger exactly once: {missing[:5]}"
        committed_unacknowledged = sum(1 for o in unanswered if answers[o["user_id"]])
        assert committed_unacknowledged >= STALLED, "the stalled answers were committed, then the bot died"
        drill.held(
            f"{len(acknowledged)} clicks acknowledged as recorded before the kill, {len(acknowledged)} of them in the"
            f" ledger once (answers and point events); {len(unanswered)} got no answer"
            f" ({committed_unacknowledged} of those committed, their reply not yet through)"
        )

        bots.append(await _start_bot(sim, db_path, tmp_path / "bot-2.log"))
        again: dict[str, Any] = await sim.call(
            "clicks",
            members=[o["member"] for o in unanswered],
            rate=RATE,
            prefix=ANSWER_PREFIX,
            seed=12,
            settle=SETTLE,
            outcomes=True,
        )
        after = {o["user_id"]: o for o in again["outcomes"]}
        scored_now = [user for user, o in after.items() if o["kind"] == "answer"]
        told_repeated = [user for user, o in after.items() if o["kind"] == "other" and REPEATED in o["text"]]
        assert len(scored_now) + len(told_repeated) == len(unanswered), Counter(o["kind"] for o in after.values())
        assert set(told_repeated) == {o["user_id"] for o in unanswered if answers[o["user_id"]]}, (
            "only the clicks committed before the kill are 'already answered'"
        )

        answers, events = _ledger(db_path)
        every_member = {o["user_id"] for o in outcomes}
        assert set(answers) == every_member and set(events) == every_member
        doubled = [user for user in every_member if answers[user] != 1 or events[user] != 1]
        assert doubled == []
        drill.tried(f"restart on the same database; the {len(unanswered)} members without an answer click again")
        drill.held(
            f"{len(scored_now)} scored now, {len(told_repeated)} told their first click already counted;"
            f" {sum(answers.values())} answers and {sum(events.values())} answer events for {len(every_member)}"
            f" members: everyone scored exactly once, 0 duplicates"
        )
    finally:
        for bot in bots:
            await bot.stop()
        await sim.stop()
