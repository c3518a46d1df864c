"""Promotion gate: runs after the weekly retrain and decides promote, block or needs_review.

    python gate.py registry data/holdout.csv decision.json

Both models are scored here, in one process, on the identical holdout rows. Logged training
metrics are never compared: they come from different data and different code versions.

  - block        overall AUC drops by more than TOLERANCE, or any segment with at least
                 MIN_SEGMENT_ROWS rows drops by more than TOLERANCE, or the gate cannot evaluate
                 (holdout missing, empty, malformed, not newer than the candidate's training
                 data, a model that does not load). The gate fails CLOSED.
  - needs_review a segment smaller than MIN_SEGMENT_ROWS drops by more than TOLERANCE: too noisy
                 to block on, too important to ignore. A human decides.
  - promote      otherwise.
The decision record (JSON) carries the versions, the holdout, every metric and every reason.
"""
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sklearn.metrics import roc_auc_score

from registry_client import FEATURES, Registry, RegistryError

TOLERANCE = 0.02  # AUC points; week-to-week noise on a 400-row segment is about 0.01
MIN_SEGMENT_ROWS = 200  # below this, the AUC's standard error is above ~0.03
REQUIRED = FEATURES + ["churned", "segment", "observed_at"]


def _auc(y, p):
    return float(roc_auc_score(y, p)) if len(set(y)) == 2 else None


def _blocked(result, reason):
    result["decision"] = "block"
    result["reasons"].append(reason)
    return result


def decide(registry, name, holdout_path, tolerance=TOLERANCE, min_segment_rows=MIN_SEGMENT_ROWS):
    result = {"model": name, "decision": None, "reasons": [], "holdout": str(holdout_path),
              "tolerance": tolerance, "min_segment_rows": min_segment_rows}
    try:
        production, candidate = registry.production(name), registry.candidate(name)
    except (RegistryError, OSError, ValueError) as exc:
        return _blocked(result, f"registry unreadable: {exc}")
    result["production_version"], result["candidate_version"] = production["version"], candidate["version"]
    path = Path(holdout_path)
    if not path.exists():
        return _blocked(result, f"holdout {path} is missing: cannot evaluate, failing closed")
    try:
        holdout = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        return _blocked(result, f"holdout unreadable: {exc}")
    missing = [c for c in REQUIRED if c not in holdout.columns]
    if missing or holdout.empty:
        return _blocked(result, f"holdout unusable: empty or missing columns {missing}")
    first_seen = pd.to_datetime(holdout["observed_at"]).min()
    data_end = pd.Timestamp(candidate["training_data_end"])
    result["holdout_rows"], result["holdout_first_observed"] = len(holdout), str(first_seen.date())
    if first_seen <= data_end:
        return _blocked(result, f"holdout starts {first_seen.date()}, not after the candidate's training data "
                                f"(ends {data_end.date()}): stale or overlapping, failing closed")
    try:
        p_prod = registry.load(name, production["version"]).predict_proba(holdout[FEATURES])[:, 1]
        p_cand = registry.load(name, candidate["version"]).predict_proba(holdout[FEATURES])[:, 1]
    except Exception as exc:  # any failure to load or score means we cannot vouch for the model
        return _blocked(result, f"could not score both models: {type(exc).__name__}: {exc}")
    y = holdout["churned"].to_numpy()
    overall = {"production": _auc(y, p_prod), "candidate": _auc(y, p_cand)}
    result["overall_auc"] = overall
    if overall["candidate"] < overall["production"] - tolerance:
        result["reasons"].append(f"overall AUC {overall['candidate']:.3f} vs {overall['production']:.3f}")
    block, review, segments = [], [], {}
    for segment, idx in holdout.groupby("segment").groups.items():
        ys = y[holdout.index.get_indexer(idx)]
        rows = holdout.index.get_indexer(idx)
        prod_auc, cand_auc = _auc(ys, p_prod[rows]), _auc(ys, p_cand[rows])
        segments[segment] = {"rows": len(rows), "production": prod_auc, "candidate": cand_auc}
        if prod_auc is None or cand_auc is None:
            review.append(f"segment {segment}: one class only, AUC undefined")
            continue
        if cand_auc < prod_auc - tolerance:
            text = f"segment {segment} ({len(rows)} rows): AUC {cand_auc:.3f} vs {prod_auc:.3f}"
            (block if len(rows) >= min_segment_rows else review).append(text)
    result["segments"] = segments
    result["reasons"] += block + review
    if block or overall["candidate"] < overall["production"] - tolerance:
        result["decision"] = "block"
    elif review:
        result["decision"] = "needs_review"
    else:
        result["decision"] = "promote"
        result["reasons"].append(f"no regression beyond {tolerance} overall or in any segment")
    return result


def run_gate(registry, name, holdout_path, record_path):
    result = decide(registry, name, holdout_path)
    result["decided_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    Path(record_path).write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    outcome = run_gate(Registry(sys.argv[1]), "churn", sys.argv[2], sys.argv[3])
    print(outcome["decision"], "-", "; ".join(outcome["reasons"]))
    sys.exit(0 if outcome["decision"] == "promote" else 1)
