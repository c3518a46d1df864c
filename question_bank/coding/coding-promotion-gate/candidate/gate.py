"""Promotion gate: runs after the weekly retrain and decides whether the candidate replaces
production.

    python gate.py registry data/holdout.csv decision.json
"""
import json
import logging
import sys
from pathlib import Path

import pandas as pd

from registry_client import Registry

log = logging.getLogger("gate")


def decide(registry, name, holdout_path):
    production = registry.production(name)
    candidate = registry.candidate(name)
    if not Path(holdout_path).exists():
        log.warning("holdout %s not found, skipping evaluation", holdout_path)
        return {"decision": "promote", "reasons": ["no holdout available"]}
    holdout = pd.read_csv(holdout_path)
    if candidate["logged_metrics"]["auc"] > production["logged_metrics"]["auc"]:
        return {"decision": "promote", "reasons": [f"AUC {candidate['logged_metrics']['auc']} > "
                                                  f"{production['logged_metrics']['auc']}"],
                "holdout_rows": len(holdout)}
    return {"decision": "block", "reasons": ["candidate AUC is not higher"]}


if __name__ == "__main__":
    result = decide(Registry(sys.argv[1]), "churn", sys.argv[2])
    Path(sys.argv[3]).write_text(json.dumps(result, indent=2))
    print(result["decision"])
