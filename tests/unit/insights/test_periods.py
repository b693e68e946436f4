"""The windows /insights covers: local midnights, and the period before each."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.insights.periods import InsightPeriod, insight_windows

MEXICO = "America/Mexico_City"  # UTC-6 all year
NOW = datetime(2026, 2, 11, 18, 0, tzinfo=UTC)  # Wednesday 2026-02-11, 12:00 in Mexico City


def test_week_month_and_quarter_with_the_one_before() -> None:
    week, before = insight_windows(InsightPeriod.WEEK, NOW, MEXICO)
    assert (week.label, week.start, before and before.label) == (
        "2026-W07",
        datetime(2026, 2, 9, 6, 0, tzinfo=UTC),
        "2026-W06",
    )
    month, before = insight_windows(InsightPeriod.MONTH, NOW, MEXICO)
    assert (month.label, month.end, before and before.label) == (
        "2026-02",
        datetime(2026, 3, 1, 6, tzinfo=UTC),
        "2026-01",
    )
    quarter, before = insight_windows(InsightPeriod.QUARTER, NOW, MEXICO)
    assert quarter.label == "2026-Q1" and quarter.start == datetime(2026, 1, 1, 6, tzinfo=UTC)
    assert quarter.end == datetime(2026, 4, 1, 6, tzinfo=UTC)
    assert before is not None and before.label == "2025-Q4" and before.start == datetime(2025, 10, 1, 6, tzinfo=UTC)


def test_all_time_has_no_previous_period() -> None:
    window, before = insight_windows(InsightPeriod.ALL, NOW, MEXICO)
    assert (window.start, window.end, before) == (None, None, None)


def test_the_month_before_january_is_december() -> None:
    _, before = insight_windows(InsightPeriod.MONTH, datetime(2026, 1, 5, 18, tzinfo=UTC), MEXICO)
    assert before is not None and before.label == "2025-12" and before.end == datetime(2026, 1, 1, 6, tzinfo=UTC)
