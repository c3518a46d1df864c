"""Write data/events.jsonl: 20k click events with the mess the README lists (fixed seed).

Usage: python generate.py OUTDIR
"""

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TARGET = 20_000
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Madrid"]
TYPES = ["page_view"] * 5 + ["product_view"] * 4 + ["add_to_cart"]
RENAME_AT = datetime(2026, 3, 3, tzinfo=UTC)  # the app release that renamed user_id


def main(out: Path) -> None:
    rng = random.Random(20260303)
    users = [(f"u{n:05d}", rng.choice(ZONES), rng.random() < 0.6) for n in range(800)]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    lines, serial = [], 0
    while len(lines) < TARGET:
        user_id, zone, on_app = rng.choice(users)
        moment = start + timedelta(seconds=rng.randrange(7 * 86400))
        for _ in range(rng.randint(1, 12)):  # one visit: a burst of clicks
            moment += timedelta(seconds=rng.randint(5, 600))
            serial += 1
            event = {"event_id": f"e{serial:07d}", "type": rng.choice(TYPES)}
            delay = timedelta(seconds=rng.randint(1, 90))
            if rng.random() < 0.02:
                delay = timedelta(hours=rng.randint(3, 48))  # arrived late
            if on_app:
                key = "userId" if moment >= RENAME_AT else "user_id"
                event[key] = user_id
                event["client"] = "app"
                event["local_time"] = moment.astimezone(ZoneInfo(zone)).replace(
                    tzinfo=None).isoformat(timespec="seconds")
                if rng.random() > 0.01:
                    event["tz"] = zone
            else:
                event["user_id"] = user_id
                event["client"] = "web"
                event["ts"] = moment.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")
            copies = rng.choice([1] * 17 + [2, 3, 4]) if on_app else 1
            for copy in range(copies):  # the app's retries
                ingested = moment + delay + timedelta(seconds=7 * copy)
                lines.append(json.dumps({**event, "ingested_at": ingested.isoformat(
                    timespec="seconds").replace("+00:00", "Z")}, separators=(",", ":")))
    rng.shuffle(lines)
    target = out / "data" / "events.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines[:TARGET]) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
