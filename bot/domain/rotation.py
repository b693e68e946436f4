"""Which item a guild plays on a given day.

Every item is played once before any is played again. Within a cycle the steps advance together: the
step whose items are the least played, proportionally, goes next, so the first ten days visit ten
different steps and no step waits long. Yesterday's step is avoided whenever another is left, and when a
step holds so many of the remaining items that it could no longer be kept apart, it is served first.
Ties follow a fixed per-guild shuffle, so servers see different orders while the same history always
yields the same pick: a restart cannot change it.

The rotation learns too: a step where the server's teams answer worst may run up to one item ahead of the
pace (`step_weakness`), so within a cycle the weakest steps come first; what is played stays the same (every
item once per cycle) and so do the guarantees above. With too little history there is no preference.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain.model import Item


def _shuffle_key(guild_id: int, item_id: str) -> str:
    return hashlib.sha256(f"{guild_id}:{item_id}".encode()).hexdigest()


MIN_ANSWERS = 30  # a server's answers before its weak steps steer the rotation
PRIOR_ANSWERS = 10  # each step's error rate is shrunk toward the server's as if by this many answers


@dataclass(frozen=True, slots=True)
class StepRecord:
    """A server's answers to one step's items, all time: how many, how many right."""

    answers: int
    correct: int


def step_weakness(records: Mapping[int, StepRecord]) -> dict[int, float]:
    """Per step, 0 (the server's strongest) to 1 (its weakest), by error rate; {} with too little history.

    Each step's error rate is shrunk toward the server's overall rate by PRIOR_ANSWERS answers, so that a step
    answered twice, both wrong, does not pass for the weakest: (wrong + 10 × overall) / (answers + 10).
    Steps never answered count as the server's average.
    """
    answers = sum(record.answers for record in records.values())
    if answers < MIN_ANSWERS:
        return {}
    overall = 1 - sum(record.correct for record in records.values()) / answers
    rates = {
        step: (record.answers - record.correct + PRIOR_ANSWERS * overall) / (record.answers + PRIOR_ANSWERS)
        for step, record in records.items()
    }
    low, high = min(rates.values(), default=0.0), max(rates.values(), default=0.0)
    if high - low < 1e-9:
        return {}
    return {step: (rate - low) / (high - low) for step, rate in rates.items()}


def pick_item(
    candidates: Sequence[Item],
    times_posted: Mapping[str, int],
    guild_id: int,
    previous_step: int | None = None,
    weakness: Mapping[int, float] | None = None,
) -> Item | None:
    """The next item for a guild, given how often each was posted, the step of its last post, and weak steps."""
    if not candidates:
        return None
    fewest = min(times_posted.get(item.id, 0) for item in candidates)
    pool = [item for item in candidates if times_posted.get(item.id, 0) == fewest]
    size = Counter(item.step for item in candidates)
    left = Counter(item.step for item in pool)
    crowded = max(left.values())
    if crowded > (len(pool) + 1) // 2:  # that step must be served now or it will end up in a row
        pool = [item for item in pool if left[item.step] == crowded]

    ahead = weakness or {}
    middle = 0.5 if ahead else 0.0  # a step with no answers yet counts as the server's average

    def progress(item: Item) -> float:
        return 1 - left[item.step] / size[item.step] - ahead.get(item.step, middle) / size[item.step]

    return min(
        pool,
        key=lambda item: (item.step == previous_step, progress(item), _shuffle_key(guild_id, item.id)),
    )
