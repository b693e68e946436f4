"""BENCHMARKS.md: a bench run rewrites only its measured section, and a quick run judges nothing."""

from __future__ import annotations

from pathlib import Path

from bot.bench.driver import BEGIN, END, Target, verdict, write


def test_a_run_replaces_only_the_measured_section(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"# Benchmarks\n\nProse kept by hand.\n\n{BEGIN}\nold figures\n{END}\n\nMore prose.\n")

    write(out, "new figures\n")

    assert out.read_text() == f"# Benchmarks\n\nProse kept by hand.\n\n{BEGIN}\nnew figures\n{END}\n\nMore prose.\n"


def test_a_file_without_markers_keeps_its_text_and_gets_them(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Notes\n\nSomeone's text.\n")

    write(out, "figures\n")

    assert out.read_text() == f"# Notes\n\nSomeone's text.\n\n{BEGIN}\nfigures\n{END}\n"


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"

    write(out, "figures\n")

    assert out.read_text() == f"# Benchmarks\n\n{BEGIN}\nfigures\n{END}\n"


def test_quick_runs_give_no_verdict() -> None:
    missed = Target("Throughput", "≥ 70%", "41%", met=False)
    assert verdict(missed, quick=False) == "MISSED"
    assert verdict(Target("Burst", "≤ 250 ms", "23 ms", met=True), quick=False) == "met"
    assert verdict(missed, quick=True) == "n/a (quick)"
