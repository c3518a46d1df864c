"""Write warehouse.db: customer snapshots for 9-12 March 2026 (fixed seed), no scores yet.

9 and 10 March are normal; 11 March is a partial export (a third of the size); 12 March is
empty. Usage: python generate.py OUTDIR
"""

import random
import sqlite3
import sys
from pathlib import Path

out = Path(sys.argv[1])
sys.path.insert(0, str(out))
from warehouse import SCHEMA  # noqa: E402

rng = random.Random(20260310)
path = out / "warehouse.db"
path.unlink(missing_ok=True)
connection = sqlite3.connect(path)
connection.executescript(SCHEMA)
customers = [f"c{n:06d}" for n in range(2400)]
for day, share in (("2026-03-09", 0.97), ("2026-03-10", 1.0), ("2026-03-11", 0.33)):
    chosen = [c for c in customers if rng.random() < share]
    connection.executemany(
        "INSERT INTO customer_snapshot VALUES (?, ?, ?, ?, ?)",
        [(day, c, rng.randint(0, 72), round(rng.uniform(5, 120), 2), rng.randint(0, 6))
         for c in chosen])
connection.commit()
connection.close()
