"""Regenerates candidate/data/predictions.csv (fixed seed). Not in the pack."""
import csv
import datetime as dt
import math
import random
from pathlib import Path

rng = random.Random(2026)
SEGMENTS = [("retail", 1500), ("smb", 1100), ("students", 700), ("enterprise", 44), ("public_sector", 31)]
START = dt.date(2026, 9, 1)
END = dt.date(2026, 11, 30)  # labels arrive after 14 days: nothing after Nov 16 is labelled yet
rows = []
for segment, n in SEGMENTS:
    for _ in range(n):
        version = rng.choice(["risk-2026.08", "risk-2026.10", "risk-2026.11"])
        day = START + dt.timedelta(days=rng.randint(0, (END - START).days))
        if version == "risk-2026.11" and day < dt.date(2026, 11, 1):
            day = dt.date(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 29))
        true_p = min(0.97, max(0.01, rng.betavariate(2, 6)))
        label = int(rng.random() < true_p)
        logit = math.log(true_p / (1 - true_p))
        if version == "risk-2026.08":      # well calibrated
            score = true_p
        elif version == "risk-2026.10":    # over-confident: pushes scores to the extremes
            score = 1 / (1 + math.exp(-1.8 * logit))
        else:                              # logged the raw logit by mistake
            score = logit
        if rng.random() < 0.012:
            score = float("nan")
        labelled = day <= END - dt.timedelta(days=14)
        rows.append({"scored_at": day.isoformat(), "segment": segment, "model_version": version,
                     "score": "" if math.isnan(score) else f"{score:.5f}", "label": label if labelled else ""})
rng.shuffle(rows)
with (Path(__file__).parent.parent / "candidate/data/predictions.csv").open("w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["scored_at", "score", "label", "segment", "model_version"])
    w.writeheader()
    w.writerows(rows)
