"""Reliability and security drills: each one says what it tried and what held.

A drill takes the `drill` fixture and calls `drill.tried(...)` and `drill.held(...)`; the lines are printed
in pytest's terminal summary (also when the drill passes), so a CI log reads as the drill report that
RELIABILITY.md quotes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

_REPORTS: list[DrillReport] = []


@dataclass
class DrillReport:
    """What one drill tried and what held."""

    name: str
    lines: list[str] = field(default_factory=list)

    def tried(self, text: str) -> None:
        self.lines.append(f"  tried: {text}")

    def held(self, text: str) -> None:
        self.lines.append(f"  held:  {text}")


@pytest.fixture
def drill(request: pytest.FixtureRequest) -> Iterator[DrillReport]:
    """The report of the running drill, shown in the terminal summary."""
    report = DrillReport(request.node.nodeid.split("::", 1)[-1])
    yield report
    _REPORTS.append(report)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reports = [report for report in _REPORTS if report.lines]
    if not reports:
        return
    terminalreporter.section("drills: what was tried and what held")
    for report in reports:
        terminalreporter.write_line(report.name)
        for line in report.lines:
            terminalreporter.write_line(line)
