"""The weekly chart: points per team per step, drawn with matplotlib (headless) into PNG bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.services.announcements import WeekResults

if TYPE_CHECKING:  # matplotlib itself is imported only when a chart is drawn (start-up stays fast)
    from matplotlib.figure import Figure


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
        return _png(figure)
    finally:
        plt.close(figure)


LABELLED_ROWS = 25  # a heat map with more rows than this shows colours without per-cell labels


def heat_map(
    rows: list[str], cells: list[list[tuple[float | None, int]]], title: str, step_label: str, empty_label: str
) -> bytes:
    """A rows × 10 steps heat map of shares (0..1; None = no data, grey), each cell labelled with its n.

    Red is low, green high, on a fixed 0–100% scale so two maps compare; a cell shows "72%\\nn=18" so a reader
    sees how much data stands behind the colour. Past LABELLED_ROWS rows the cells carry colour only: at that size
    a label is too small to read, and drawing 500 of them took longer than the whole insight (the figures are in
    the reply's text and in /export insights).
    """
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt

    steps = list(range(1, 11))
    values = np.array([[np.nan if value is None else value for value, _ in row] for row in cells] or [[np.nan] * 10])
    height = 1.2 + 0.45 * max(1, len(rows))
    figure, axes = plt.subplots(figsize=(10, min(height, 24)), dpi=100)
    try:
        colours = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")
        image = axes.imshow(np.ma.masked_invalid(values), cmap=colours, vmin=0.0, vmax=1.0, aspect="auto")
        axes.set_xticks(range(10), [str(step) for step in steps])
        axes.set_yticks(range(len(rows)), rows)
        axes.set_xlabel(step_label)
        axes.set_title(title)
        if len(rows) <= LABELLED_ROWS:
            for y, row in enumerate(cells):
                for x, (value, n) in enumerate(row):
                    text = empty_label if value is None else f"{value:.0%}\nn={n}"
                    axes.text(x, y, text, ha="center", va="center", fontsize=7)
        figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02, format=lambda value, _: f"{value:.0%}")
        return _png(figure)
    finally:
        plt.close(figure)


def _png(figure: Figure) -> bytes:
    """The laid-out figure as PNG bytes, without the library's version stamp (the same chart, the same bytes)."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
