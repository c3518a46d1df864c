"""Write data/preds.csv for coding-paired-bootstrap-compare.

Usage: python generate.py OUTDIR   (writes OUTDIR/data/preds.csv)

Standard library only, fixed seed, so the file is identical everywhere. Planted mess
(see interviewer/ANSWER_KEY.md): labels written as "1"/"0" or "True"/"False"; 37 rows with an
empty score_b; 6 customers exported twice with identical rows and 3 customers exported twice
after a re-score (same label, different scores).
"""
import csv
import math
import random
import sys
from pathlib import Path

SEED = 8000
N = 8000


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def main(outdir):
    rng = random.Random(SEED)
    rows = []
    for i in range(N):
        churn = rng.random() < 0.2
        signal = rng.gauss(0, 1) + (1.3 if churn else 0.0)
        a = sigmoid(signal + rng.gauss(0, 0.95) - 1.5)
        b = sigmoid(signal + rng.gauss(0, 0.81) - 1.5)
        if rng.random() < 0.5:
            label = "1" if churn else "0"
        else:
            label = "True" if churn else "False"
        rows.append([f"C{100000 + i}", label, f"{a:.5f}", f"{b:.5f}"])
    for i in rng.sample(range(N), 37):
        rows[i][3] = ""
    dupes = [list(rows[i]) for i in rng.sample(range(N), 6)]
    rescored = []
    for i in rng.sample(range(N), 3):
        r = list(rows[i])
        r[2] = f"{min(0.99999, float(r[2]) * 1.1):.5f}"
        if r[3]:
            r[3] = f"{min(0.99999, float(r[3]) * 0.9):.5f}"
        rescored.append(r)
    rows += dupes + rescored
    rng.shuffle(rows)
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "preds.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "label", "score_a", "score_b"])
        w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
