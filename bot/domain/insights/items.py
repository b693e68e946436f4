"""Item analysis: which items mislead a team and which ones fail to tell who knows from who does not.

Only first attempts count (a person's first answer to an item on the server, before they were told the answer),
and an item is analysed only once it has at least 10 of them; before that it is not in the list at all.

- **Choice shares**: the share of first attempts that picked each choice.
- **First try**: the share of first attempts that were right, with its 95% Wilson interval.
- **Ambiguous**: the most chosen wrong choice was picked more often than the right one (a tie is not
  ambiguous). The item's wording, or its key, may be at fault rather than the people.
- **Discrimination** (upper-lower index, Kelley's 27%): each person who answered the item is given a rest
  score, their share right over their first attempts at every *other* item in the data; they are ranked by it
  from best to worst (equal rest scores: lower user id first), and the top and bottom 27% of them, rounded to
  the nearest whole person (halves up) and at least one, are compared: D = share right on this item in the top
  group − share right in the bottom group. D runs from −1 to 1; around 0.3 or more an item tells who knows from
  who does not, near 0 it does not, below 0 the people who know the rest get it wrong more often (often a flawed
  key). People with no other first attempt have no rest score and are left out of the ranking; when nobody who
  answered has one, D is None.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain.insights.facts import AnswerFact
from bot.domain.insights.stats import Share, share

MIN_ITEM_ANSWERS = 10  # first attempts at an item on the server before it is analysed
KELLEY_PERCENT = 27  # the share of answerers in each of the upper and lower groups, in percent


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """How an item behaved on its first attempts."""

    item_id: str
    first_attempts: int
    choice_shares: tuple[float, ...]  # share of first attempts per choice index (length = choices)
    first_try: Share
    discrimination: float | None  # upper-lower index; None when no answerer has another first attempt
    ambiguous: bool  # the most chosen wrong choice was chosen more often than the right one


def first_attempts(facts: Sequence[AnswerFact]) -> dict[str, list[AnswerFact]]:
    """Each item's first attempts, one per person (the earliest, should the caller pass two)."""
    earliest: dict[tuple[str, int], AnswerFact] = {}
    for fact in sorted((f for f in facts if f.first), key=lambda f: (f.at, f.choice_index)):
        earliest.setdefault((fact.item_id, fact.user_id), fact)
    by_item: defaultdict[str, list[AnswerFact]] = defaultdict(list)
    for (item_id, _), fact in sorted(earliest.items()):
        by_item[item_id].append(fact)
    return dict(by_item)


def discrimination(item_firsts: Sequence[AnswerFact], totals: Mapping[int, tuple[int, int]]) -> float | None:
    """Kelley's upper-lower index of one item; `totals` holds each person's (right, first attempts) overall."""
    ranked: list[tuple[float, int, bool]] = []
    for fact in item_firsts:
        right, tried = totals[fact.user_id]
        if tried > 1:
            rest = (right - fact.correct) / (tried - 1)
            ranked.append((rest, fact.user_id, fact.correct))
    if not ranked:
        return None
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    group = max(1, (KELLEY_PERCENT * len(ranked) + 50) // 100)  # 27% rounded to the nearest person, halves up
    upper = sum(correct for _, _, correct in ranked[:group]) / group
    lower = sum(correct for _, _, correct in ranked[-group:]) / group
    return upper - lower


def analyse_items(
    facts: Sequence[AnswerFact], choices: Mapping[str, int], right: Mapping[str, int]
) -> list[ItemAnalysis]:
    """Analysis of every item with at least MIN_ITEM_ANSWERS first attempts, sorted by item id.

    `choices` gives each item's number of choices and `right` its right choice index; an item missing from either
    cannot be read and is left out. Right and wrong are the verdicts stored with the attempts; `right` only names
    the choice the ambiguity check compares against. A choice index beyond the item's choices (an item edited
    since) counts as a first attempt but in no choice's share.
    """
    by_item = first_attempts(facts)
    counts: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    for item_facts in by_item.values():
        for fact in item_facts:
            counts[fact.user_id][0] += fact.correct
            counts[fact.user_id][1] += 1
    totals = {user_id: (pair[0], pair[1]) for user_id, pair in counts.items()}
    analyses = []
    for item_id, item_facts in sorted(by_item.items()):
        n = len(item_facts)
        if n < MIN_ITEM_ANSWERS or item_id not in choices or item_id not in right:
            continue
        picked = [0] * choices[item_id]
        for fact in item_facts:
            if fact.choice_index < len(picked):
                picked[fact.choice_index] += 1
        key = right[item_id]
        right_count = picked[key] if 0 <= key < len(picked) else 0
        wrong_most = max((count for index, count in enumerate(picked) if index != key), default=0)
        analyses.append(
            ItemAnalysis(
                item_id=item_id,
                first_attempts=n,
                choice_shares=tuple(count / n for count in picked),
                first_try=share(sum(fact.correct for fact in item_facts), n),
                discrimination=discrimination(item_facts, totals),
                ambiguous=wrong_most > right_count,
            )
        )
    return analyses
