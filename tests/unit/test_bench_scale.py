"""`momentos bench --scale`: the shapes are honest scale-downs of the issue's run, and the section says what was
measured, what was scaled down and who limited the load (no real bench run here)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from bot.bench.driver import BEGIN, END, SCALE_BEGIN, SCALE_END, write
from bot.bench.scale import (
    DEFAULT,
    ISSUE,
    QUICK,
    KillFigures,
    LedgerCheck,
    LoadFigures,
    ProcessMemory,
    ScaleFigures,
    ScaleShape,
    Usage,
    fitted,
    limit_note,
    load_figures,
    render,
    shape_for,
    teams_of,
)
from bot.bench.stats import Latency


@pytest.mark.parametrize("quick", [True, False])
def test_the_shapes_are_the_issue_scaled_down(quick: bool) -> None:
    shape = shape_for(quick)
    assert shape is (QUICK if quick else DEFAULT)
    assert shape.processes == 2 and shape.shards >= 4
    assert shape.guilds < ISSUE.guilds and shape.rate < ISSUE.rate and shape.load_seconds < ISSUE.load_seconds
    assert all(0 < share < 1 for share in shape.fraction_of(ISSUE).values())
    # every click of both loads is a different member of its team: no click is a repeated answer
    assert shape.members_per_team * shape.teams >= shape.clicks + shape.teams
    # the simulator requires exactly S shards for the world, as Discord's 2,500 a shard would
    assert -(-shape.guilds // shape.max_guilds_per_shard) == shape.shards
    # the run must fit its time: start-up ≥ 5 s per extra shard, both loads, with room for the set-up
    budget = 180 if quick else 600
    assert 5 * (shape.shards - 1) + shape.load_seconds + shape.kill_seconds < budget / 2


def test_quick_is_smaller_than_the_default() -> None:
    assert QUICK.guilds < DEFAULT.guilds and QUICK.clicks < DEFAULT.clicks


def test_guilds_have_one_or_two_team_channels() -> None:
    assert [teams_of(i) for i in range(4)] == [1, 2, 1, 2]
    assert ScaleShape(10, 4, 2, 1, 1.0, 1.0, 2.0, 1.0).teams == 15


def test_fitted_adds_members_until_every_click_has_its_own() -> None:
    shape = fitted(ScaleShape(4, 4, 2, 1, 10.0, 10.0, 10.0, 5.0))  # 6 teams, 200 clicks
    assert shape.members_per_team == 35
    assert fitted(replace(shape, members_per_team=50)).members_per_team == 50


def test_shards_are_split_in_contiguous_ranges() -> None:
    assert ScaleShape(10, 4, 2, 1, 1.0, 1.0, 2.0, 1.0).ranges() == [(0, 1), (2, 3)]
    assert ScaleShape(10, 5, 2, 1, 1.0, 1.0, 2.0, 1.0).ranges() == [(0, 2), (3, 4)]


def test_a_shape_that_cannot_run_is_refused() -> None:
    with pytest.raises(ValueError, match="processes"):
        ScaleShape(10, 1, 2, 1, 1.0, 1.0, 2.0, 1.0)
    with pytest.raises(ValueError, match="kill"):
        ScaleShape(10, 4, 2, 1, 1.0, 1.0, 2.0, 3.0)


def _load(clicks: int = 1000, cpu: dict[str, float] | None = None, send_seconds: float = 10.0) -> LoadFigures:
    return LoadFigures(
        clicks=clicks,
        target_rate=100.0,
        send_seconds=send_seconds,
        answered=clicks,
        latency=Latency(clicks, 12.0, 40.0, 90.0, 300.0),
        kinds={"answer": clicks, "other": 0, "late": 0, "none": 0},
        doubled=0,
        cpu=cpu or {"process 1": 0.3, "process 2": 0.3, "simulator": 0.6, "driver": 0.01, "postgresql": 0.2},
    )


def _figures(ledger: LedgerCheck | None = None) -> ScaleFigures:
    return ScaleFigures(
        shape=QUICK,
        quick=True,
        server="PostgreSQL 15, a throwaway cluster",
        world_seconds=3.0,
        seed_seconds=20.0,
        startup_seconds=17.5,
        ready_seconds=[17.6, 19.9],
        identify_gaps=[5.0, 5.01, 5.02],
        identify_refused=0,
        steady=_load(),
        kill=KillFigures(_load(1600), (2, 3), 7.2, 9.0, 130, 400, 2.1, 1, 800, 4, 0, {"late": 1}),
        ledger=ledger or LedgerCheck(2400, 2402, 0, 0, 2, True),
        memory=[ProcessMemory("process 1", 251, 90.0, 95.0), ProcessMemory("process 2 (restarted)", 249, 88.0, 88.0)],
        seconds=150.0,
    )


def test_the_section_reports_every_figure_and_says_it_is_scaled_down() -> None:
    text = render(_figures())
    assert text.startswith("### Sharded processes\n")
    assert "**Scaled down.**" in text and "10,000 guilds" in text and "No target is judged" in text
    assert "5.0% of the guilds" in text  # 500 of 10,000
    assert "17.5 s (floor 5 s × (S−1) = 15 s)" in text
    assert "min 5.00 s, max 5.02 s over 3 gaps" in text
    assert "p50 12 ms, p95 40 ms, p99 90 ms" in text
    assert "its guilds' clicks failed: 130 (4 in flight at the kill, 0 sent after its shards were back)" in text
    assert "1 failed of 800 (late 1)" in text
    assert "acknowledged but lost 0, doubled 0" in text and "— exact" in text
    assert "359 MB per 1,000 guilds" in text  # 90 MB for 251 guilds
    assert "simulator 60%" in text
    assert "p99 ≤ 1 s holds at this scaled-down load (steady p99 90 ms at 100/s)" in text


def test_a_lost_answer_makes_the_ledger_not_exact() -> None:
    assert "**not exact**" in render(_figures(LedgerCheck(2400, 2399, 1, 0, 0, True)))


def test_the_limit_note_names_the_load_generator_when_it_is_the_busiest_or_falls_behind() -> None:
    note = limit_note(_load(), 2)  # 1.41 cores in all at 100 clicks/s, the bots 0.6 of them
    assert "70% busy (141% of one core in all, 2 cores), the bot processes 43% of that" in note
    assert "busiest process: simulator (60% of a core)" in note and "not a bot, is the first process" in note
    assert "would be full at ≈ 142 clicks/s" in note
    behind = limit_note(_load(send_seconds=20.0, cpu={"process 1": 0.9, "simulator": 0.5}), 2)
    assert "fell behind its rate (50/s sent of 100/s)" in behind and "not a bot" not in behind


def test_postgresql_cpu_keeps_the_backends_of_a_killed_process() -> None:
    before = Usage(0.0, {"process 1": 1.0}, {10: 2.0, 11: 3.0})
    at_kill = Usage(5.0, {"process 1": 2.0}, {10: 2.5, 11: 4.0})
    end = Usage(10.0, {"process 1": 3.0}, {10: 3.0, 12: 1.0})  # 11 left with the killed process, 12 is new
    shares = before.share(at_kill, end)
    assert shares["process 1"] == pytest.approx(0.2)
    assert shares["postgresql"] == pytest.approx((1.0 + 1.0 + 1.0) / 10)
    assert math.isnan(Usage(0.0, {}).share(Usage(1.0, {}))["postgresql"])


def test_load_figures_count_outcomes_from_the_simulator_clicks() -> None:
    raw = {
        "send_seconds": 1.0,
        "clicks": [
            [0, 1.0, 0.010, "answer", 11, 100, 0],
            [1, 1.1, 0.030, "answer", 12, 101, 1],
            [1, 1.2, None, "none", 13, 101, 0],
        ],
    }
    figures = load_figures(raw, 3.0, {})
    assert (figures.clicks, figures.answered, figures.doubled, figures.kinds["none"]) == (3, 2, 1, 1)
    assert figures.latency.count == 2 and figures.latency.max == pytest.approx(30.0)


def test_the_scale_section_has_markers_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"# Benchmarks\n\n{BEGIN}\nmain figures\n{END}\n")
    write(out, "sharded\n", SCALE_BEGIN, SCALE_END)
    write(out, "sharded again\n", SCALE_BEGIN, SCALE_END)
    text = out.read_text()
    assert "main figures" in text and "sharded again" in text and text.count("sharded") == 1
    assert text.count(SCALE_BEGIN) == 1
