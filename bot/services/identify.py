"""The identify budget over the stored history: may the bot open a new gateway session now, or wait?"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.clock import Clock, SystemClock
from bot.domain.identify import IdentifyBudget, IdentifyTurn, identify_turn
from bot.services.errors import storage_errors_as_unavailable
from bot.storage import Storage


@storage_errors_as_unavailable
class IdentifyGate:
    """Reads and records the sessions the bot started; time is the real clock's, as Discord counts it."""

    def __init__(self, storage: Storage, budget: IdentifyBudget | None = None, clock: Clock | None = None) -> None:
        self._storage = storage
        self.budget = budget or IdentifyBudget()
        self._clock = clock or SystemClock()

    async def turn(self, *, reconnect: bool) -> IdentifyTurn:
        """How long to wait before the next IDENTIFY (`reconnect`: a new session within this process)."""
        now = self._clock.now()
        history = await self._storage.identifies.since(now - self.budget.window)
        return identify_turn(history, now, self.budget, reconnect=reconnect)

    async def claim(self, *, reconnect: bool) -> IdentifyTurn:
        """Take the next IDENTIFY turn: a zero wait means it was noted (durably) and the session may start now;
        otherwise wait that long and ask again. Atomic across processes sharing the database."""
        now = self._clock.now()
        turns: list[IdentifyTurn] = []

        def decide(history: list[datetime]) -> timedelta:
            turns.append(identify_turn(history, now, self.budget, reconnect=reconnect))
            return turns[-1].wait

        await self._storage.identifies.claim(now, now - self.budget.window, decide)
        return turns[-1]
