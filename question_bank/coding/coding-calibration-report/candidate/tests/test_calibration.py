import pytest
from calibration import brier_score, reliability_table


def test_brier_of_confident_correct_predictions_is_zero():
    assert brier_score([1.0, 0.0, 1.0], [1, 0, 1]) == 0.0


def test_reliability_table_counts_per_bin():
    table = reliability_table([0.05, 0.05, 0.95, 0.95], [0, 0, 1, 0])
    assert list(table["n"]) == [2, 2]
    assert list(table["observed_rate"]) == pytest.approx([0.0, 0.5])
