"""Compare churn model A and model B on the shared holdout with a paired bootstrap.

    python compare.py data/preds.csv [--n-boot 2000] [--seed 0]

Cleaning rules, applied to both models alike and reported:
  - labels: "1"/"true" -> 1 and "0"/"false" -> 0 (case and spaces ignored); anything else
    stops the run, because an unknown label means the export is broken;
  - exact duplicate rows are dropped (the same customer exported twice);
  - a customer with two different rows (re-scored) is dropped entirely: we cannot tell which
    score the model produced for the evaluation;
  - a row missing either score is dropped for BOTH models, so both AUCs use the same customers.

Bootstrap: each draw resamples customer rows once (as counts) and computes both AUCs on that
same draw, so the difference keeps the pairing. Draws with one class only are skipped and
counted.
"""
import argparse
import sys

import numpy as np
import pandas as pd

LABELS = {"1": 1, "true": 1, "0": 0, "false": 0}


def _weighted_auc(labels, scores, weights):
    """AUC for each row of `weights` (k, n): counts of each example in a resample. Ties count 1/2."""
    order = np.argsort(scores, kind="mergesort")
    s, y, w = scores[order], labels[order], weights[:, order]
    pos, neg = w * y, w * (1 - y)
    ends = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # last index of each tied group
    starts = np.r_[0, ends[:-1] + 1]
    cum_neg = np.cumsum(neg, axis=1)
    cum_pos = np.cumsum(pos, axis=1)
    neg_upto = cum_neg[:, ends]
    neg_before = np.where(starts > 0, cum_neg[:, np.maximum(starts - 1, 0)], 0.0)
    pos_in_group = cum_pos[:, ends] - np.where(starts > 0, cum_pos[:, np.maximum(starts - 1, 0)], 0.0)
    neg_in_group = neg_upto - neg_before
    n_pos, n_neg = pos.sum(axis=1), neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (pos_in_group * (neg_before + 0.5 * neg_in_group)).sum(axis=1) / (n_pos * n_neg)


def auc(labels, scores):
    labels, scores = np.asarray(labels, dtype=float), np.asarray(scores, dtype=float)
    if labels.min() == labels.max():
        raise ValueError("AUC needs both classes")
    return float(_weighted_auc(labels, scores, np.ones((1, len(labels))))[0])


def paired_bootstrap_auc_diff(labels, score_a, score_b, n_boot=2000, seed=0, alpha=0.05):
    """AUC(B) - AUC(A) with a paired percentile bootstrap interval."""
    y = np.asarray(labels, dtype=float)
    a, b = np.asarray(score_a, dtype=float), np.asarray(score_b, dtype=float)
    if not (len(y) == len(a) == len(b)):
        raise ValueError("labels and scores must have the same length")
    if np.isnan(a).any() or np.isnan(b).any():
        raise ValueError("scores contain NaN; clean them for both models first")
    diff = auc(y, b) - auc(y, a)
    rng = np.random.default_rng(seed)
    diffs = []
    for start in range(0, n_boot, 250):
        k = min(250, n_boot - start)
        counts = rng.multinomial(len(y), np.full(len(y), 1 / len(y)), size=k).astype(float)
        d = _weighted_auc(y, b, counts) - _weighted_auc(y, a, counts)
        diffs.append(d[np.isfinite(d)])
    diffs = np.concatenate(diffs)
    skipped = n_boot - len(diffs)
    if len(diffs) < n_boot / 2:
        raise ValueError(f"{skipped} of {n_boot} resamples had one class only; too few positives")
    lo, hi = np.quantile(diffs, [alpha / 2, 1 - alpha / 2])
    return {"diff": diff, "lo": float(lo), "hi": float(hi), "skipped": int(skipped)}


def clean(df):
    dropped = {}
    raw = df["label"].astype(str).str.strip().str.lower()
    bad = sorted(set(raw[~raw.isin(LABELS)]))
    if bad:
        raise ValueError(f"unknown label values: {bad}")
    df = df.assign(label=raw.map(LABELS))
    before = len(df)
    df = df.drop_duplicates()
    dropped["exact_duplicate"] = before - len(df)
    conflicted = df["customer_id"].duplicated(keep=False)
    dropped["conflicting_duplicate"] = int(conflicted.sum())
    df = df[~conflicted]
    missing = df["score_a"].isna() | df["score_b"].isna()
    dropped["missing_score"] = int(missing.sum())
    return df[~missing], dropped


def compare_file(path, n_boot=2000, seed=0):
    df = pd.read_csv(path, dtype={"customer_id": str, "label": str})
    df, dropped = clean(df)
    result = paired_bootstrap_auc_diff(df["label"], df["score_a"], df["score_b"], n_boot, seed)
    return {**result, "n_rows": len(df), "dropped": dropped,
            "auc_a": auc(df["label"], df["score_a"]), "auc_b": auc(df["label"], df["score_b"])}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--n-boot", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        r = compare_file(args.path, args.n_boot, args.seed)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"rows used: {r['n_rows']}   dropped: {r['dropped']}")
    print(f"AUC A {r['auc_a']:.4f}   AUC B {r['auc_b']:.4f}")
    print(f"B - A = {r['diff']:+.4f}   95% paired bootstrap CI [{r['lo']:+.4f}, {r['hi']:+.4f}]"
          f"   ({r['skipped']} single-class resamples skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
