"""Calibration report for the risk model (the pricing team uses scores as probabilities).

Usage: python calibration.py data/predictions.csv
"""
import sys

import numpy as np
import pandas as pd


def load_predictions(path):
    return pd.read_csv(path)


def brier_score(scores, labels):
    scores, labels = np.asarray(scores, float), np.asarray(labels, float)
    return float(np.mean((scores - labels) ** 2))


def reliability_table(scores, labels, n_bins=10):
    """Equal-width bins over [0, 1]: one row per non-empty bin."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.digitize(scores, edges[1:-1])
    rows = []
    for b in range(n_bins):
        mask = idx == b
        if mask.any():
            rows.append({"bin_lower": edges[b], "bin_upper": edges[b + 1], "n": int(mask.sum()),
                         "mean_score": float(scores[mask].mean()), "observed_rate": float(labels[mask].mean())})
    return pd.DataFrame(rows)


def expected_calibration_error(scores, labels, n_bins=10):
    table = reliability_table(scores, labels, n_bins)
    return float(np.mean(np.abs(table["mean_score"] - table["observed_rate"])))


def calibration_report(df, min_rows=50):
    """One row per (segment, model_version)."""
    df = df.dropna().copy()
    df["score"] = df["score"].clip(0, 1)  # a few scores are slightly out of range
    rows = []
    for (segment, version), g in df.groupby(["segment", "model_version"]):
        rows.append({"segment": segment, "model_version": version, "n": len(g),
                     "ece": expected_calibration_error(g["score"], g["label"]),
                     "brier": brier_score(g["score"], g["label"])})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    pd.set_option("display.width", 140)
    print(calibration_report(load_predictions(sys.argv[1])).to_string(index=False))
