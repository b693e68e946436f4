"""`learning_report` on a ledger (too small, then a simulated server's), and LEARNING.md's markers."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bench.learning.policies import Momentos
from bot.bench.learning.report import BEGIN, END, write
from bot.bench.learning.sim import Cohort, draw, simulate
from bot.cli.learning import learning_report
from bot.domain.learning.memory import Attempt
from bot.domain.learning.policy import ReviewPolicy

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_not_enough_reviews_is_one_line() -> None:
    attempts = {(1, 2, "q1"): [Attempt(START, True), Attempt(START + timedelta(days=8), False)]}
    out = io.StringIO()
    assert learning_report(attempts, out) == 0
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("not enough reviews")


def test_report_on_a_simulated_ledger(tmp_path: Path) -> None:
    cohort = Cohort(learners=120, weeks=12)
    run = simulate(Momentos(ReviewPolicy()), "exponential", cohort, 11, draw(cohort, 11))
    ledger = run.ledger
    attempts: dict[tuple[int, int, str], list[Attempt]] = {}
    for person in range(cohort.learners):
        for item in range(cohort.items):
            for k in range(ledger.count[person, item]):
                at = START + timedelta(days=int(ledger.day[person, item, k]), minutes=person)
                sure = bool(ledger.sure[person, item, k]) or None
                attempts.setdefault((77, person, f"q{item}"), []).append(
                    Attempt(at, bool(ledger.correct[person, item, k]), sure=sure, review=k > 0)
                )
    assert sum(len(found) for found in attempts.values()) >= 5_000
    target = tmp_path / "report.txt"
    assert learning_report(attempts, target) == 0
    text = target.read_text(encoding="utf-8")
    assert "server 77: fitted parameters" in text
    assert "server parameters" in text and "RMSE(bins)" in text


def test_learning_md_keeps_the_prose(tmp_path: Path) -> None:
    path = tmp_path / "LEARNING.md"
    path.write_text(f"# Title\n\nbefore\n\n{BEGIN}\nold\n{END}\n\nafter\n", encoding="utf-8")
    write("new table\n", path)
    assert path.read_text(encoding="utf-8") == f"# Title\n\nbefore\n\n{BEGIN}\nnew table\n{END}\n\nafter\n"
    fresh = tmp_path / "NEW.md"
    write("x\n", fresh)
    assert BEGIN in fresh.read_text(encoding="utf-8")
