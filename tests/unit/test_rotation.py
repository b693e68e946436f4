"""The daily pick: no repeat within a cycle, no step twice in a row when avoidable, same history same pick."""

from __future__ import annotations

import itertools
from collections import Counter

from bot.domain.model import Choice, Item, ItemKind, Source, Text
from bot.domain.rotation import StepRecord, pick_item, step_weakness


def make(item_id: str, step: int) -> Item:
    return Item(
        id=item_id,
        kind=ItemKind.QUIZ,
        title=Text.of(es=item_id),
        step=step,
        dimensions=("cortesia",),
        explanation=Text.of(es="e"),
        source=Source(note="n"),
        languages=("es",),
        question=Text.of(es="q"),
        choices=(Choice(Text.of(es="a"), True, Text.of(es="f")), Choice(Text.of(es="b"), False, Text.of(es="f"))),
    )


def library(counts: dict[int, int]) -> list[Item]:
    return [make(f"s{step}.i{n}", step) for step, count in counts.items() for n in range(count)]


def play(items: list[Item], days: int, guild_id: int = 7, weakness: dict[int, float] | None = None) -> list[Item]:
    posted: Counter[str] = Counter()
    schedule: list[Item] = []
    for _ in range(days):
        previous = schedule[-1].step if schedule else None
        item = pick_item(items, posted, guild_id, previous, weakness)
        assert item is not None
        posted[item.id] += 1
        schedule.append(item)
    return schedule


UNEVEN = {1: 10, 2: 5, 3: 6, 4: 5, 5: 9, 6: 5, 7: 8, 8: 12, 9: 5, 10: 5}


def test_seventy_days_post_seventy_distinct_items_without_a_step_twice_in_a_row() -> None:
    items = library(UNEVEN)
    assert len(items) == 70
    schedule = play(items, 70)
    assert len({item.id for item in schedule}) == 70
    repeats = [(a.id, b.id) for a, b in itertools.pairwise(schedule) if a.step == b.step]
    assert repeats == []


def test_the_second_cycle_starts_only_when_every_item_was_played() -> None:
    items = library({1: 3, 2: 3, 3: 2})
    schedule = play(items, 16)
    assert len({item.id for item in schedule[:8]}) == 8
    assert len({item.id for item in schedule[8:16]}) == 8
    assert all(a.step != b.step for a, b in itertools.pairwise(schedule))


def test_the_same_history_gives_the_same_schedule_and_guilds_differ() -> None:
    items = library(UNEVEN)
    assert [item.id for item in play(items, 70)] == [item.id for item in play(list(reversed(items)), 70)]
    assert [item.id for item in play(items, 10, guild_id=1)] != [item.id for item in play(items, 10, guild_id=2)]


def test_a_repeat_of_the_step_is_accepted_only_when_nothing_else_is_left() -> None:
    items = library({1: 4, 2: 1})
    steps = [item.step for item in play(items, 5)]
    repeats = sum(a == b for a, b in itertools.pairwise(steps))
    assert sorted(steps) == [1, 1, 1, 1, 2]
    assert repeats == 2, f"four step-1 items among five days need at least two repeats, and no more: {steps}"


def test_the_first_days_visit_different_steps() -> None:
    items = library(UNEVEN)
    first_ten = [item.step for item in play(items, 10)]
    assert sorted(first_ten) == list(range(1, 11)), "ten days, ten steps, before any step comes back"


def test_yesterdays_step_is_avoided_even_at_the_start_of_a_history() -> None:
    items = library({1: 1, 2: 1})
    assert pick_item(items, {}, 7, previous_step=1) == items[1]
    assert pick_item(items, {}, 7, previous_step=2) == items[0]
    assert pick_item([], {}, 7) is None


# --- the rotation learns: weak steps first within a cycle ---------------------------------------------------


def test_step_weakness_shrinks_small_samples_toward_the_server_and_scales_from_0_to_1() -> None:
    # 45 answers, 28 right: the server's error rate is 17/45. Rates shrunk by 10 answers at 17/45:
    # step 1: (10 + 170/45) / 30 = 620/1350; step 2: (2 + 170/45) / 30 = 260/1350; step 3: (5 + 170/45) / 15 = 790/1350.
    records = {1: StepRecord(20, 10), 2: StepRecord(20, 18), 3: StepRecord(5, 0)}
    weakness = step_weakness(records)
    assert weakness[2] == 0.0 and weakness[3] == 1.0
    assert abs(weakness[1] - 360 / 530) < 1e-9


def test_too_little_history_or_no_difference_gives_no_preference() -> None:
    assert step_weakness({1: StepRecord(20, 10), 2: StepRecord(9, 0)}) == {}, "29 answers are too few"
    assert step_weakness({1: StepRecord(20, 10), 2: StepRecord(20, 10)}) == {}, "no step is weaker"
    assert step_weakness({}) == {}


def test_a_cycle_starts_with_the_weakest_step_and_still_plays_every_item_once() -> None:
    items = library({1: 4, 2: 4, 3: 4, 4: 4})
    weak = {3: 1.0, 1: 0.0, 2: 0.2, 4: 0.4}
    schedule = play(items, 16, weakness=weak)
    assert schedule[0].step == 3
    assert [item.step for item in schedule[:4]] == [3, 4, 2, 1], "one round, weakest first"
    assert sorted(item.id for item in schedule) == sorted(item.id for item in items), "every item once per cycle"
    assert all(a.step != b.step for a, b in itertools.pairwise(schedule)), "never a step twice in a row"
    plain = play(items, 16)
    assert [item.id for item in plain] != [item.id for item in schedule], "the weak steps did change the order"


def test_a_weak_step_runs_at_most_one_item_ahead_of_the_pace() -> None:
    items = library({1: 6, 2: 6, 3: 6})
    schedule = play(items, 18, weakness={1: 1.0, 2: 0.0, 3: 0.0})
    for day in range(1, 19):
        played = Counter(item.step for item in schedule[:day])
        assert max(played.values()) - min(played[step] for step in (1, 2, 3)) <= 2
