"""BENCHMARKS.md: a bench run rewrites only its measured sections, a quick run judges nothing, and SQLite and
PostgreSQL are set side by side against PostgreSQL's targets."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.bench import postgres as bench_postgres
from bot.bench.burst import BotFigures, Ledger, Load, RunResult
from bot.bench.driver import BEGIN, END, PG_BEGIN, PG_END, Comparison, Target, compare, side_by_side, verdict, write
from bot.bench.postgres import URL_VARIABLE, CopyFigures, choose, database_url
from bot.bench.stats import Latency


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


# --- SQLite and PostgreSQL side by side ---------------------------------------------------------------------


def _figures(name: str, p99: float, rates: list[float], *, lost: int = 0) -> BotFigures:
    """A bot's bursts (p99 as given) and saturation steps answered at `rates` answers/s, all clean."""

    def run(rate: float, p99: float, missed: int = 0) -> RunResult:
        latency = Latency(100, p99 / 3, p99 / 2, p99, p99 + 5)
        return RunResult(rate, 100, 100 - missed, missed, 0, 0, 0, [], latency, rate)

    return BotFigures(
        name,
        bursts=[run(400, p99, lost), run(400, p99 + 2)],
        steps=[run(rate, 100) for rate in rates],
        ledger=Ledger(200 - lost, 200 - lost, 0),
        cpu_ms={"bot": 1.3, "server": 0.9 if "postgresql" in name else math.nan, "simulator": 0.8},
    )


def _comparison(*, quick: bool = False, postgres_rates: list[float] | None = None) -> Comparison:
    boards = {"teams all": Latency(30, 2.0, 3.0, 3.5, 4.0), "me": Latency(30, 20.0, 30.0, 35.0, 40.0)}
    return Comparison(
        server="PostgreSQL 15.18, a throwaway cluster; fsync=on",
        sqlite=_figures("momentos", 60, [300, 500, 700]),
        postgres=_figures("momentos, postgresql", 120, postgres_rates or [300, 500, 600]),
        sqlite_commits=[2000, 2100, 2200],
        postgres_commits=[900, 1000, 1100],
        events=1_000_000,
        copy=CopyFigures(rows=1_500_000, seconds=60.0, analyze_seconds=2.5),
        sqlite_boards=boards,
        postgres_boards={"teams all": Latency(30, 3.0, 4.5, 5.0, 6.0), "me": Latency(30, 45.0, 61.2, 70.0, 80.0)},
        repeats=30,
        seconds=600.0,
        quick=quick,
    )


def _row(text: str, name: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_side_by_side_section_puts_both_backends_against_postgresqls_targets() -> None:
    text = side_by_side(_comparison(), Load())

    assert text.startswith("### SQLite and PostgreSQL side by side\n")
    assert "| Figure | SQLite | PostgreSQL | Target (PostgreSQL) | Met |" in text
    assert _row(text, "Burst p99") == ["Burst p99", "61 ms (60–62)", "121 ms (120–122)", "≤ 250 ms", "yes"]
    assert _row(text, "Burst: lost / doubled answers")[1:] == [
        "0 / 0, ledger exact: yes",
        "0 / 0, ledger exact: yes",
        "0 / 0, ledger exact",
        "yes",
    ]
    throughput = _row(text, "Throughput: answers/s at saturation (p99 ≤ 1 s, nothing lost)")
    assert throughput[1:] == ["700/s (100%)", "600/s (86%)", "≥ 80% of SQLite", "yes"]
    assert _row(text, "Board p95: teams all")[1:] == ["3.0 ms", "4.5 ms", "≤ 50 ms", "yes"]
    assert _row(text, "Board p95: me")[1:] == ["30.0 ms", "61.2 ms", "≤ 50 ms", "**no**"]
    copied = _row(text, "History copy SQLite → PostgreSQL (1,500,000 rows, transfer.copy as migrate-db)")
    assert copied[1:] == ["—", "60.0 s (25,000 rows/s); ANALYZE 2.5 s", "—", "—"]
    assert _row(text, "Raw floor: commits/s, one answer row per transaction")[1:3] == [
        "2100 (2000–2200)",
        "1000 (900–1100)",
    ]
    prose = [line for line in text.splitlines() if line.startswith("- ")]
    assert 2 <= len(prose) <= 4
    assert "1.00 ms on PostgreSQL" in prose[0] and "0.48 ms on SQLite" in prose[0]
    assert "86% of SQLite" in prose[1]
    cpu = _row(text, "CPU per answer (bursts and steps)")
    assert cpu[1:3] == ["bot 1.30 ms, simulator 0.80 ms", "bot 1.30 ms, server 0.90 ms, simulator 0.80 ms"]
    assert "SQLite's" in prose[-1]  # what stays SQLite-only is said


def test_postgresql_below_its_share_of_sqlite_or_losing_answers_misses() -> None:
    comparison = _comparison(postgres_rates=[300, 500])
    comparison.postgres = _figures("momentos, postgresql", 300, [300, 500], lost=2)
    lines = {line.name: line for line in compare(comparison, Load())}

    assert lines["Burst p99"].met is False
    assert lines["Burst: lost / doubled answers"].met is False
    assert lines["Burst: lost / doubled answers"].postgres == "2 / 0, ledger exact: yes"
    throughput = lines["Throughput: answers/s at saturation (p99 ≤ 1 s, nothing lost)"]
    assert (throughput.postgres, throughput.met) == ("500/s (71%)", False)


def test_a_quick_comparison_judges_nothing() -> None:
    text = side_by_side(_comparison(quick=True), Load())

    assert "`momentos bench --quick`" in text
    assert _row(text, "Board p95: me")[-1] == "n/a (quick)"
    assert "**no**" not in text and "| yes |" not in text


def test_the_side_by_side_section_has_markers_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"# Benchmarks\n\n{BEGIN}\nSQLite figures\n{END}\n")

    write(out, "side by side, first\n", PG_BEGIN, PG_END)
    write(out, "side by side, second\n", PG_BEGIN, PG_END)
    write(out, "SQLite figures, new\n")

    expected = f"# Benchmarks\n\n{BEGIN}\nSQLite figures, new\n{END}\n\n{PG_BEGIN}\nside by side, second\n{PG_END}\n"
    assert out.read_text() == expected


def test_postgresql_is_measured_by_default_only_when_a_server_can_be_had(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_postgres, "find_binaries", lambda: None)

    alone = choose(None, environ={})
    assert (alone.backend, alone.sqlite, alone.postgresql) == ("sqlite", True, False)
    assert alone.note is not None and URL_VARIABLE in alone.note and "skipped" in alone.note
    given = choose(None, environ={URL_VARIABLE: "postgresql://admin@db.example/postgres"})
    assert (given.backend, given.note, given.requested) == ("both", None, False)
    monkeypatch.setattr(bench_postgres, "find_binaries", lambda: Path("/usr/lib/postgresql/15/bin"))
    assert choose(None, environ={}).backend == "both"
    asked = choose("postgresql", environ={})
    assert (asked.backend, asked.sqlite, asked.postgresql, asked.requested) == ("postgresql", False, True, True)


def test_the_bench_databases_live_beside_the_admin_database() -> None:
    url = database_url("postgresql://admin:secret@db.example:5433/postgres?sslmode=require", "momentos_bench_1")
    assert url == "postgresql://admin:secret@db.example:5433/momentos_bench_1?sslmode=require"
