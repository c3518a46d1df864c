"""Regenerates candidate/data/churn_features_v3.csv (fixed seed, stdlib only). Not in the pack."""
import csv
import math
import random
from pathlib import Path

rng = random.Random(3)
w = [rng.uniform(-1.5, 1.5) for _ in range(8)]
with (Path(__file__).parent.parent / "candidate/data/churn_features_v3.csv").open("w", newline="") as f:
    out = csv.writer(f)
    out.writerow([f"x{i}" for i in range(8)] + ["label"])
    for _ in range(1200):
        x = [rng.gauss(0, 1) for _ in range(8)]
        z = sum(a * b for a, b in zip(w, x)) + 0.8 * x[0] * x[1] - 0.6 * x[2] ** 2 + 0.5
        out.writerow([f"{v:.4f}" for v in x] + [int(rng.random() < 1 / (1 + math.exp(-z)))])
