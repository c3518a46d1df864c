"""Hidden tests for coding-drift-monitor-job."""
import json
import math
from pathlib import Path

import numpy as np
import pytest

from drift_job import psi, run

DATA = Path(__file__).resolve().parent.parent / "data"


def day(d):
    return run(DATA / "reference.csv", DATA / "serving", f"2026-03-{d:02d}")


def kinds(report, feature=None):
    return {a["kind"] for a in report["alerts"] if feature is None or a.get("feature") == feature}


def test_categorical_psi_worked_by_hand():
    ref = ["a"] * 50 + ["b"] * 50
    cur = ["a"] * 80 + ["b"] * 20
    expected = 0.3 * math.log(0.8 / 0.5) + (-0.3) * math.log(0.2 / 0.5)  # 0.416
    assert psi(ref, cur, "categorical") == pytest.approx(expected, rel=1e-6)


def test_numeric_psi_uses_reference_bins_and_the_floor():
    ref = np.arange(1000)
    cur = np.arange(500)  # fills the 5 lower reference deciles, 20% each; upper 5 empty
    expected = 5 * 0.1 * math.log(2) + 5 * (1e-4 - 0.1) * math.log(1e-4 / 0.1)  # about 3.80
    assert psi(ref, cur, "numeric") == pytest.approx(expected, rel=1e-3)


def test_psi_of_identical_samples_is_zero():
    x = np.random.default_rng(0).normal(size=500)
    assert psi(x, x, "numeric") == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_ordinary_days_raise_no_alerts(d):
    assert day(d)["alerts"] == []


def test_the_outage_day_is_an_alert_not_a_crash():
    report = day(5)
    assert report["rows"] == 0
    assert "empty_day" in kinds(report)
    json.dumps(report)


def test_a_feature_missing_from_the_logs_is_an_alert():
    report = day(9)
    assert "missing_feature" in kinds(report, "income")
    json.dumps(report)


def test_unknown_is_reported_as_a_new_category_not_merged_into_nulls():
    report = day(10)
    device = report["features"]["device"]
    assert "UNKNOWN" in device["unseen_categories"]
    assert device["null_rate"] < 0.05
    assert "unseen_category" in kinds(report, "device")


def test_real_drift_in_age_is_flagged():
    report = day(13)
    assert "psi" in kinds(report, "age")
    assert report["features"]["age"]["psi"] > 1.0
    assert "psi" not in kinds(report, "plan")
