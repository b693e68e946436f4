"""The daily pick: no repeat within a cycle, no step twice in a row when avoidable, same history same pick."""

from __future__ import annotations

import itertools
from collections import Counter

from bot.domain.model import Choice, Item, ItemKind, Source, Text
from bot.domain.rotation import pick_item


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


def play(items: list[Item], days: int, guild_id: int = 7) -> list[Item]:
    posted: Counter[str] = Counter()
    schedule: list[Item] = []
    for _ in range(days):
        previous = schedule[-1].step if schedule else None
        item = pick_item(items, posted, guild_id, previous)
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
