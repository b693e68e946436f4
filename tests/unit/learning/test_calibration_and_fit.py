"""srs-benchmark's figures on reviews worked out by hand, and the fit of a server's parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.domain.learning import fsrs6
from bot.domain.learning.calibration import Reviews, constant, figures, log_loss, rmse_bins
from bot.domain.learning.fit import MIN_REVIEWS, Histories, fit_parameters, replay
from bot.domain.learning.memory import DEFAULT_PARAMETERS


def test_log_loss_by_hand() -> None:
    # -(ln 0.8 + ln 0.4) / 2 = (0.223144 + 0.916291) / 2 = 0.569717
    assert log_loss([True, False], [0.8, 0.6]) == pytest.approx(0.569717, abs=1e-6)


def test_rmse_bins_by_hand() -> None:
    # same bin (interval 1 and 2 both fall in 2.48's bin): mean y 0.5, mean p 0.7 -> 0.2
    assert rmse_bins([1, 0], [0.8, 0.6], [1, 2], [2, 2], [0, 0]) == pytest.approx(0.2)
    # intervals 1 and 10 fall in different bins (2.48 and 8.98): sqrt((0.2² + 0.6²) / 2) = 0.447214
    assert rmse_bins([1, 0], [0.8, 0.6], [1, 10], [2, 2], [0, 0]) == pytest.approx(0.447214, abs=1e-6)
    # review numbers 2 and 3 share 1.99's bin; 4 is in 3.76's; lapses 0 and 1 differ
    assert rmse_bins([1, 0], [0.8, 0.6], [1, 1], [2, 3], [0, 0]) == pytest.approx(0.2)
    assert rmse_bins([1, 0], [0.8, 0.6], [1, 1], [2, 4], [0, 0]) == pytest.approx(0.447214, abs=1e-6)
    assert rmse_bins([1, 0], [0.8, 0.6], [1, 1], [2, 2], [0, 1]) == pytest.approx(0.447214, abs=1e-6)


def test_reviews_leave_out_first_answers_and_count_earlier_lapses() -> None:
    histories = Histories.from_lists([[(0, 3), (5, 1), (7, 3), (0, 3)], [(0, 1)]])
    reviews = Reviews.of(histories)
    assert reviews.count == 2  # the first answers and the same-day one have no prediction
    assert reviews.right.tolist() == [False, True]
    assert reviews.review_number.tolist() == [2, 3]
    assert reviews.lapses.tolist() == [0, 1]
    assert math.isclose(constant(reviews).log_loss, math.log(2))


def _simulated(parameters: tuple[float, ...], people: int, seed: int) -> Histories:
    """Answers drawn from FSRS itself with `parameters` (right with the predicted probability)."""
    rng = np.random.default_rng(seed)
    gaps = rng.choice([1, 3, 7, 14, 30], size=(people, 5))
    gaps[:, 0] = 0
    grades = np.zeros((people, 5), dtype=np.int64)
    grades[:, 0] = np.where(rng.random(people) < 0.5, 3, 1)
    s = fsrs6.initial_stability(parameters, grades[:, 0])
    d = fsrs6.initial_difficulty(parameters, grades[:, 0])
    for t in range(1, 5):
        right = rng.random(people) < fsrs6.retrievability(parameters, gaps[:, t], s)
        grades[:, t] = np.where(right, 3, 1)
        s, d = fsrs6.review(parameters, s, d, gaps[:, t], grades[:, t])
    return Histories(gaps.astype(np.float64), grades, np.full(people, 5, dtype=np.int64))


def test_replay_matches_the_memory_formulas() -> None:
    histories = _simulated(DEFAULT_PARAMETERS, 30, 1)
    found = replay(DEFAULT_PARAMETERS, histories)
    s = fsrs6.initial_stability(DEFAULT_PARAMETERS, histories.grades[:, 0])
    d = fsrs6.initial_difficulty(DEFAULT_PARAMETERS, histories.grades[:, 0])
    for t in range(1, 5):
        predicted = fsrs6.retrievability(DEFAULT_PARAMETERS, histories.elapsed[:, t], s)
        np.testing.assert_allclose(found.predicted[:, t], predicted)
        s, d = fsrs6.review(DEFAULT_PARAMETERS, s, d, histories.elapsed[:, t], histories.grades[:, t])
    np.testing.assert_allclose(found.stability, s)


def test_under_512_reviews_the_defaults_stay() -> None:
    histories = _simulated(DEFAULT_PARAMETERS, 100, 2)  # 400 reviews
    assert histories.reviews < MIN_REVIEWS
    fit = fit_parameters(histories)
    assert (fit.source, fit.parameters) == ("defaults", DEFAULT_PARAMETERS)


def test_the_fit_learns_a_server_that_forgets_faster() -> None:
    forgetful = list(DEFAULT_PARAMETERS)
    forgetful[2] = 0.6  # first stability after Good: 0.6 days instead of 2.3
    forgetful[8] = 1.2
    truth = tuple(forgetful)
    histories = _simulated(truth, 800, 3)
    fit = fit_parameters(histories, iterations=30)
    assert fit.source == "fitted" and fit.reviews == 3200
    held_out = _simulated(truth, 800, 4)
    reviews = Reviews.of(held_out)

    def loss(parameters: tuple[float, ...]) -> float:
        return figures(reviews, replay(parameters, held_out).predicted[reviews.row, reviews.column]).log_loss

    assert fit.loss_after < fit.loss_before
    assert loss(fit.parameters) < loss(DEFAULT_PARAMETERS)
    assert fit.parameters[2] < DEFAULT_PARAMETERS[2]
