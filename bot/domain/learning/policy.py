"""Which of a person's items to review today: the reviews that add the most expected recall at a horizon, per
slot, within a daily cap (budget-aware, after Tabibian et al. 2019 "Memorize" and Ye et al. 2022 "SSP-MMC").

A threshold scheduler reviews whatever is "due", spending its budget on the hardest items and on early short
intervals; this policy instead ranks every item a person has met by the recall a review today would add a week
later (in expectation over answering it right or wrong, with the server's FSRS parameters), and offers the best
ones up to the daily cap. The candidates are the items FSRS calls due at the server's desired retention (their
predicted recall fell below it, or the server's longest interval passed): the threshold decides *whether* an item
may come back, the gain decides *which* due items get the day's few slots. An item answered in the last 3 days
is left alone (a review right after the last one
adds little that lasts: the spacing effect). The defaults are the ones LEARNING.md measured best of a small grid
(horizon 7/14/28/56 days, gap 1/3/5/7/14 days, min gain 0.03–0.2) under both non-FSRS forgetting models, on
seeds other than the published ones. The gain is computed on arrays
(`review_gains`), so the learning benchmark ranks 200 simulated people's items with this very code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from bot.domain.learning import fsrs6
from bot.domain.learning.memory import Grade, Memory, MemoryModel, elapsed_days

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """A server's review settings: a daily cap per person and how far ahead recall is weighed."""

    cap: int = 2  # reviews a person may get per day: the budget
    horizon_days: int = 7  # recall is valued this far ahead
    min_gain: float = 0.03  # a review must add at least this much expected recall at the horizon
    min_gap_days: float = 3.0  # never the same item again within this many days (spacing beats massing)
    due_days: int = 5  # /me lists at most a working week of reviews (cap × due_days): a list, never a pile
    desired_retention: float | None = 0.9  # candidates: items FSRS calls due at this retention (None: every item)
    maximum_interval: int = 365  # ... FSRS's interval capped here: an item is due after this long whatever it is

    def due_mask(
        self, parameters: Sequence[float], stability: npt.ArrayLike, elapsed: npt.ArrayLike
    ) -> npt.NDArray[np.bool_]:
        """Which items are candidates: all (no desired retention), or those whose FSRS interval has passed."""
        t = np.asarray(elapsed, dtype=np.float64)
        if self.desired_retention is None:
            return np.ones(t.shape, dtype=np.bool_)
        interval = fsrs6.interval_days(parameters, stability, self.desired_retention, self.maximum_interval)
        return np.asarray(t >= interval, dtype=np.bool_)

    def review_gains(
        self, parameters: Sequence[float], stability: npt.ArrayLike, difficulty: npt.ArrayLike, elapsed: npt.ArrayLike
    ) -> Array:
        """Expected recall at the horizon if reviewed now, minus the recall there without the review (arrays)."""
        s = np.asarray(stability, dtype=np.float64)
        d = np.asarray(difficulty, dtype=np.float64)
        t = np.asarray(elapsed, dtype=np.float64)
        h = float(self.horizon_days)
        now = fsrs6.retrievability(parameters, t, s)
        untouched = fsrs6.retrievability(parameters, t + h, s)
        right_s, _ = fsrs6.review(parameters, s, d, t, np.full(s.shape, int(Grade.GOOD)))
        wrong_s, _ = fsrs6.review(parameters, s, d, t, np.full(s.shape, int(Grade.AGAIN)))
        right = fsrs6.retrievability(parameters, h, right_s)
        wrong = fsrs6.retrievability(parameters, h, wrong_s)
        return np.asarray(now * right + (1 - now) * wrong - untouched, dtype=np.float64)

    def gain(self, model: MemoryModel, memory: Memory, at: datetime) -> float:
        """One item's gain (see `review_gains`)."""
        elapsed = elapsed_days(memory.last, at)
        return float(self.review_gains(model.parameters, [memory.stability], [memory.difficulty], [elapsed])[0])

    def pick(self, model: MemoryModel, memories: Sequence[Memory], at: datetime, cap: int | None = None) -> list[str]:
        """The items to review at `at`, best first, at most `cap` (the policy's own cap by default)."""
        room = self.cap if cap is None else cap
        ripe = [m for m in memories if (at - m.last).total_seconds() >= self.min_gap_days * 86400]
        if room <= 0 or not ripe:
            return []
        stability = [m.stability for m in ripe]
        elapsed = [elapsed_days(m.last, at) for m in ripe]
        gains = self.review_gains(model.parameters, stability, [m.difficulty for m in ripe], elapsed)
        due = self.due_mask(model.parameters, stability, elapsed).tolist()
        scored = sorted(
            (
                pair
                for pair, candidate in zip(
                    zip(gains.tolist(), (m.item_id for m in ripe), strict=True), due, strict=True
                )
                if candidate
            ),
            key=lambda p: (-p[0], p[1]),
        )
        return [item_id for gain, item_id in scored if gain >= self.min_gain][:room]

    def due(self, model: MemoryModel, memories: Sequence[Memory], at: datetime) -> list[str]:
        """What /me calls due: the items a review would help most now, best first, at most a working week of
        reviews (`cap × due_days`). Nothing is ever scheduled, so nothing piles up: an item not reviewed today
        is not late, it is simply worth less than the ones that were."""
        return self.pick(model, memories, at, cap=self.cap * self.due_days)

    def helped(self, model: MemoryModel, memories: Sequence[Memory], at: datetime) -> list[str]:
        """Every item a review would help by at least `min_gain` now (unbounded; the benchmark reports it)."""
        return self.pick(model, memories, at, cap=len(memories))
