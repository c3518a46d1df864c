"""Daily drift and data-quality check: one day of serving logs against the training reference.

    python drift_job.py data/reference.csv data/serving 2026-03-14 > report.json

Per feature: null rate, share outside the training range (numeric), PSI (numeric and
categorical) and categories never seen in training. Alerts use THRESHOLDS below; each one is
explained where it is defined. An empty day and a feature missing from the logs are alerts of
their own, never "no drift".
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

NUMERIC = ["age", "income", "tenure_months"]
CATEGORICAL = ["device", "plan", "country"]
FLOOR = 1e-4  # share used for an empty bin, so the log stays finite

THRESHOLDS = {
    # 0.25 is the usual "significant shift" level; with 400 rows a day, sampling noise alone
    # gives PSI around 0.02-0.05 on deciles, so 0.1 would fire on noise some days.
    "psi": 0.25,
    # absolute increase over the reference null rate: a few points of extra nulls is a logging
    # or client problem worth a look, smaller wiggles are noise at 400 rows
    "null_rate_increase": 0.05,
    # training range is the model's experience; >2% of traffic outside it is worth knowing
    "out_of_range": 0.02,
    # share of traffic with a category the model never saw in training
    "unseen_share": 0.01,
}


def _shares(counts):
    total = counts.sum()
    shares = counts / total if total else np.zeros_like(counts, dtype=float)
    return np.maximum(shares, FLOOR)


def psi(ref, cur, kind="numeric", bins=10):
    """Population stability index of `cur` against `ref`, with bins fixed by the reference.

    numeric: edges at the reference's deciles (outer bins open-ended); categorical: the
    reference categories plus one bucket for anything unseen. Nulls are excluded (the null rate
    is reported separately). Empty bins are floored at FLOOR.
    """
    ref = pd.Series(ref).dropna()
    cur = pd.Series(cur).dropna()
    if len(ref) == 0 or len(cur) == 0:
        raise ValueError("PSI needs values on both sides")
    if kind == "numeric":
        ref, cur = ref.astype(float), cur.astype(float)
        inner = np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1]))
        edges = np.r_[-np.inf, inner, np.inf]
        ref_counts = np.histogram(ref, edges)[0].astype(float)
        cur_counts = np.histogram(cur, edges)[0].astype(float)
    else:
        ref, cur = ref.astype(str), cur.astype(str)
        cats = sorted(set(ref))
        ref_counts = np.array([(ref == c).sum() for c in cats] + [0], dtype=float)
        cur_counts = np.array([(cur == c).sum() for c in cats] + [(~cur.isin(cats)).sum()], dtype=float)
    p, q = _shares(ref_counts), _shares(cur_counts)
    return float(np.sum((q - p) * np.log(q / p)))


def _read(path):
    return pd.read_csv(path, dtype={c: str for c in CATEGORICAL})


def check_day(ref, cur, day):
    report = {"date": day, "rows": int(len(cur)), "features": {}, "alerts": []}
    alerts = report["alerts"]
    if len(cur) == 0:
        alerts.append({"feature": None, "kind": "empty_day", "value": 0,
                       "message": "no serving rows: outage or broken logging, not 'no drift'"})
        return report
    for col in NUMERIC + CATEGORICAL:
        if col not in cur.columns:
            alerts.append({"feature": col, "kind": "missing_feature", "value": None,
                           "message": f"{col} is not in the serving logs"})
            continue
        kind = "numeric" if col in NUMERIC else "categorical"
        null_rate = float(cur[col].isna().mean())
        ref_null = float(ref[col].isna().mean())
        stats = {"null_rate": null_rate, "reference_null_rate": ref_null}
        values = cur[col].dropna()
        stats["psi"] = psi(ref[col], values, kind) if len(values) else None
        if kind == "numeric":
            lo, hi = ref[col].min(), ref[col].max()
            stats["out_of_range_share"] = float(((values < lo) | (values > hi)).sum() / len(cur))
            if stats["out_of_range_share"] > THRESHOLDS["out_of_range"]:
                alerts.append({"feature": col, "kind": "out_of_range", "value": stats["out_of_range_share"],
                               "threshold": THRESHOLDS["out_of_range"]})
        else:
            unseen = values[~values.isin(set(ref[col].dropna()))]
            stats["unseen_categories"] = sorted(set(unseen))
            share = float(len(unseen) / len(cur))
            if share > THRESHOLDS["unseen_share"]:
                alerts.append({"feature": col, "kind": "unseen_category", "value": share,
                               "categories": stats["unseen_categories"], "threshold": THRESHOLDS["unseen_share"]})
        report["features"][col] = stats
        if null_rate - ref_null > THRESHOLDS["null_rate_increase"]:
            alerts.append({"feature": col, "kind": "null_rate", "value": null_rate,
                           "threshold": ref_null + THRESHOLDS["null_rate_increase"]})
        if stats["psi"] is not None and stats["psi"] > THRESHOLDS["psi"]:
            alerts.append({"feature": col, "kind": "psi", "value": stats["psi"], "threshold": THRESHOLDS["psi"]})
    return report


def run(reference_path, serving_dir, day):
    ref = _read(reference_path)
    path = Path(serving_dir) / f"{day}.csv"
    if not path.exists() or path.stat().st_size == 0:
        cur = pd.DataFrame(columns=ref.columns)
    else:
        cur = _read(path)
    return check_day(ref, cur, str(day))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    report = run(*argv[:3])
    print(json.dumps(report, indent=2, default=lambda v: None if isinstance(v, float) and math.isnan(v) else v))
    for a in report["alerts"]:
        print(f"ALERT {a['kind']} {a['feature'] or ''}: {a.get('message') or a['value']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
