import math

import numpy as np
import pytest

from drift_job import FLOOR, check_day, psi
import pandas as pd


def test_psi_categorical_by_hand():
    assert psi(["x", "y"] * 50, ["x"] * 75 + ["y"] * 25, "categorical") == pytest.approx(
        0.25 * math.log(1.5) - 0.25 * math.log(0.5))


def test_unseen_category_gets_its_own_bucket():
    value = psi(["x"] * 100, ["x"] * 90 + ["z"] * 10, "categorical")
    assert value == pytest.approx((0.9 - 1) * math.log(0.9) + (0.1 - FLOOR) * math.log(0.1 / FLOOR))


def test_bins_come_from_the_reference():
    ref = np.arange(100)
    assert psi(ref, ref + 1000, "numeric") > 5  # everything in the open top bin


def test_empty_day_and_missing_column():
    ref = pd.DataFrame({"age": [30, 40], "income": [1, 2], "tenure_months": [1, 2],
                        "device": ["ios", "web"], "plan": ["basic", "pro"], "country": ["DE", "FR"]})
    assert check_day(ref, ref.iloc[0:0], "d")["alerts"][0]["kind"] == "empty_day"
    kinds = {a["kind"] for a in check_day(ref, ref.drop(columns=["income"]), "d")["alerts"]}
    assert "missing_feature" in kinds
