"""Nightly retention scoring: snapshot -> model -> staging -> one transaction -> scores.

    python score_job.py warehouse.db 2026-03-10

Rerunning a date replaces its partition; a crash at any point leaves the old complete
partition (or none) in `scores`, because the swap is a single transaction.

Spot machines get SIGTERM 30 seconds before they go. During a run, SIGTERM only sets a flag;
the loop checks it after each batch, so a batch is never cut in half. After every batch the
scores so far go to a checkpoint file beside the database, written to a temporary file and
renamed into place, so a checkpoint is always whole. On SIGTERM the run raises `Preempted`
(the CLI exits with 143). Started again, the run loads the checkpoint only if it is for the
same date, the same model version and the same snapshot, and scores only the rest.
"""

import json
import os
import signal
import sys
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path

from model_loader import load_model
from warehouse import connect

MIN_SHARE_OF_PREVIOUS = 0.5


class RefusedToPublish(Exception):
    """The job declined to publish a partition (see the README)."""


class Preempted(Exception):
    """The run stopped on SIGTERM after saving its progress; run it again to resume."""


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


# --- checkpoint ------------------------------------------------------------------------------

def checkpoint_path(db_path, score_date):
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.name}.checkpoint-{score_date}.json")


def save_checkpoint(path, state):
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w") as handle:
        json.dump(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)  # atomic: readers see the old file or the new one


def load_checkpoint(path, score_date, version, snapshot_ids):
    """Return {customer_id: score} from a checkpoint we can trust, else {}."""
    try:
        state = json.loads(path.read_text())
        done = {str(c): float(s) for c, s in state["scores"]}
        trusted = (state["score_date"] == score_date and state["model_version"] == version
                   and state["snapshot_rows"] == len(snapshot_ids)
                   and set(done) <= set(snapshot_ids))
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return done if trusted else {}


class StopFlag:
    """SIGTERM sets the flag and nothing else; the previous handler comes back afterwards."""

    def __init__(self):
        self.stop = False
        self.previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._handle)
        return self

    def _handle(self, signum, frame):
        self.stop = True

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


# --- the run ---------------------------------------------------------------------------------

def run(db_path, score_date, model=None, run_id=None, batch_size=500):
    model = model or load_model()
    run_id = run_id or uuid.uuid4().hex
    checkpoint = checkpoint_path(db_path, score_date)
    connection = connect(db_path)
    try:
        expected = check_snapshot(connection, score_date)
        rows = [dict(r) for r in connection.execute(
            "SELECT * FROM customer_snapshot WHERE snapshot_date = ? ORDER BY customer_id",
            (score_date,))]
        ids = [row["customer_id"] for row in rows]
        done = load_checkpoint(checkpoint, score_date, model.version, ids)
        todo = [row for row in rows if row["customer_id"] not in done]
        with StopFlag() as flag:
            for start in range(0, len(todo), batch_size):
                batch = todo[start:start + batch_size]
                scores = model.predict(batch)
                if len(scores) != len(batch) or any(s is None for s in scores):
                    raise ValueError(f"model returned unusable scores for rows {start}..")
                done.update((row["customer_id"], score)
                            for row, score in zip(batch, scores, strict=True))
                save_checkpoint(checkpoint, {
                    "score_date": score_date, "model_version": model.version,
                    "snapshot_rows": len(ids), "scores": [[c, done[c]] for c in ids if c in done]})
                if flag.stop and len(done) < len(ids):
                    raise Preempted(f"stopped on SIGTERM with {len(done)} of {len(ids)} rows "
                                    f"scored; the checkpoint is {checkpoint}")
        staging = f"scores_staging_{run_id}"
        connection.execute(f'CREATE TABLE "{staging}" AS SELECT * FROM scores WHERE 0')
        connection.commit()
        try:
            connection.executemany(
                f'INSERT INTO "{staging}" VALUES (?, ?, ?, ?, ?)',
                [(score_date, c, done[c], model.version, run_id) for c in ids])
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
        checkpoint.unlink(missing_ok=True)  # published: the next run starts fresh
        return staged
    finally:
        connection.close()


if __name__ == "__main__":
    try:
        print(f"{run(sys.argv[1], sys.argv[2])} rows published")
    except Preempted as stopped:
        print(stopped, file=sys.stderr)
        sys.exit(128 + signal.SIGTERM)
