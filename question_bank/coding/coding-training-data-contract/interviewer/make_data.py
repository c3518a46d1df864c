"""Regenerates the three fixture weeks and the run history (fixed seed). Not in the pack."""
import csv
import json
import random
from pathlib import Path

OUT = Path(__file__).parent.parent / "candidate/data"


def week(seed, n, label_rate, zero_labels=False):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        tenure = rng.randint(0, 96)
        spend = round(rng.lognormvariate(3.6, 0.5), 2)
        tickets = min(40, int(rng.expovariate(0.6)))
        p = label_rate / 0.81 * (2.2 if tickets > 3 else 0.7) * (1.5 if tenure < 12 else 0.9)
        rows.append({
            "customer_id": f"C{seed}{i:06d}",
            "signup_date": f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "tenure_months": tenure,
            "monthly_spend": "" if rng.random() < 0.006 else spend,
            "plan": rng.choice(["basic", "basic", "plus", "pro"]),
            "support_tickets_90d": tickets,
            "churned": 0 if zero_labels else int(rng.random() < p),
        })
    return rows


def write(name, rows):
    with (OUT / name).open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


write("week_2026-48_good.csv", week(48, 1512, 0.062))
# the upstream join to the billing table became an inner join: 40% of customers disappeared
write("week_2026-46_join_dropped.csv", [r for i, r in enumerate(week(50, 1512, 0.062)) if i % 5 not in (1, 3)])
# the upstream label job changed its output column type; the loader read every label as 0
write("week_2026-47_labels_zero.csv", week(47, 1498, 0.062, zero_labels=True))
history = [{"week": f"2026-{w}", "rows": r, "label_rate": lr} for w, r, lr in zip(
    range(38, 46), [1480, 1497, 1521, 1503, 1539, 1490, 1512, 1506],
    [0.058, 0.061, 0.066, 0.071, 0.064, 0.059, 0.062, 0.060])]
(OUT / "run_history.json").write_text(json.dumps(history, indent=1) + "\n")
