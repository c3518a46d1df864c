"""The reference solution's own tests: statistics on inputs whose answer is known."""
import numpy as np
import pytest

from ab_report import bootstrap_diff_ci, srm_p_value


def test_srm_perfect_split():
    assert srm_p_value(1000, 1000) == pytest.approx(1.0)


def test_srm_hand_worked():
    # 900 vs 1100: expected 1000 each, chi2 = 2 * 100^2 / 1000 = 20, p = erfc(sqrt(10)) ~ 7.7e-06
    assert srm_p_value(900, 1100) == pytest.approx(7.74e-06, rel=0.01)


def test_bootstrap_identical_arms():
    x = np.arange(100, dtype=float)
    diff, lo, hi = bootstrap_diff_ci(x, x, n_boot=500, seed=1)
    assert diff == 0
    assert lo <= 0 <= hi


def test_bootstrap_constant_shift_has_zero_width():
    diff, lo, hi = bootstrap_diff_ci(np.full(50, 2.0), np.full(60, 5.0), n_boot=200)
    assert (diff, lo, hi) == (3.0, 3.0, 3.0)


def test_bootstrap_a_a_coverage_is_close_to_95_percent():
    rng = np.random.default_rng(0)
    covered = 0
    for _ in range(200):
        a, b = rng.lognormal(2, 1, 200), rng.lognormal(2, 1, 200)
        _, lo, hi = bootstrap_diff_ci(a, b, n_boot=400, seed=int(rng.integers(1 << 30)))
        covered += lo <= 0 <= hi
    assert 0.88 <= covered / 200 <= 0.99
