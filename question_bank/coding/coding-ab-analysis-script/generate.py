"""Write data/assignments.csv and data/events.csv for coding-ab-analysis-script.

Usage: python generate.py OUTDIR   (writes OUTDIR/data/...)

Uses only the standard library's random.Random with a fixed seed, so the files are the same
on every machine and Python 3.x version. The planted mess (see interviewer/ANSWER_KEY.md):
  - 2% of users reinstalled the app and were assigned again, to the other arm;
  - 200 crawler "users" in control on 2026-03-09, 15 sessions each, no purchases;
  - client 4.2 (about 10% of users) logged its exposure 6-30 hours after the first session;
  - about 8% of purchases are later refunded (a purchase row with a negative value);
  - purchase values are heavy-tailed (log-normal plus a few very large orders).
"""
import csv
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20260309
START = datetime(2026, 3, 1, tzinfo=timezone.utc)
DAYS = 14
N_USERS = 4000
BOTS = 300
BOT_SESSIONS = 12
REINSTALL_SHARE = 0.02


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(outdir):
    rng = random.Random(SEED)
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    users = [f"u{i:05d}" for i in range(1, N_USERS + 1)]
    arms = ["control"] * (N_USERS // 2) + ["treatment"] * (N_USERS // 2)
    rng.shuffle(arms)
    assignments, events = [], []
    end = START + timedelta(days=DAYS)
    for user, arm in zip(users, arms):
        first = START + timedelta(seconds=rng.uniform(0, (DAYS - 1) * 86400))
        late_client = rng.random() < 0.10
        logged = first + timedelta(hours=rng.uniform(6, 30)) if late_client else first
        if logged >= end:
            logged = end - timedelta(seconds=1)
        assignments.append((user, arm, iso(logged)))
        t = first
        for _ in range(rng.randint(1, 2)):
            events.append((user, "session", "", iso(t)))
            t += timedelta(hours=rng.uniform(2, 96))
            if t >= end:
                break
        p_buy = 0.29 if arm == "treatment" else 0.25
        for _ in range(3):
            if rng.random() >= p_buy:
                continue
            ts = first + timedelta(seconds=rng.uniform(60, (end - first).total_seconds() - 60))
            value = round(rng.lognormvariate(3.3, 0.8), 2)
            if rng.random() < 0.001:
                value = round(rng.uniform(800, 2000), 2)
            events.append((user, "purchase", f"{value:.2f}", iso(ts)))
            if rng.random() < 0.08:
                back = min(ts + timedelta(days=rng.uniform(1, 5)), end - timedelta(seconds=1))
                events.append((user, "purchase", f"{-value:.2f}", iso(back)))
        if rng.random() < REINSTALL_SHARE:
            other = "treatment" if arm == "control" else "control"
            again = first + timedelta(days=rng.uniform(0.5, 3))
            if again < end:
                assignments.append((user, other, iso(again)))
                events.append((user, "session", "", iso(again)))
    day9 = START + timedelta(days=8)
    for b in range(1, BOTS + 1):
        user = f"u{N_USERS + b:05d}"
        t0 = day9 + timedelta(hours=2, seconds=rng.uniform(0, 7200))
        assignments.append((user, "control", iso(t0)))
        for s in range(BOT_SESSIONS):
            events.append((user, "session", "", iso(t0 + timedelta(minutes=4 * s + rng.uniform(0, 3)))))
    rng.shuffle(assignments)
    events.sort(key=lambda e: e[3])
    with open(data / "assignments.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["user", "arm", "assigned_at"])
        w.writerows(assignments)
    with open(data / "events.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["user", "event", "value", "ts"])
        w.writerows(events)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
