"""Nightly retention scoring: snapshot -> model -> staging -> one transaction -> scores.

    python score_job.py warehouse.db 2026-03-10
    python score_job.py warehouse.db 2026-03-01 2026-03-10 --backfill [--force]

Rerunning a date replaces its partition; a crash at any point leaves the old complete
partition (or none) in `scores`, because the swap is a single transaction.

Backfill recomputes a date range one date at a time through the same swap. Each swap runs
under `BEGIN IMMEDIATE`, SQLite's write lock, so the nightly run and a backfill can never
publish the same partition at once, and the "is the partition newer?" check happens inside
that lock: a nightly run that publishes while a backfill is still scoring wins, and the
backfill does not overwrite it. A backfill replaces a partition made by a newer model
version only with `force=True`. Every publish is recorded in `partition_runs`
(date, model version, run id, run type), so you can tell later who wrote what.
"""

import re
import sys
import uuid
from datetime import date, datetime, timedelta, timezone

from model_loader import load_model
from warehouse import connect

MIN_SHARE_OF_PREVIOUS = 0.5
RUNS_TABLE = """
CREATE TABLE IF NOT EXISTS partition_runs (
    score_date    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    run_type      TEXT NOT NULL,  -- nightly | backfill
    published_at  TEXT NOT NULL
);
"""


class RefusedToPublish(Exception):
    """The job declined to publish a partition (see the README)."""


class NewerPartition(RefusedToPublish):
    """A backfill would have replaced results of a newer model version."""


def version_key(version):
    """Order model versions by their numbers: retention-v10 is newer than retention-v9."""
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


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


def newest_version_in(connection, score_date):
    versions = [r[0] for r in connection.execute(
        "SELECT DISTINCT model_version FROM scores WHERE score_date = ?", (score_date,))]
    return max(versions, key=version_key) if versions else None


def _guard_newer(connection, score_date, version):
    existing = newest_version_in(connection, score_date)
    if existing is not None and version_key(existing) > version_key(version):
        raise NewerPartition(f"{score_date} was scored by {existing}, newer than {version}; "
                             "pass force=True to replace it")


def _publish(db_path, score_date, model, run_id, batch_size, run_type, force):
    connection = connect(db_path)
    connection.executescript(RUNS_TABLE)
    try:
        expected = check_snapshot(connection, score_date)
        if run_type == "backfill" and not force:
            _guard_newer(connection, score_date, model.version)  # fail fast, before scoring
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
                connection.commit()
            staged = connection.execute(f'SELECT COUNT(*) FROM "{staging}"').fetchone()[0]
            if staged != expected:
                raise RefusedToPublish(f"staged {staged} rows, snapshot has {expected}")
            # The swap, under SQLite's write lock: no other run can publish between the
            # check and the swap.
            connection.execute("BEGIN IMMEDIATE")
            if run_type == "backfill" and not force:
                _guard_newer(connection, score_date, model.version)
            connection.execute("DELETE FROM scores WHERE score_date = ?", (score_date,))
            connection.execute(f'INSERT INTO scores SELECT * FROM "{staging}"')
            connection.execute(
                "INSERT INTO partition_runs VALUES (?, ?, ?, ?, ?)",
                (score_date, model.version, run_id, run_type,
                 datetime.now(timezone.utc).isoformat(timespec="seconds")))
            connection.commit()
        finally:
            connection.rollback()
            connection.execute(f'DROP TABLE IF EXISTS "{staging}"')
            connection.commit()
        return staged
    finally:
        connection.close()


def run(db_path, score_date, model=None, run_id=None, batch_size=500):
    """The nightly run: score one date with the current model and publish it."""
    return _publish(db_path, score_date, model or load_model(), run_id or uuid.uuid4().hex,
                    batch_size, "nightly", force=True)


def backfill(db_path, start, end, model=None, force=False, batch_size=500):
    """Recompute every date from start to end (inclusive), one partition at a time.

    Returns {date: rows published, or the reason the date was skipped}. A date whose
    partition was made by a newer model is skipped unless force=True; a refused snapshot is
    skipped too. Any other failure stops the backfill and propagates: the dates before it
    stay published, and running the same backfill again redoes the rest.
    """
    model = model or load_model()
    day, last = date.fromisoformat(start), date.fromisoformat(end)
    outcome = {}
    while day <= last:
        score_date = day.isoformat()
        try:
            outcome[score_date] = _publish(db_path, score_date, model,
                                           f"backfill-{uuid.uuid4().hex}", batch_size,
                                           "backfill", force)
        except RefusedToPublish as refused:
            outcome[score_date] = f"skipped: {refused}"
        day += timedelta(days=1)
    return outcome


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--backfill" in sys.argv:
        for day, result in backfill(args[0], args[1], args[2], force="--force" in sys.argv).items():
            print(day, result)
    else:
        print(f"{run(args[0], args[1])} rows published")
