"""The reference solution's tests (they replace the per-model bootstrap test, whose function is gone)."""
import numpy as np
import pytest

from compare import auc, paired_bootstrap_auc_diff


def test_auc_by_reasoning():
    # positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered -> 0.75
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert auc([0, 1], [0.5, 0.5]) == 0.5  # a tie counts half


def test_identical_models_zero_interval():
    rng = np.random.default_rng(0)
    y, s = rng.integers(0, 2, 200), rng.random(200)
    r = paired_bootstrap_auc_diff(y, s, s, n_boot=200)
    assert (r["diff"], r["lo"], r["hi"]) == (0, 0, 0)


def test_one_class_only_is_an_error():
    with pytest.raises(ValueError):
        paired_bootstrap_auc_diff([1, 1, 1], [0.1, 0.2, 0.3], [0.3, 0.2, 0.1], n_boot=10)
