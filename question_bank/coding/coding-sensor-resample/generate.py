"""Write data/historian_export.csv for coding-sensor-resample.

Usage: python generate.py OUTDIR

Five real hours, 2026-10-24 22:00 UTC to 2026-10-25 03:00 UTC, written the way the plant
historian exports them: local plant time (Europe/Berlin) WITHOUT an offset, rows per sensor in
recording order. The clocks go back at 03:00 CEST -> 02:00 CET, so local 02:00-02:59 appears
twice. Standard library only, fixed seed. Planted:
  - pressure_bar every 2 s, with a 50-minute gap (historian outage) from 23:40 to 00:30 UTC;
  - valve_pos written only when it changes;
  - flow_lpm every 10 s, frozen at one reading from 00:50 to 02:20 UTC;
  - temp_zone1 every 30 s in degrees F until the firmware update at 01:30 UTC, in C after.
"""
import csv
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

START = datetime(2026, 10, 24, 22, 0, tzinfo=timezone.utc)
END = datetime(2026, 10, 25, 3, 0, tzinfo=timezone.utc)
PLANT = ZoneInfo("Europe/Berlin")
UNIT_CHANGE = datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)


def local(t):
    return t.astimezone(PLANT).strftime("%Y-%m-%d %H:%M:%S")


def main(outdir):
    rng = random.Random(2510)
    rows = []
    t = START
    while t < END:
        if not (datetime(2026, 10, 24, 23, 40, tzinfo=timezone.utc) <= t < datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)):
            rows.append((local(t), "pressure_bar", f"{4.0 + 0.3 * rng.random():.3f}"))
        t += timedelta(seconds=2)
    t, pos = START, 40
    rows.append((local(t), "valve_pos", str(pos)))
    while True:
        t += timedelta(minutes=rng.uniform(8, 35))
        if t >= END:
            break
        pos = max(0, min(100, pos + rng.choice([-20, -10, 10, 20])))
        rows.append((local(t), "valve_pos", str(pos)))
    t = START
    while t < END:
        frozen = datetime(2026, 10, 25, 0, 50, tzinfo=timezone.utc) <= t < datetime(2026, 10, 25, 2, 20, tzinfo=timezone.utc)
        rows.append((local(t), "flow_lpm", "118.40" if frozen else f"{120 + rng.gauss(0, 3):.2f}"))
        t += timedelta(seconds=10)
    t = START
    while t < END:
        celsius = 24.0 + rng.gauss(0, 0.4)
        value = celsius if t >= UNIT_CHANGE else celsius * 9 / 5 + 32
        rows.append((local(t), "temp_zone1", f"{value:.2f}"))
        t += timedelta(seconds=30)
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "historian_export.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "sensor", "value"])
        w.writerows(rows)  # grouped by sensor, each in recording order, as the historian writes it


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
