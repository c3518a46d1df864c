"""Nightly retention scoring: snapshot -> model -> scores table.

    python score_job.py warehouse.db 2026-03-10
"""

import sys

from model_loader import load_model
from warehouse import connect


class RefusedToPublish(Exception):
    """The job declined to publish a partition (see the README)."""


def run(db_path, score_date, model=None, run_id=None, batch_size=500):
    model = model or load_model()
    connection = connect(db_path)
    rows = [dict(r) for r in connection.execute(
        "SELECT * FROM customer_snapshot WHERE snapshot_date = ? ORDER BY customer_id",
        (score_date,))]
    written = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        scores = model.predict(batch)
        connection.executemany(
            "INSERT INTO scores (score_date, customer_id, score) VALUES (?, ?, ?)",
            [(score_date, row["customer_id"], score) for row, score in zip(batch, scores)])
        connection.commit()
        written += len(batch)
    connection.close()
    return written


if __name__ == "__main__":
    print(f"{run(sys.argv[1], sys.argv[2])} rows scored")
