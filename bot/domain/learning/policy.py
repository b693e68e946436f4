"""Which of a person's items to review today: the review that adds the most expected recall at a horizon,
per slot, within a daily cap (budget-aware, after Tabibian et al. 2019 and Ye et al. 2022).

A threshold scheduler reviews whatever is "due", spending its budget on the hardest items and on early short
intervals; this policy instead ranks every item a person has met by the recall a review today would add at
the horizon, and reviews the best ones while the gain is worth a slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.learning.memory import Memory, MemoryModel


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """A server's review settings: a daily cap per person and how far ahead recall is weighed."""

    cap: int = 2  # reviews a person may get per day
    horizon_days: int = 28  # recall is valued this far ahead
    min_gain: float = 0.02  # a review must add at least this much expected recall at the horizon
    min_gap_days: float = 1.0  # never the same item twice within this many days

    def gain(self, model: MemoryModel, memory: Memory, at: datetime) -> float:
        """Expected recall at the horizon if reviewed at `at`, minus the recall there without the review."""
        horizon = at + timedelta(days=self.horizon_days)
        now = model.recall(memory, at)
        untouched = model.recall(memory, horizon)
        right = model.recall(model.after(memory, at, correct=True), horizon)
        wrong = model.recall(model.after(memory, at, correct=False), horizon)
        return now * right + (1 - now) * wrong - untouched

    def pick(self, model: MemoryModel, memories: Sequence[Memory], at: datetime, cap: int | None = None) -> list[str]:
        """The items to review at `at`, best first, at most `cap` (the policy's own cap by default)."""
        room = self.cap if cap is None else cap
        if room <= 0:
            return []
        ripe = [m for m in memories if (at - m.last) >= timedelta(days=self.min_gap_days)]
        scored = sorted(((self.gain(model, m, at), m.item_id) for m in ripe), key=lambda pair: (-pair[0], pair[1]))
        return [item_id for gain, item_id in scored if gain >= self.min_gain][:room]

    def due(self, model: MemoryModel, memories: Sequence[Memory], at: datetime) -> list[str]:
        """Every item a review would help now (what /me calls due), best first, without the cap."""
        return self.pick(model, memories, at, cap=len(memories))
