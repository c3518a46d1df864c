"""Weekly precision and recall of the loan-default model at the production threshold.

    python label_metrics.py data/predictions.csv data/outcomes.csv --as-of 2026-05-04
"""
import argparse

import pandas as pd

THRESHOLD = 0.5


def load(predictions_path, outcomes_path):
    predictions = pd.read_csv(predictions_path, parse_dates=["scored_at"])
    outcomes = pd.read_csv(outcomes_path, parse_dates=["reported_at"])
    return predictions, outcomes


def weekly_report(predictions, outcomes, as_of, threshold=THRESHOLD):
    labels = outcomes.drop_duplicates("application_id")
    df = predictions.merge(labels, on="application_id", how="left")
    df["outcome"] = df["outcome"].fillna(0)
    df["flagged"] = df["score"] >= threshold
    df["week"] = df["scored_at"].dt.tz_convert(None).dt.to_period("W-SUN").dt.start_time
    rows = []
    for week, g in df.groupby("week"):
        tp = int((g["flagged"] & (g["outcome"] == 1)).sum())
        fp = int((g["flagged"] & (g["outcome"] == 0)).sum())
        fn = int((~g["flagged"] & (g["outcome"] == 1)).sum())
        rows.append({
            "week": week,
            "n": len(g),
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
        })
    return pd.DataFrame(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("predictions")
    parser.add_argument("outcomes")
    parser.add_argument("--as-of", required=True)
    args = parser.parse_args()
    report = weekly_report(*load(args.predictions, args.outcomes), as_of=args.as_of)
    print(report.to_string(index=False))
