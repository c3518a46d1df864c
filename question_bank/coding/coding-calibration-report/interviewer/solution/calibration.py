"""Calibration report for the risk model (reference solution).

Usage: python calibration.py data/predictions.csv

Rules, applied per model version before any metric:
- Scores must be probabilities. A model version with any score outside [0, 1] logged raw
  logits (checked: its scores are symmetric around 0 and unbounded); all of its scores are
  converted with the logistic function and the report says so. The metric functions
  themselves refuse out-of-range scores instead of clipping.
- Rows with a missing score are excluded and counted (n_missing_score).
- Rows without a label yet (labels arrive ~14 days late) are excluded and counted
  (n_unlabeled); they are never treated as negatives.
- A group with fewer than `min_rows` labelled rows is reported with a bootstrap interval for
  ECE and reliable=False, so nobody prices on it.
ECE uses equal-width bins by default and weights each bin by its share of rows;
`strategy="quantile"` gives equal-count bins.
"""
import sys

import numpy as np
import pandas as pd


def load_predictions(path):
    df = pd.read_csv(path)
    df["score"] = pd.to_numeric(df["score"], errors="coerce")
    df["label"] = pd.to_numeric(df["label"], errors="coerce")
    return df


def _check(scores, labels):
    scores, labels = np.asarray(scores, float), np.asarray(labels, float)
    if scores.shape != labels.shape or scores.size == 0:
        raise ValueError("scores and labels must be non-empty and the same length")
    if np.isnan(scores).any() or np.isnan(labels).any():
        raise ValueError("drop missing scores/labels before computing metrics")
    if (scores < 0).any() or (scores > 1).any():
        raise ValueError("scores must be probabilities in [0, 1]; convert logits first")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return scores, labels


def brier_score(scores, labels):
    scores, labels = _check(scores, labels)
    return float(np.mean((scores - labels) ** 2))


def _edges(scores, n_bins, strategy):
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    if strategy == "quantile":
        edges = np.unique(np.quantile(scores, np.linspace(0, 1, n_bins + 1)))
        edges[0], edges[-1] = 0.0, 1.0
        return edges
    raise ValueError(f"unknown strategy {strategy!r}")


def reliability_table(scores, labels, n_bins=10, strategy="uniform"):
    scores, labels = _check(scores, labels)
    edges = _edges(scores, n_bins, strategy)
    idx = np.clip(np.searchsorted(edges, scores, side="right") - 1, 0, len(edges) - 2)
    rows = []
    for b in range(len(edges) - 1):
        mask = idx == b
        if mask.any():
            rows.append({"bin_lower": float(edges[b]), "bin_upper": float(edges[b + 1]), "n": int(mask.sum()),
                         "mean_score": float(scores[mask].mean()), "observed_rate": float(labels[mask].mean())})
    return pd.DataFrame(rows)


def expected_calibration_error(scores, labels, n_bins=10, strategy="uniform"):
    table = reliability_table(scores, labels, n_bins, strategy)
    weights = table["n"] / table["n"].sum()
    return float((weights * (table["mean_score"] - table["observed_rate"]).abs()).sum())


def _bootstrap_ece(scores, labels, n_boot=200, seed=0):
    rng = np.random.default_rng(seed)
    n = len(scores)
    draws = [expected_calibration_error(scores[i], labels[i]) for i in (rng.integers(0, n, n) for _ in range(n_boot))]
    return tuple(float(x) for x in np.quantile(draws, [0.05, 0.95]))


def normalise_scores(df):
    """Returns (df with probability scores, {model_version: note})."""
    df = df.copy()
    notes = {}
    for version, g in df.groupby("model_version"):
        s = g["score"].dropna()
        if ((s < 0) | (s > 1)).any():
            df.loc[g.index, "score"] = 1 / (1 + np.exp(-g["score"]))
            notes[version] = (f"{int(((s < 0) | (s > 1)).sum())} of {len(s)} scores outside [0, 1]: "
                              "treated as logits and converted with the logistic function")
    return df, notes


def calibration_report(df, min_rows=50):
    df, notes = normalise_scores(df)
    rows = []
    for (segment, version), g in df.groupby(["segment", "model_version"]):
        missing_score = g["score"].isna()
        unlabeled = g["label"].isna() & ~missing_score
        used = g[~missing_score & ~g["label"].isna()]
        row = {"segment": segment, "model_version": version, "n": len(used),
               "n_missing_score": int(missing_score.sum()), "n_unlabeled": int(unlabeled.sum()),
               "ece": np.nan, "ece_90_low": np.nan, "ece_90_high": np.nan, "brier": np.nan,
               "reliable": False, "notes": notes.get(version, "")}
        if len(used):
            s, y = used["score"].to_numpy(float), used["label"].to_numpy(float)
            row["ece"] = expected_calibration_error(s, y)
            row["brier"] = brier_score(s, y)
            row["ece_90_low"], row["ece_90_high"] = _bootstrap_ece(s, y)
        if len(used) < min_rows:
            row["notes"] = (row["notes"] + "; " if row["notes"] else "") + (
                f"only {len(used)} labelled rows (< {min_rows}): do not act on these numbers")
        else:
            row["reliable"] = True
        rows.append(row)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 80)
    print(calibration_report(load_predictions(sys.argv[1])).round(4).to_string(index=False))
