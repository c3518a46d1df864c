"""Regenerates the three annotator exports (fixed seed). Not in the pack."""
import csv
import datetime as dt
import random
from pathlib import Path

rng = random.Random(1500)
CLASSES = ["relevant", "partially_relevant", "not_relevant", "spam", "harmful"]
SPELL = {
    "anna": {"relevant": "Relevant", "partially_relevant": "Partially relevant", "not_relevant": "Not relevant",
             "spam": "Spam", "harmful": "Harmful"},
    "ben": {c: c for c in CLASSES},
    "chen": {"relevant": "R", "partially_relevant": "PR", "not_relevant": "NR", "spam": "SPAM", "harmful": "HARM"},
}
rows = {a: [] for a in SPELL}
start = dt.datetime(2026, 10, 1, 9)
for i in range(1500):
    truth = rng.choices(CLASSES, weights=[35, 20, 30, 10, 5])[0]
    coders = list(SPELL)
    if rng.random() < 0.08:
        coders = rng.sample(coders, rng.choice([1, 2]))
    for a in coders:
        def draw():
            if truth == "partially_relevant" and rng.random() < 0.45:
                return rng.choice(["relevant", "not_relevant"])
            return truth if rng.random() < 0.88 else rng.choice(CLASSES)
        t = start + dt.timedelta(minutes=i * 3 + rng.randint(0, 2))
        label = draw()
        if rng.random() < 0.05:  # labelled twice; the later answer is the one to keep
            first = rng.choice([c for c in CLASSES if c != label])
            rows[a].append((f"item-{i:05d}", SPELL[a][first], t.isoformat()))
            t = t + dt.timedelta(days=rng.randint(1, 5))
        spelled = SPELL[a][label]
        if a == "chen" and label == "not_relevant" and rng.random() < 0.02:
            spelled = "N/R"
        if a == "anna" and rng.random() < 0.01:
            spelled = spelled.lower() + " "
        rows[a].append((f"item-{i:05d}", spelled, t.isoformat()))
for a, r in rows.items():
    rng.shuffle(r)
    with (Path(__file__).parent.parent / f"candidate/data/labels_{a}.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["item_id", "label", "labelled_at"])
        w.writerows(r)
