"""Compare churn model A and model B on the shared holdout.

    python compare.py data/preds.csv
"""
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score


def load_preds(path):
    df = pd.read_csv(path)
    df["label"] = (df["label"] == "1").astype(int)
    return df


def bootstrap_auc(labels, scores, n_boot=1000, seed=0):
    """95% bootstrap interval for one model's AUC."""
    labels, scores = np.asarray(labels), np.asarray(scores)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(labels), len(labels))
        aucs.append(roc_auc_score(labels[idx], scores[idx]))
    return np.percentile(aucs, [2.5, 97.5])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    df = load_preds(argv[0])
    auc_a = roc_auc_score(df["label"], df["score_a"])
    has_b = df.dropna(subset=["score_b"])
    auc_b = roc_auc_score(has_b["label"], has_b["score_b"])
    ci_a = bootstrap_auc(df["label"], df["score_a"], seed=1)
    ci_b = bootstrap_auc(has_b["label"], has_b["score_b"], seed=2)
    print(f"model A: AUC {auc_a:.4f}  95% CI [{ci_a[0]:.4f}, {ci_a[1]:.4f}]")
    print(f"model B: AUC {auc_b:.4f}  95% CI [{ci_b[0]:.4f}, {ci_b[1]:.4f}]")
    print(f"B - A = {auc_b - auc_a:+.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
