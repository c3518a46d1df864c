"""Write data/predictions.csv and data/outcomes.csv for coding-late-label-metrics.

Usage: python generate.py OUTDIR

Standard library only, fixed seed. 17 weekly cohorts of loan applications scored from
2026-01-05; model v2 replaced v1 on Wednesday 2026-03-04 at 12:00 UTC. Outcomes (1 = default)
arrive late: most within 30 days, some 30-90 days, a few never. Planted: 3% of outcomes are
reversed later (a second row with the other value), 2% of outcome rows are exported twice.
The outcome table is as exported on 2026-05-04 00:00 UTC: nothing reported later is in it.
"""
import csv
import math
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 9030
START = datetime(2026, 1, 5, tzinfo=timezone.utc)
SWITCH = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)
WEEKS = 17
PER_WEEK = 120
EXPORTED = datetime(2026, 5, 4, tzinfo=timezone.utc)  # the outcome table as exported that morning


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(outdir):
    rng = random.Random(SEED)
    preds, outcomes = [], []
    n = 0
    for w in range(WEEKS):
        for _ in range(PER_WEEK):
            n += 1
            app = f"APP{n:06d}"
            scored = START + timedelta(weeks=w, seconds=rng.uniform(0, 7 * 86400 - 1))
            version = "v2" if scored >= SWITCH else "v1"
            bad = rng.random() < 0.15
            z = rng.gauss(1.4 if bad else -1.0, 1.0 if version == "v1" else 0.85)
            score = 1 / (1 + math.exp(-z))
            preds.append((app, iso(scored), f"{score:.4f}", version))
            r = rng.random()
            if r < 0.04:
                continue  # withdrawn: never gets an outcome
            if r < 0.70:
                delay = min(rng.expovariate(1 / 12), 30)
            elif r < 0.95:
                delay = rng.uniform(30, 60)
            else:
                delay = rng.uniform(60, 90)
            reported = scored + timedelta(days=delay)
            outcomes.append((app, int(bad), iso(reported)))
            if rng.random() < 0.03:
                outcomes.append((app, int(not bad), iso(reported + timedelta(days=rng.uniform(5, 40)))))
            if rng.random() < 0.02:
                outcomes.append((app, int(bad), iso(reported)))
    outcomes = [o for o in outcomes if o[2] < iso(EXPORTED)]
    rng.shuffle(outcomes)
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "predictions.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application_id", "scored_at", "score", "model_version"])
        w.writerows(preds)
    with open(data / "outcomes.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application_id", "outcome", "reported_at"])
        w.writerows(outcomes)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
