"""Hidden tests for coding-late-label-metrics."""
import math
from pathlib import Path

import pandas as pd
import pytest

from label_metrics import latest_outcomes, load, weekly_report

DATA = Path(__file__).resolve().parent.parent / "data"


def frames(tmp_path, preds, outs):
    p, o = tmp_path / "p.csv", tmp_path / "o.csv"
    pd.DataFrame(preds, columns=["application_id", "scored_at", "score", "model_version"]).to_csv(p, index=False)
    pd.DataFrame(outs, columns=["application_id", "outcome", "reported_at"]).to_csv(o, index=False)
    return load(p, o)


SCORED = "2026-01-06T10:00:00Z"  # week of Monday 2026-01-05


@pytest.fixture()
def cohort(tmp_path):
    preds = [(a, SCORED, s, "v1") for a, s in [
        ("a1", 0.9), ("a2", 0.8), ("a3", 0.2), ("a4", 0.1), ("a5", 0.7), ("a6", 0.6), ("a7", 0.3), ("a8", 0.95)]]
    outs = [
        ("a1", 1, "2026-01-20T00:00:00Z"),
        ("a2", 0, "2026-01-20T00:00:00Z"),
        ("a3", 1, "2026-01-20T00:00:00Z"),
        ("a4", 0, "2026-01-20T00:00:00Z"),
        ("a5", 1, "2026-01-20T00:00:00Z"),  # reported as a default ...
        ("a5", 0, "2026-02-10T00:00:00Z"),  # ... then reversed on dispute
        ("a7", 1, "2026-01-25T00:00:00Z"),
        ("a7", 1, "2026-01-25T00:00:00Z"),  # exported twice
        ("a8", 1, "2026-01-21T00:00:00Z"),
    ]  # a6 has no outcome yet
    return frames(tmp_path, preds, outs)


def only_row(report):
    assert len(report) == 1
    return report.iloc[0]


def test_latest_outcome_wins_and_duplicates_collapse(cohort):
    _, outcomes = cohort
    latest = latest_outcomes(outcomes, "2026-06-01")
    assert latest["application_id"].is_unique
    by_app = dict(zip(latest["application_id"], latest["outcome"]))
    assert by_app["a5"] == 0 and by_app["a7"] == 1
    assert "a6" not in by_app


def test_latest_outcome_as_of_a_past_date_ignores_later_reports(cohort):
    _, outcomes = cohort
    latest = latest_outcomes(outcomes, "2026-02-01")
    assert dict(zip(latest["application_id"], latest["outcome"]))["a5"] == 1


def test_mature_cohort_metrics_resolve_reversal_duplicate_and_unlabeled(cohort):
    row = only_row(weekly_report(*cohort, as_of="2026-06-01", threshold=0.5, maturity_days=30))
    # flagged: a1 (TP), a2 (FP), a5 (FP after the reversal), a8 (TP); a6 unlabeled, not a negative
    # missed defaults: a3, a7 (counted once)
    assert row["precision"] == pytest.approx(0.5)
    assert row["recall"] == pytest.approx(0.5)
    assert row["n"] == 8
    assert row["labeled"] == 7
    assert row["coverage"] == pytest.approx(7 / 8)
    assert bool(row["mature"]) is True


def test_the_report_for_a_past_date_is_reproducible(cohort):
    row = only_row(weekly_report(*cohort, as_of="2026-02-01", threshold=0.5, maturity_days=14))
    # on 2026-02-01 a5 was still a default: TP a1, a5, a8; FP a2; FN a3, a7
    assert row["precision"] == pytest.approx(0.75)
    assert row["recall"] == pytest.approx(0.6)


def test_a_cohort_too_young_to_report_is_pending_not_zero(cohort):
    row = only_row(weekly_report(*cohort, as_of="2026-01-09", threshold=0.5, maturity_days=30))
    assert bool(row["mature"]) is False
    assert row["precision"] is None or math.isnan(row["precision"])
    assert row["recall"] is None or math.isnan(row["recall"])
    assert row["n"] == 8 and row["labeled"] == 0


def test_model_versions_are_reported_separately(tmp_path):
    preds = [("b1", SCORED, 0.9, "v1"), ("b2", "2026-01-08T10:00:00Z", 0.9, "v2")]
    outs = [("b1", 1, "2026-01-10T00:00:00Z"), ("b2", 0, "2026-01-10T00:00:00Z")]
    report = weekly_report(*frames(tmp_path, preds, outs), as_of="2026-06-01", maturity_days=30)
    assert sorted(report["model_version"]) == ["v1", "v2"]
    prec = dict(zip(report["model_version"], report["precision"]))
    assert prec == {"v1": 1.0, "v2": 0.0}


def test_the_shipped_data():
    report = weekly_report(*load(DATA / "predictions.csv", DATA / "outcomes.csv"), as_of="2026-05-04")
    report["week"] = report["week"].astype(str).str[:10]
    assert set(report.loc[report["week"] == "2026-03-02", "model_version"]) == {"v1", "v2"}
    first = report[report["week"] == "2026-01-05"].iloc[0]
    last = report[report["week"] == "2026-04-27"].iloc[0]
    assert bool(first["mature"]) and not bool(last["mature"])
    assert last["coverage"] < 0.5
    mature = report[report["mature"].astype(bool)]
    assert (mature["coverage"] >= 0.8).all()
    assert report.loc[~report["mature"].astype(bool), "precision"].isna().all()
