import pandas as pd

from label_metrics import latest_outcomes, weekly_report


def outcomes(rows):
    df = pd.DataFrame(rows, columns=["application_id", "outcome", "reported_at"])
    df["reported_at"] = pd.to_datetime(df["reported_at"], utc=True)
    return df


def test_reversal_and_duplicate():
    o = outcomes([("x", 1, "2026-01-02"), ("x", 0, "2026-01-09"), ("y", 1, "2026-01-02"), ("y", 1, "2026-01-02")])
    assert dict(zip(*latest_outcomes(o, "2026-01-10")[["application_id", "outcome"]].T.values)) == {"x": 0, "y": 1}
    assert dict(zip(*latest_outcomes(o, "2026-01-05")[["application_id", "outcome"]].T.values)) == {"x": 1, "y": 1}


def test_young_cohort_pending():
    p = pd.DataFrame({"application_id": ["x"], "scored_at": pd.to_datetime(["2026-01-06"], utc=True),
                      "score": [0.9], "model_version": ["v1"]})
    row = weekly_report(p, outcomes([]), as_of="2026-01-20").iloc[0]
    assert not row["mature"] and pd.isna(row["precision"])
