"""The identify budget: how long the bot waits before a new gateway session, and the history it keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.identify import DISCORD_DAILY_IDENTIFIES, IdentifyBudget, identify_turn
from bot.services.identify import IdentifyGate
from bot.storage import Storage

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
BUDGET = IdentifyBudget()  # the production thresholds


def at(*seconds_ago: float) -> list[datetime]:
    return [NOW - timedelta(seconds=s) for s in seconds_ago]


def test_a_fresh_bot_identifies_at_once() -> None:
    turn = identify_turn([], NOW, BUDGET, reconnect=False)
    assert turn.wait == timedelta(0) and turn.recent == 0 and not turn.capped


def test_the_free_sessions_of_a_day_start_at_once_even_back_to_back() -> None:
    history = at(*range(BUDGET.free - 1, 0, -1))  # free - 1 sessions, one a second
    assert identify_turn(history, NOW, BUDGET, reconnect=False).wait == timedelta(0)


def test_beyond_the_free_ones_the_wait_doubles_from_the_last_session_up_to_the_longest() -> None:
    waits = []
    for extra in range(10):
        history = at(*([1.0] * (BUDGET.free + extra)))  # all of them a second ago
        waits.append(identify_turn(history, NOW, BUDGET, reconnect=False).wait + timedelta(seconds=1))
    assert waits[:4] == [timedelta(seconds=s) for s in (15, 30, 60, 120)]
    assert waits[-1] == BUDGET.longest and max(waits) == BUDGET.longest
    assert waits == sorted(waits), "never shorter for more sessions"


def test_the_wait_counts_from_the_last_session_so_a_bot_up_for_hours_never_waits() -> None:
    history = at(*([7200.0] * 30))  # a crash loop two hours ago
    assert identify_turn(history, NOW, BUDGET, reconnect=False).wait == timedelta(0)
    assert identify_turn(history, NOW, BUDGET, reconnect=False).recent == 30


def test_sessions_older_than_the_window_no_longer_count() -> None:
    history = at(*([90_000.0] * 50), 5.0)  # 50 yesterday, one 5 s ago
    turn = identify_turn(history, NOW, BUDGET, reconnect=False)
    assert turn.recent == 1 and turn.wait == timedelta(0)


def test_a_reconnect_in_the_same_process_keeps_discords_five_seconds_apart() -> None:
    turn = identify_turn(at(2.0), NOW, BUDGET, reconnect=True)
    assert turn.wait == timedelta(seconds=3)
    assert identify_turn(at(2.0), NOW, BUDGET, reconnect=False).wait == timedelta(0), "a new process does not"


def test_at_the_cap_it_waits_until_enough_sessions_are_a_day_old() -> None:
    budget = IdentifyBudget(free=2, base=timedelta(seconds=1), longest=timedelta(seconds=4), cap=5)
    history = at(3600 * 20, 3600 * 10, 300, 200, 100)  # five within the day, the oldest 20 h ago
    turn = identify_turn(history, NOW, budget, reconnect=False)
    assert turn.capped and turn.recent == 5
    assert turn.wait == timedelta(hours=4), "until the oldest is 24 h old and only four remain"
    later = identify_turn(history, NOW + timedelta(hours=4, seconds=1), budget, reconnect=False)
    assert later.recent == 4 and not later.capped and later.wait == timedelta(0)


def test_a_clock_that_went_back_never_makes_the_bot_wait_for_a_day() -> None:
    history = [NOW + timedelta(hours=23)] * (BUDGET.free + 3)  # written before the clock jumped back
    turn = identify_turn(history, NOW, BUDGET, reconnect=False)
    assert turn.wait == timedelta(minutes=2)


def test_a_crash_loop_stays_far_under_discords_daily_limit() -> None:
    """A process that dies right after identifying, restarted at once, for a whole day."""
    history: list[datetime] = []
    now = NOW
    end = NOW + timedelta(days=1)
    while now < end:
        now += identify_turn(history, now, BUDGET, reconnect=False).wait + timedelta(seconds=3)
        history.append(now)
    assert len(history) < 100 < DISCORD_DAILY_IDENTIFIES
    in_any_day = max(sum(1 for t in history if start <= t < start + timedelta(days=1)) for start in history)
    assert in_any_day <= BUDGET.cap


@pytest.mark.parametrize(
    "options",
    [
        {"free": -1},
        {"cap": 0},
        {"cap": 1001},
        {"base": timedelta(seconds=-1)},
        {"base": timedelta(minutes=5), "longest": timedelta(minutes=1)},
    ],
)
def test_budgets_that_make_no_sense_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        IdentifyBudget(**options)  # type: ignore[arg-type]


async def test_the_history_is_kept_in_the_database_across_processes_and_pruned(target: str) -> None:
    clock = ManualClock(NOW)
    budget = IdentifyBudget(free=2, base=timedelta(seconds=10), longest=timedelta(seconds=40))
    storage = await Storage.open(target)
    try:
        gate = IdentifyGate(storage, budget, clock)
        assert (await gate.claim(reconnect=False)).wait == timedelta(0), "its turn, taken and noted"
        clock.advance(seconds=1)
        assert (await gate.claim(reconnect=False)).wait == timedelta(0), "its turn, taken and noted"
        clock.advance(seconds=1)
    finally:
        await storage.close()
    reopened = await Storage.open(target)  # the next process after a crash
    try:
        gate = IdentifyGate(reopened, budget, clock)
        turn = await gate.turn(reconnect=False)
        assert turn.recent == 2 and turn.wait == timedelta(seconds=9)
        clock.advance(days=2)
        assert (await gate.claim(reconnect=False)).wait == timedelta(0), "its turn, taken and noted"
        rows = await reopened.database.fetchall("SELECT identified_at FROM gateway_identifies")
        assert len(rows) == 1, "sessions older than the window are forgotten when a new one is noted"
        assert (await gate.turn(reconnect=False)).recent == 1
    finally:
        await reopened.close()
