"""Daily drift check: compare one day of serving logs with the training reference.

    python drift_job.py data/reference.csv data/serving 2026-03-14 > report.json
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

NUMERIC = ["age", "income", "tenure_months"]
CATEGORICAL = ["device", "plan", "country"]
THRESHOLD = 0.1


def psi(ref, cur, kind="numeric", bins=10):
    ref, cur = pd.Series(ref).dropna(), pd.Series(cur).dropna()
    if kind == "numeric":
        edges = np.unique(np.quantile(cur, np.linspace(0, 1, bins + 1)))
        ref_share = np.histogram(ref, edges)[0] / len(ref)
        cur_share = np.histogram(cur, edges)[0] / len(cur)
    else:
        cats = sorted(set(ref) | set(cur))
        ref_share = np.array([(ref == c).mean() for c in cats])
        cur_share = np.array([(cur == c).mean() for c in cats])
    ref_share = np.where(ref_share == 0, 1e-4, ref_share)
    cur_share = np.where(cur_share == 0, 1e-4, cur_share)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


def run(reference_path, serving_dir, day):
    ref = pd.read_csv(reference_path)
    cur = pd.read_csv(Path(serving_dir) / f"{day}.csv")
    cur = cur.replace("UNKNOWN", np.nan)
    features, alerts = {}, []
    for col in NUMERIC + CATEGORICAL:
        if col not in cur:
            continue
        kind = "numeric" if col in NUMERIC else "categorical"
        stats = {"null_rate": float(cur[col].isna().mean()), "psi": psi(ref[col], cur[col], kind)}
        if kind == "numeric":
            lo, hi = ref[col].min(), ref[col].max()
            stats["out_of_range_share"] = float(((cur[col] < lo) | (cur[col] > hi)).mean())
        features[col] = stats
        if stats["psi"] > THRESHOLD:
            alerts.append({"feature": col, "kind": "psi", "value": stats["psi"], "threshold": THRESHOLD})
    return {"date": day, "rows": len(cur), "features": features, "alerts": alerts}


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:4]), indent=2))
