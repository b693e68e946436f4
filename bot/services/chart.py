"""The weekly chart: points per team per step, drawn with matplotlib (headless) into PNG bytes."""

from __future__ import annotations

import io

from bot.services.announcements import WeekResults


def week_chart(results: WeekResults, title: str, step_label: str, points_label: str) -> bytes:
    """A grouped bar chart of each team's points on each of the 10 steps; deterministic bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    teams = [line.name for line in results.teams] or list(results.step_points)
    steps = list(range(1, 11))
    figure, axes = plt.subplots(figsize=(10, 4.5), dpi=100)
    try:
        width = 0.8 / max(1, len(teams))
        for index, name in enumerate(teams):
            values = results.step_points.get(name, [0] * 10)
            offsets = [step - 0.4 + width * (index + 0.5) for step in steps]
            axes.bar(offsets, values, width=width, label=name)
        axes.set_xticks(steps)
        axes.set_xlabel(step_label)
        axes.set_ylabel(points_label)
        axes.set_title(title)
        axes.grid(axis="y", alpha=0.3)
        if teams:
            axes.legend(loc="upper right", fontsize="small", ncols=min(4, len(teams)))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(figure)
