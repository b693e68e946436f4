"""Wilson intervals and age-weighted proficiency, worked out by hand (z = 1.96, z² = 3.8416)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.insights.stats import HALF_LIFE_DAYS, recent_share, share, weight, wilson
from tests.unit.insights.support import END, fact


def test_wilson_eight_of_ten() -> None:
    # p = 0.8, z²/n = 0.38416, denominator = 1.38416
    # centre = (0.8 + 0.19208) / 1.38416 = 0.716738
    # half = 1.96·√(0.8·0.2/10 + 3.8416/400) / 1.38416 = 1.96·√0.025604 / 1.38416 = 1.96·0.1600125 / 1.38416 = 0.226581
    # → (0.716738 − 0.226581, 0.716738 + 0.226581) = (0.490157, 0.943319)
    low, high = wilson(8, 10)
    assert round(low, 4) == 0.4902
    assert round(high, 4) == 0.9433


def test_wilson_three_of_ten() -> None:
    # centre = (0.3 + 0.19208) / 1.38416 = 0.355508
    # half = 1.96·√(0.3·0.7/10 + 0.009604) / 1.38416 = 1.96·√0.030604 / 1.38416 = 1.96·0.174940 / 1.38416 = 0.247718
    # → (0.107789, 0.603227)
    low, high = wilson(3, 10)
    assert (round(low, 4), round(high, 4)) == (0.1078, 0.6032)


def test_wilson_at_the_ends_stays_inside_zero_one() -> None:
    # p = 0: centre = half = 0.19208 / 1.38416 = 0.138770 → (0, 0.277540); p = 1 mirrors it: (0.722460, 1)
    low, high = wilson(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert high == pytest.approx(0.277540, abs=1e-6)
    low, high = wilson(10, 10)
    assert low == pytest.approx(0.722460, abs=1e-6)
    assert high == pytest.approx(1.0, abs=1e-12)


def test_wilson_with_no_data_is_the_whole_range() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    nothing = share(0, 0)
    assert nothing.value is None
    assert (nothing.low, nothing.high) == (0.0, 1.0)


def test_wilson_refuses_what_is_not_a_proportion() -> None:
    with pytest.raises(ValueError, match="not a proportion"):
        wilson(11, 10)
    with pytest.raises(ValueError, match="not a proportion"):
        wilson(-1, 10)


def test_share_carries_value_and_interval() -> None:
    eight = share(8, 10)
    assert eight.value == pytest.approx(0.8)
    assert (eight.successes, eight.n) == (8, 10)
    assert (round(eight.low, 4), round(eight.high, 4)) == (0.4902, 0.9433)


def test_weight_halves_every_half_life() -> None:
    assert HALF_LIFE_DAYS == 14.0
    assert weight(fact(1, age_days=0), END) == 1.0
    assert weight(fact(1, age_days=14), END) == pytest.approx(0.5)
    assert weight(fact(1, age_days=28), END) == pytest.approx(0.25)
    assert weight(fact(1, age_days=7), END, half_life_days=7) == pytest.approx(0.5)


def test_recent_share_of_three_attempts() -> None:
    # right now (w 1), wrong 14 days ago (w 0.5), right 28 days ago (w 0.25)
    # Σw = 1.75, right Σw = 1.25 → value = 1.25 / 1.75 = 0.714286
    # Σw² = 1 + 0.25 + 0.0625 = 1.3125 → effective n = 1.75² / 1.3125 = 3.0625 / 1.3125 = 2.333333
    # successes scaled: 0.714286 · 2.333333 = 1.666667
    # Wilson: z²/n = 1.646400, denominator 2.646400, centre = (0.714286 + 0.823200) / 2.6464 = 0.580973
    # half = 1.96·√(0.714286·0.285714/2.333333 + 3.8416/21.777778) / 2.6464 = 1.96·√(0.087464 + 0.176400) / 2.6464
    #      = 1.96·0.513677 / 2.6464 = 0.380444 → (0.200529, 0.961416)
    facts = [fact(1, age_days=0), fact(1, age_days=14, correct=False), fact(1, age_days=28)]
    current = recent_share(facts, END)
    assert current.n == pytest.approx(1.75)
    assert current.successes == pytest.approx(1.25)
    assert current.value == pytest.approx(0.714286, abs=1e-6)
    assert current.low == pytest.approx(0.200529, abs=1e-5)
    assert current.high == pytest.approx(0.961416, abs=1e-5)


def test_recent_share_of_two_attempts() -> None:
    # right now (w 1), wrong 14 days ago (w 0.5): value = 1 / 1.5 = 0.666667
    # effective n = 1.5² / 1.25 = 1.8, successes 1.2; z²/n = 2.134222, denominator 3.134222
    # centre = (0.666667 + 1.067111) / 3.134222 = 0.553176
    # half = 1.96·√(0.222222/1.8 + 3.8416/12.96) / 3.134222 = 1.96·√(0.123457 + 0.296420) / 3.134222
    #      = 1.96·0.647979 / 3.134222 = 0.405216 → (0.147960, 0.958392)
    current = recent_share([fact(1, age_days=0), fact(1, age_days=14, correct=False)], END)
    assert current.value == pytest.approx(2 / 3)
    assert current.low == pytest.approx(0.147960, abs=1e-5)
    assert current.high == pytest.approx(0.958392, abs=1e-5)


def test_equal_ages_are_the_plain_share() -> None:
    # all weights equal: effective n = n, so 8 of 10 right at one moment is exactly wilson(8, 10)
    facts = [fact(1, age_days=3, correct=index < 8) for index in range(10)]
    current = recent_share(facts, END)
    assert current.value == pytest.approx(0.8)
    assert (current.low, current.high) == pytest.approx(wilson(8, 10))


def test_recent_share_ignores_the_future_and_says_when_there_is_nothing() -> None:
    later = fact(1, correct=False)
    assert recent_share([later], END - timedelta(seconds=1)).value is None
    assert recent_share([fact(1), later], END - timedelta(days=1)).value is None
    assert recent_share([], END).value is None
    assert recent_share([fact(1), later], END).value == pytest.approx(0.5)
