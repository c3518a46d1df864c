"""Weekly precision and recall of the loan-default model at the production threshold.

    python label_metrics.py data/predictions.csv data/outcomes.csv --as-of 2026-05-04

Reproducible for any past date: only outcomes reported at or before `as_of` are used, and for
each application the latest such outcome wins (a reversal replaces the first report; an exact
duplicate is the same report). Cohorts are ISO weeks (Monday 00:00 UTC) of `scored_at`, split by
`model_version`, so a mid-week model switch gives two rows for that week.

Maturity rule: a cohort is reported only when `as_of` is at least MATURITY_DAYS after the end
of its week. In the outcome data, about 95% of eventual labels arrive within 60 days of scoring
(70% within 30, the rest up to 90), so 60 days keeps the unlabeled share near 5%. Younger
cohorts are shown as pending with their label coverage, never with unlabeled rows counted as
negatives. Metrics of mature cohorts use labeled rows only; coverage is printed next to them.
"""
import argparse

import numpy as np
import pandas as pd

THRESHOLD = 0.5
MATURITY_DAYS = 60


def _utc(value):
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def load(predictions_path, outcomes_path):
    predictions = pd.read_csv(predictions_path, dtype={"application_id": str, "model_version": str})
    predictions["scored_at"] = pd.to_datetime(predictions["scored_at"], utc=True)
    outcomes = pd.read_csv(outcomes_path, dtype={"application_id": str})
    outcomes["reported_at"] = pd.to_datetime(outcomes["reported_at"], utc=True)
    return predictions, outcomes


def latest_outcomes(outcomes, as_of):
    """One row per application: its latest outcome reported at or before `as_of`."""
    cut = _utc(as_of)
    known = outcomes[pd.to_datetime(outcomes["reported_at"], utc=True) <= cut].copy()
    known["reported_at"] = pd.to_datetime(known["reported_at"], utc=True)
    known = known.sort_values(["application_id", "reported_at", "outcome"], kind="mergesort")
    return known.drop_duplicates("application_id", keep="last")[["application_id", "outcome", "reported_at"]]


def weekly_report(predictions, outcomes, as_of, threshold=THRESHOLD, maturity_days=MATURITY_DAYS):
    cut = _utc(as_of)
    preds = predictions.copy()
    preds["scored_at"] = pd.to_datetime(preds["scored_at"], utc=True)
    preds = preds[preds["scored_at"] <= cut]
    labels = latest_outcomes(outcomes, cut)[["application_id", "outcome"]]
    df = preds.merge(labels, on="application_id", how="left")
    df["flagged"] = df["score"] >= threshold
    df["week"] = (df["scored_at"].dt.tz_convert(None).dt.normalize()
                  - pd.to_timedelta(df["scored_at"].dt.day_of_week, unit="D"))
    rows = []
    for (week, version), g in df.groupby(["week", "model_version"], sort=True):
        labeled = g[g["outcome"].notna()]
        mature = cut >= (pd.Timestamp(week).tz_localize("UTC") + pd.Timedelta(days=7 + maturity_days))
        row = {"week": week.date().isoformat(), "model_version": version, "n": len(g),
               "labeled": len(labeled), "coverage": len(labeled) / len(g), "mature": bool(mature),
               "precision": np.nan, "recall": np.nan}
        if mature:
            y, f = labeled["outcome"] == 1, labeled["flagged"]
            tp, fp, fn = int((f & y).sum()), int((f & ~y).sum()), int((~f & y).sum())
            row["precision"] = tp / (tp + fp) if tp + fp else np.nan
            row["recall"] = tp / (tp + fn) if tp + fn else np.nan
        rows.append(row)
    return pd.DataFrame(rows, columns=["week", "model_version", "n", "labeled", "coverage", "mature",
                                       "precision", "recall"])


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("predictions")
    parser.add_argument("outcomes")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--maturity-days", type=int, default=MATURITY_DAYS)
    args = parser.parse_args(argv)
    report = weekly_report(*load(args.predictions, args.outcomes), as_of=args.as_of,
                           maturity_days=args.maturity_days)
    shown = report.astype({"precision": object, "recall": object})
    shown.loc[~shown["mature"], ["precision", "recall"]] = "pending"
    print(shown.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
