"""Write the reference sample and 14 daily serving logs for coding-drift-monitor-job.

Usage: python generate.py OUTDIR   (writes OUTDIR/data/reference.csv and OUTDIR/data/serving/*.csv)

Standard library only, fixed seed. Planted (see interviewer/ANSWER_KEY.md):
  - 2026-03-05 is empty (header only) after an outage;
  - `income` is missing from the logs from 2026-03-08 to 2026-03-14 (a logging change);
  - from 2026-03-10 the client sends device "UNKNOWN" instead of an empty value;
  - from 2026-03-12 a campaign brings much younger users: `age` really drifts;
  - about 3% of `tenure_months` are empty every day, as in training.
"""
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

SEED = 1405
COLUMNS = ["age", "income", "tenure_months", "device", "plan", "country"]


def row(rng, day=None):
    young = day is not None and day >= date(2026, 3, 12)
    age = rng.gauss(29 if young else 41, 6 if young else 11)
    income = rng.lognormvariate(10.6, 0.5)
    tenure = "" if rng.random() < 0.03 else str(max(0, int(rng.expovariate(1 / 20))))
    device = rng.choices(["ios", "android", "web", ""], [45, 40, 13, 2])[0]
    if day is not None and day >= date(2026, 3, 10) and device == "":
        device = "UNKNOWN"
    if day is not None and day >= date(2026, 3, 10) and rng.random() < 0.06:
        device = "UNKNOWN"
    plan = rng.choices(["basic", "plus", "pro"], [60, 30, 10])[0]
    country = rng.choices(["DE", "FR", "ES", "IT", "NL"], [35, 25, 15, 15, 10])[0]
    return {"age": f"{min(max(age, 18), 90):.0f}", "income": f"{income:.0f}", "tenure_months": tenure,
            "device": device, "plan": plan, "country": country}


def write(path, columns, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def main(outdir):
    rng = random.Random(SEED)
    data = Path(outdir) / "data"
    (data / "serving").mkdir(parents=True, exist_ok=True)
    write(data / "reference.csv", COLUMNS, [row(rng) for _ in range(3000)])
    for i in range(14):
        day = date(2026, 3, 1) + timedelta(days=i)
        columns = [c for c in COLUMNS if not (c == "income" and day >= date(2026, 3, 8))]
        rows = [] if day == date(2026, 3, 5) else [row(rng, day) for _ in range(400)]
        write(data / "serving" / f"{day.isoformat()}.csv", ["request_id"] + columns,
              [{"request_id": f"{day:%m%d}-{j}", **r} for j, r in enumerate(rows)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
