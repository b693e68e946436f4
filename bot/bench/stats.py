"""Percentiles and run-to-run spread: every published figure is a median over runs, with min and max."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of non-empty `values`; no interpolation, so it is a real sample."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Latency:
    """Latencies of one run, in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        """Summarize latencies given in seconds."""
        ms = [value * 1000 for value in seconds]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), max(ms, default=math.nan))


@dataclass(frozen=True, slots=True)
class Spread:
    """One figure over repeated runs."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """Median, min and max of the runs' values."""
        if not values:
            return cls(math.nan, math.nan, math.nan, 0)
        return cls(statistics.median(values), min(values), max(values), len(values))

    def show(self, digits: int = 0, unit: str = "") -> str:
        """'123 ms (110–140)' style."""
        if self.runs == 0 or math.isnan(self.median):
            return "—"
        spread = f" ({self.low:.{digits}f}–{self.high:.{digits}f})" if self.runs > 1 else ""
        return f"{self.median:.{digits}f}{unit}{spread}"
