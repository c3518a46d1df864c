"""Regenerates candidate/data/card_txns_sample.jsonl (fixed seed). Kept out of the pack."""
import json
import random
import sys
from pathlib import Path

rng = random.Random(20261201)
events = []
t0 = 1_764_547_200  # 2025-12-01T00:00:00Z
for i in range(180):
    card = rng.choice(["card_0001", "card_0002", "card_0003"])
    ts = t0 + i * 600 + rng.randint(0, 500)
    events.append({"txn_id": f"tx{i:05d}", "card_id": card, "ts": ts,
                   "amount_cents": rng.choice([499, 1250, 2999, 8000, 15000])})
arrival = [(e["ts"], e) for e in events]
# ~8% arrive 1-9 minutes late, one arrives 15 minutes late (beyond the 10-minute contract)
for k in rng.sample(range(len(arrival)), 15):
    arrival[k] = (arrival[k][0] + rng.randint(60, 540), arrival[k][1])
arrival[100] = (arrival[100][0] + 900, arrival[100][1])
arrival.sort(key=lambda p: p[0])
stream = [e for _, e in arrival]
# ~5% redelivered a few positions later (at-least-once delivery)
for k in sorted(rng.sample(range(len(stream) - 5), 9), reverse=True):
    stream.insert(k + rng.randint(1, 4), dict(stream[k]))
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "candidate/data/card_txns_sample.jsonl"
with out.open("w") as f:
    for offset, e in enumerate(stream):
        f.write(json.dumps({"offset": offset, **e}) + "\n")
