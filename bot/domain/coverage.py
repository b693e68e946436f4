"""How well a content library covers the 10 steps and the 10 dimensions, in each language.

A library that can run a team for a quarter needs every step and every dimension to come back often;
the thresholds are the product's promise, checked by `momentos validate` and by the tests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.domain.model import Catalog

MIN_ITEMS_PER_STEP = 5
MIN_ITEMS_PER_DIMENSION = 3


@dataclass(frozen=True, slots=True)
class Coverage:
    """Counts of a library; an item counts once for its step and once for each dimension it lists."""

    matrix: dict[tuple[int, str], int]
    per_step: dict[int, int]
    per_dimension: dict[str, int]
    per_kind: dict[str, int]
    per_language: dict[str, int]
    total: int

    def shortfalls(self) -> list[str]:
        """Every threshold the library misses, as sentences (empty when it is complete)."""
        problems = [
            f"step {step} has {count} items; at least {MIN_ITEMS_PER_STEP} are needed"
            for step, count in sorted(self.per_step.items())
            if count < MIN_ITEMS_PER_STEP
        ]
        problems += [
            f"dimension '{key}' has {count} items; at least {MIN_ITEMS_PER_DIMENSION} are needed"
            for key, count in self.per_dimension.items()
            if count < MIN_ITEMS_PER_DIMENSION
        ]
        return problems


def coverage(catalog: Catalog) -> Coverage:
    """Count the catalog's items per step, dimension, step × dimension, kind and language."""
    items = list(catalog.items.values())
    matrix: Counter[tuple[int, str]] = Counter((item.step, key) for item in items for key in item.dimensions)
    steps = Counter(item.step for item in items)
    dimensions = Counter(key for item in items for key in item.dimensions)
    ordered_dimensions = sorted(catalog.dimensions.values(), key=lambda dimension: dimension.number)
    return Coverage(
        matrix=dict(matrix),
        per_step={number: steps.get(number, 0) for number in sorted(catalog.steps)},
        per_dimension={dimension.key: dimensions.get(dimension.key, 0) for dimension in ordered_dimensions},
        per_kind=dict(sorted(Counter(item.kind.value for item in items).items())),
        per_language=dict(sorted(Counter(language for item in items for language in item.languages).items())),
        total=len(items),
    )
