"""How well predicted recall matches what people then answered, with the open spaced-repetition benchmark's
definitions (srs-benchmark), so Momentos' figures read like the ones published for FSRS:

- **log loss**: the mean binary cross-entropy of the predictions on every review;
- **RMSE(bins)**: reviews grouped by interval, review number and lapses, each on srs-benchmark's logarithmic
  bins (`rmse_matrix`: interval 2.48·3.62^⌊log₃.₆₂ t⌋, review number 1.99·1.89^⌊log₁.₈₉ i⌋, lapses
  1.65·1.73^⌊log₁.₇₃ l⌋ or 0), then the root of the count-weighted mean squared gap between the share answered
  right and the mean prediction in each group.

Only pooled figures mean something: one person's ~100 reviews are noise, so no per-person figure is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.domain.learning.fit import Histories

Array = npt.NDArray[np.float64]


def log_loss(right: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Mean binary cross-entropy (predictions clipped to 1e-6..1-1e-6, as a 0 or a 1 would be infinite)."""
    y = np.asarray(right, dtype=np.bool_)
    p = np.clip(np.asarray(predicted, dtype=np.float64), 1e-6, 1 - 1e-6)
    if y.size == 0:
        return float("nan")
    return float(-np.mean(np.where(y, np.log(p), np.log(1 - p))))


def _log_bin(values: Array, base: float, scale: float, digits: int) -> Array:
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log(np.maximum(values, 1e-6)) / np.log(base))
    return np.asarray(np.round(scale * np.power(base, exponent), digits), dtype=np.float64)


def rmse_bins(
    right: npt.ArrayLike,
    predicted: npt.ArrayLike,
    elapsed: npt.ArrayLike,
    review_number: npt.ArrayLike,
    lapses: npt.ArrayLike,
) -> float:
    """srs-benchmark's RMSE(bins); `review_number` counts the first answer as 1, `lapses` the misses before."""
    y = np.asarray(right, dtype=np.float64)
    p = np.asarray(predicted, dtype=np.float64)
    if y.size == 0:
        return float("nan")
    interval = _log_bin(np.asarray(elapsed, dtype=np.float64), 3.62, 2.48, 2)
    number = _log_bin(np.asarray(review_number, dtype=np.float64), 1.89, 1.99, 0)
    missed = np.asarray(lapses, dtype=np.float64)
    lapse = np.where(missed > 0, _log_bin(missed, 1.73, 1.65, 0), 0.0)
    keys = np.stack([interval, number, lapse], axis=1)
    _, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.ravel()
    count = np.bincount(group).astype(np.float64)
    mean_y = np.bincount(group, weights=y) / count
    mean_p = np.bincount(group, weights=p) / count
    return float(np.sqrt(np.sum(count * (mean_y - mean_p) ** 2) / np.sum(count)))


@dataclass(frozen=True, slots=True)
class Reviews:
    """The scored reviews of a ledger, flattened: what was answered and what srs-benchmark bins them by."""

    right: npt.NDArray[np.bool_]
    elapsed: Array
    review_number: Array
    lapses: Array
    row: npt.NDArray[np.int64]  # which history each review belongs to
    column: npt.NDArray[np.int64]  # and its attempt index there

    @property
    def count(self) -> int:
        """How many reviews."""
        return int(self.right.size)

    @staticmethod
    def of(histories: Histories) -> Reviews:
        """Every review with a prediction, with its interval, review number and earlier lapses."""
        scored = histories.scored()
        wrong = (histories.grades == 1) & (np.arange(histories.grades.shape[1])[None, :] >= 1)
        wrong &= histories.elapsed >= 1
        earlier = np.cumsum(wrong, axis=1) - wrong
        rows, cols = np.nonzero(scored)
        return Reviews(
            right=np.asarray(histories.grades[rows, cols] > 1, dtype=np.bool_),
            elapsed=np.asarray(histories.elapsed[rows, cols], dtype=np.float64),
            review_number=np.asarray(cols + 1, dtype=np.float64),
            lapses=np.asarray(earlier[rows, cols], dtype=np.float64),
            row=rows.astype(np.int64),
            column=cols.astype(np.int64),
        )


@dataclass(frozen=True, slots=True)
class Figures:
    """Calibration of one predictor on one set of reviews."""

    reviews: int
    log_loss: float
    rmse_bins: float


def figures(reviews: Reviews, predicted: npt.ArrayLike) -> Figures:
    """Log loss and RMSE(bins) of `predicted` (one value per review, in the order of `reviews`)."""
    p = np.asarray(predicted, dtype=np.float64)
    return Figures(
        reviews=reviews.count,
        log_loss=log_loss(reviews.right, p),
        rmse_bins=rmse_bins(reviews.right, p, reviews.elapsed, reviews.review_number, reviews.lapses),
    )


def constant(reviews: Reviews) -> Figures:
    """The figures of the best constant predictor (the share answered right), the floor any model must beat."""
    share = float(np.mean(reviews.right)) if reviews.count else float("nan")
    return figures(reviews, np.full(reviews.count, share))
