"""Nightly retention scoring: snapshot -> model -> staging -> one transaction -> scores.

    python score_job.py warehouse.db 2026-03-10

Rerunning a date replaces its partition; a crash at any point leaves the old complete
partition (or none) in `scores`, because the swap is a single transaction.
"""

import sys
import uuid
from datetime import date, timedelta

from model_loader import load_model
from warehouse import connect

MIN_SHARE_OF_PREVIOUS = 0.5


class RefusedToPublish(Exception):
    """The job declined to publish a partition (see the README)."""


def check_snapshot(connection, score_date):
    """Refuse an empty snapshot, or one under half the size of the previous day's."""
    count = connection.execute("SELECT COUNT(*) FROM customer_snapshot WHERE snapshot_date = ?",
                               (score_date,)).fetchone()[0]
    if count == 0:
        raise RefusedToPublish(f"snapshot {score_date} is empty")
    previous = (date.fromisoformat(score_date) - timedelta(days=1)).isoformat()
    before = connection.execute("SELECT COUNT(*) FROM customer_snapshot WHERE snapshot_date = ?",
                                (previous,)).fetchone()[0]
    if before and count < MIN_SHARE_OF_PREVIOUS * before:
        raise RefusedToPublish(f"snapshot {score_date} has {count} rows, under half of "
                               f"{previous}'s {before}")
    return count


def run(db_path, score_date, model=None, run_id=None, batch_size=500):
    model = model or load_model()
    run_id = run_id or uuid.uuid4().hex
    connection = connect(db_path)
    try:
        expected = check_snapshot(connection, score_date)
        staging = f"scores_staging_{run_id}"
        connection.execute(f'CREATE TABLE "{staging}" AS SELECT * FROM scores WHERE 0')
        connection.commit()
        try:
            rows = [dict(r) for r in connection.execute(
                "SELECT * FROM customer_snapshot WHERE snapshot_date = ? ORDER BY customer_id",
                (score_date,))]
            for start in range(0, len(rows), batch_size):
                batch = rows[start:start + batch_size]
                scores = model.predict(batch)
                if len(scores) != len(batch) or any(s is None for s in scores):
                    raise ValueError(f"model returned unusable scores for rows {start}..")
                connection.executemany(
                    f'INSERT INTO "{staging}" VALUES (?, ?, ?, ?, ?)',
                    [(score_date, row["customer_id"], score, model.version, run_id)
                     for row, score in zip(batch, scores, strict=True)])
            staged = connection.execute(f'SELECT COUNT(*) FROM "{staging}"').fetchone()[0]
            if staged != expected:
                raise RefusedToPublish(f"staged {staged} rows, snapshot has {expected}")
            with connection:  # the swap: one transaction, all or nothing
                connection.execute("DELETE FROM scores WHERE score_date = ?", (score_date,))
                connection.execute(f'INSERT INTO scores SELECT * FROM "{staging}"')
        finally:
            connection.rollback()
            connection.execute(f'DROP TABLE IF EXISTS "{staging}"')
            connection.commit()
        return staged
    finally:
        connection.close()


if __name__ == "__main__":
    print(f"{run(sys.argv[1], sys.argv[2])} rows published")
