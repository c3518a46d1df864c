"""Rank sweep configurations by validation accuracy (reference solution).

    python aggregate.py data/sweep [--min-seeds 3]

Run status:
- invalid: metrics.json missing, not valid JSON (truncated upload), or without a config, a seed
  or a known accuracy metric;
- crashed: valid JSON but not finished (`finished` is not true or `step` < `max_steps`);
- complete: otherwise.
Metric names go through METRIC_ALIASES (old runs wrote `val_acc`, new ones `val/accuracy`).
Reruns: complete runs with the same config hash (config without the seed, key order ignored)
and the same seed are one seed; the latest `started_at` wins.
Per config: number of seeds, mean and sample standard deviation (n-1) of the seeds. Configs
with fewer than `min_seeds` seeds are listed but not ranked. Ranked configs whose mean +- std
intervals overlap the next one are marked `separable_from_next = False`.
"""
import argparse
import hashlib
import json
import math
import os
import sys
from collections import defaultdict

METRIC_ALIASES = {"val_acc": "val/accuracy", "val/accuracy": "val/accuracy"}


def config_hash(config):
    without_seed = {k: v for k, v in config.items() if k != "seed"}
    return hashlib.sha256(json.dumps(without_seed, sort_keys=True).encode()).hexdigest()[:12]


def _accuracy(metrics):
    found = {METRIC_ALIASES[k]: v for k, v in metrics.items() if k in METRIC_ALIASES}
    return found.get("val/accuracy")


def classify(path):
    run_id = os.path.basename(os.path.dirname(path))
    base = {"run_id": run_id, "path": path, "config": None, "config_hash": None, "seed": None,
            "val_accuracy": None, "started_at": None}
    try:
        with open(path) as f:
            m = json.load(f)
    except FileNotFoundError:
        return {**base, "status": "invalid", "reason": "no metrics.json"}
    except json.JSONDecodeError as exc:
        return {**base, "status": "invalid", "reason": f"truncated or invalid JSON ({exc.msg})"}
    config = m.get("config")
    if not isinstance(config, dict) or "seed" not in config:
        return {**base, "status": "invalid", "reason": "no config or no seed"}
    acc = _accuracy(m.get("metrics") or {})
    run = {**base, "run_id": m.get("run_id", run_id), "config": config, "config_hash": config_hash(config),
           "seed": config["seed"], "val_accuracy": acc, "started_at": m.get("started_at")}
    if acc is None:
        return {**run, "status": "invalid", "reason": "no validation accuracy"}
    if m.get("finished") is not True or m.get("step", 0) < m.get("max_steps", math.inf):
        return {**run, "status": "crashed", "reason": f"stopped at step {m.get('step')} of {m.get('max_steps')}"}
    return {**run, "status": "complete", "reason": ""}


def load_runs(root):
    paths = sorted(os.path.join(root, d, "metrics.json") for d in os.listdir(root)
                   if os.path.isdir(os.path.join(root, d)))
    return [classify(p) for p in paths]


def summarize(runs, min_seeds=3):
    latest = {}
    for r in runs:
        if r["status"] != "complete":
            continue
        key = (r["config_hash"], r["seed"])
        if key not in latest or (r["started_at"] or "") > (latest[key]["started_at"] or ""):
            latest[key] = r
    by_config = defaultdict(list)
    for r in latest.values():
        by_config[r["config_hash"]].append(r)
    rows = []
    for h, rs in by_config.items():
        values = [r["val_accuracy"] for r in rs]
        n = len(values)
        mean = sum(values) / n
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else float("nan")
        rows.append({"config_hash": h, "config": {k: v for k, v in rs[0]["config"].items() if k != "seed"},
                     "n_seeds": n, "seeds": sorted(r["seed"] for r in rs), "mean": mean, "std": std,
                     "rank": None, "separable_from_next": None})
    ranked = sorted((r for r in rows if r["n_seeds"] >= min_seeds), key=lambda r: -r["mean"])
    for i, r in enumerate(ranked):
        r["rank"] = i + 1
        if i + 1 < len(ranked):
            nxt = ranked[i + 1]
            r["separable_from_next"] = r["mean"] - r["std"] > nxt["mean"] + nxt["std"]
    unranked = sorted((r for r in rows if r["n_seeds"] < min_seeds), key=lambda r: -r["n_seeds"])
    return ranked + unranked


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("--min-seeds", type=int, default=3)
    args = p.parse_args(argv)
    runs = load_runs(args.root)
    for status in ("complete", "crashed", "invalid"):
        chosen = [r for r in runs if r["status"] == status]
        print(f"{status}: {len(chosen)}" + "".join(f"\n   {r['run_id']}: {r['reason']}" for r in chosen if r["reason"]))
    for row in summarize(runs, args.min_seeds):
        where = f"#{row['rank']}" if row["rank"] else "unranked (too few seeds)"
        sep = "" if row["separable_from_next"] is not False else "  ~ not separable from the next"
        print(f"{where:<26} mean {row['mean']:.4f} +- {row['std']:.4f}  seeds {row['n_seeds']}  {row['config']}{sep}")


if __name__ == "__main__":
    sys.exit(main())
