"""`momentos learning-bench` and `momentos learning-report`: the learning benchmark, and the same calibration
figures on a real ledger.

The benchmark module is imported only when the benchmark runs, so `momentos` starts without it.
"""

from __future__ import annotations

import math
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

import numpy as np
import numpy.typing as npt

from bot.domain.learning.calibration import Figures, Reviews, constant, figures
from bot.domain.learning.fit import Histories, fit_parameters, histories_of, replay
from bot.domain.learning.memory import DEFAULT_PARAMETERS, Attempt

MIN_ATTEMPTS = 5_000


class _Bar:
    """Counted steps with a bar on one line (a plain line per step when the output is not a terminal)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()

    def step(self, message: str) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {elapsed:5.0f}s  {message}"
        if self.tty:
            self.stream.write("\r\033[K" + line[:150])
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def learning_bench(out: Path, quick: bool) -> int:
    """Run the learning benchmark (minutes; `quick`: about half a minute), print its tables with progress, and
    write the measured section of `out` (LEARNING.md) between its markers, keeping the prose around it."""
    from bot.bench.learning import report, run

    plan = run.Plan.small() if quick else run.Plan.full()
    bar = _Bar(run.steps(plan), sys.stderr)
    print(
        f"learning benchmark: {len(plan.models)} forgetting models × {len(plan.seeds)} seed(s) × "
        f"{plan.cohort.learners} people{' (quick)' if quick else ''}",
        file=sys.stderr,
    )
    results = run.run(plan, progress=bar.step)
    section = report.render(results)
    print(section)
    report.write(section, out)
    missed = [verdict.target for verdict in report.verdicts(results) if not verdict.met]
    print(f"wrote {out} ({results.seconds:.0f} s); targets missed: {len(missed)}", file=sys.stderr)
    for target in missed:
        print(f"  not met: {target}", file=sys.stderr)
    return 0


def _histories(attempts: Mapping[tuple[int, int, str], Sequence[Attempt]]) -> tuple[Histories, list[int]]:
    keys = [key for key, found in attempts.items() if found]
    return histories_of(attempts[key] for key in keys), [guild for guild, _user, _item in keys]


def _subset(histories: Histories, keep: npt.NDArray[np.bool_]) -> Histories:
    return Histories(histories.elapsed[keep], histories.grades[keep], histories.lengths[keep])


def _line(name: str, found: Figures, constant_figures: Figures) -> str:
    return (
        f"  {name:<28} log loss {found.log_loss:.4f} (constant {constant_figures.log_loss:.4f})   "
        f"RMSE(bins) {found.rmse_bins:.4f} (constant {constant_figures.rmse_bins:.4f})"
    )


def learning_report(
    attempts: Mapping[tuple[int, int, str], Sequence[Attempt]], out: Path | TextIO | None = None
) -> int:
    """The benchmark's calibration figures on a real ledger (keys: guild id, user id, item id): each server's
    parameters fitted to its own reviews (FSRS's defaults under 512), predictions pooled over every server.
    Under 5,000 attempts it says "not enough reviews" and nothing else. `out`: a file to write the report to as
    well, or a stream to print it on (standard output by default)."""
    stream: TextIO = out if out is not None and not isinstance(out, Path) else sys.stdout
    total = sum(len(found) for found in attempts.values())
    if total < MIN_ATTEMPTS:
        line = f"not enough reviews: {total:,} attempts in the ledger, the report needs {MIN_ATTEMPTS:,}"
        print(line, file=stream)
        if isinstance(out, Path):
            out.write_text(line + "\n", encoding="utf-8")
        return 0
    histories, guild_of = _histories(attempts)
    guilds = np.asarray(guild_of, dtype=np.int64)
    reviews = Reviews.of(histories)
    fitted = np.full(reviews.count, math.nan)
    defaults = replay(DEFAULT_PARAMETERS, histories).predicted[reviews.row, reviews.column]
    lines = [f"learning report: {total:,} attempts, {reviews.count:,} reviews with a prediction"]
    per_guild: dict[int, list[int]] = defaultdict(list)
    for index, guild in enumerate(guild_of):
        per_guild[guild].append(index)
    for guild in sorted(per_guild):
        keep = np.asarray(guilds == guild, dtype=np.bool_)
        own = _subset(histories, keep)
        fit = fit_parameters(own)
        predicted = replay(fit.parameters, own).predicted
        position = np.cumsum(keep) - 1  # row in `own` of each row of `histories`
        mine = keep[reviews.row]
        fitted[mine] = predicted[position[reviews.row[mine]], reviews.column[mine]]
        lines.append(f"  server {guild}: {fit.source} parameters ({fit.reviews:,} reviews)")
    if reviews.count == 0:
        lines.append("  no reviews yet (only first answers): nothing to calibrate")
    else:
        baseline = constant(reviews)
        lines.append(_line("server parameters", figures(reviews, fitted), baseline))
        lines.append(_line("FSRS default parameters", figures(reviews, defaults), baseline))
        lines.append("  (a perfect predictor is known only in simulation: see LEARNING.md)")
    text = "\n".join(lines)
    print(text, file=stream)
    if isinstance(out, Path):
        out.write_text(text + "\n", encoding="utf-8")
    return 0
