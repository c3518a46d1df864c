"""Hidden tests: metrics on synthetic data with known calibration, and the report's handling
of logits, NaN scores, unlabeled rows and small segments."""
import numpy as np
import pandas as pd
import pytest
from calibration import (
    brier_score,
    calibration_report,
    expected_calibration_error,
    load_predictions,
    reliability_table,
)


def test_ece_near_zero_when_perfectly_calibrated():
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, 50_000)
    y = (rng.uniform(0, 1, p.size) < p).astype(int)
    assert expected_calibration_error(p, y) < 0.015


def test_ece_of_a_constant_overconfident_score():
    p = np.full(1000, 0.8)
    y = np.array([1, 0] * 500)
    assert expected_calibration_error(p, y) == pytest.approx(0.3)


def test_ece_weights_bins_by_their_share_of_rows():
    # 300 rows at 0.2 with exactly 20% positives (calibrated), 100 rows at 0.9 with 50% (off by 0.4)
    p = np.array([0.2] * 300 + [0.9] * 100)
    y = np.array([1] * 60 + [0] * 240 + [1] * 50 + [0] * 50)
    assert expected_calibration_error(p, y) == pytest.approx(0.1)


def test_brier_known_value():
    assert brier_score([1.0, 0.0, 0.5], [1, 0, 1]) == pytest.approx(0.25 / 3)


def test_reliability_table_observed_rates():
    p = np.array([0.2] * 300 + [0.9] * 100)
    y = np.array([1] * 60 + [0] * 240 + [1] * 50 + [0] * 50)
    t = reliability_table(p, y)
    assert int(t["n"].sum()) == 400
    assert sorted(zip(t["mean_score"].round(6), t["observed_rate"].round(6))) == [(0.2, 0.2), (0.9, 0.5)]


def test_metrics_refuse_scores_outside_unit_interval():
    with pytest.raises(ValueError):
        expected_calibration_error([1.7, -0.4, 0.3], [1, 0, 0])


@pytest.fixture(scope="module")
def raw():
    df = pd.read_csv("data/predictions.csv")
    df["score"] = pd.to_numeric(df["score"], errors="coerce")
    df["label"] = pd.to_numeric(df["label"], errors="coerce")
    return df


@pytest.fixture(scope="module")
def report():
    return calibration_report(load_predictions("data/predictions.csv"))


def _row(report, segment, version):
    got = report[(report["segment"] == segment) & (report["model_version"] == version)]
    return None if got.empty else got.iloc[0]


def test_probability_versions_exclude_missing_scores_and_unlabeled_rows(raw, report):
    for version in ("risk-2026.08", "risk-2026.10"):
        for segment in ("retail", "smb", "students"):
            g = raw[(raw["segment"] == segment) & (raw["model_version"] == version)]
            usable = g.dropna(subset=["score", "label"])
            row = _row(report, segment, version)
            assert row is not None and int(row["n"]) == len(usable), (segment, version)
            assert row["brier"] == pytest.approx(brier_score(usable["score"], usable["label"]))


def test_logit_version_is_converted_or_refused_never_clipped(raw, report):
    g = raw[(raw["segment"] == "retail") & (raw["model_version"] == "risk-2026.11")].dropna(subset=["score", "label"])
    row = _row(report, "retail", "risk-2026.11")
    if row is None or int(row["n"]) == 0 or pd.isna(row["brier"]):
        return  # refused, which is a stated rule too
    expected = brier_score(1 / (1 + np.exp(-g["score"])), g["label"])
    assert row["brier"] == pytest.approx(expected, rel=1e-6)


def test_small_segments_are_marked_unreliable(report):
    small = report[report["segment"].isin(["enterprise", "public_sector"])]
    assert len(small) > 0 and not small["reliable"].astype(bool).any()
    assert bool(_row(report, "retail", "risk-2026.08")["reliable"])
