"""Grade SIGTERM handling in score_job.run: stop between batches, keep the work, resume.

The signal is real (os.kill to this process) but sent from inside the model call, so the
moment is deterministic. A fallback handler stands in for the default one, which would kill
pytest: if the job installs no handler of its own, the fallback raises NoHandler instead.
"""

import os
import shutil
import signal
import sqlite3

import pytest

import score_job
from model_loader import RetentionModel

DAY = "2026-03-10"
BATCH = 500


class NoHandler(BaseException):
    """SIGTERM reached the fallback handler: the job did not handle it."""


@pytest.fixture(autouse=True)
def fallback_handler():
    def fallback(signum, frame):
        raise NoHandler("SIGTERM was not handled by the job")

    previous = signal.signal(signal.SIGTERM, fallback)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", path)
    return path


def partition(db):
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT customer_id, score, model_version FROM scores "
                              "WHERE score_date = ? ORDER BY customer_id", (DAY,)).fetchall()
    connection.close()
    return rows


class Recording(RetentionModel):
    """Records the customers it scores; sends SIGTERM to this process during batch `term_at`."""

    def __init__(self, term_at=None):
        self.batches = []
        self.term_at = term_at

    def predict(self, rows):
        self.batches.append([row["customer_id"] for row in rows])
        if len(self.batches) == self.term_at:
            os.kill(os.getpid(), signal.SIGTERM)
        return super().predict(rows)

    @property
    def scored(self):
        return [c for batch in self.batches for c in batch]


class V4(Recording):
    version = "retention-v4"

    def predict(self, rows):
        return [round(s / 2, 6) for s in super().predict(rows)]


def clean_partition(tmp_path, model):
    other = tmp_path / "clean.db"
    shutil.copyfile("warehouse.db", other)
    score_job.run(other, DAY, model=model, run_id="clean", batch_size=BATCH)
    return partition(other)


def interrupt(db, term_at=2, model=None):
    """Run until SIGTERM arrives in batch `term_at`; return the model that was stopped."""
    model = model or Recording(term_at=term_at)
    with pytest.raises(Exception) as stopped:  # noqa: PT011 - any exception that says "stopped"
        score_job.run(db, DAY, model=model, run_id="interrupted", batch_size=BATCH)
    assert not isinstance(stopped.value, NoHandler)
    return model


def test_sigterm_stops_between_batches_and_publishes_nothing(db):
    model = interrupt(db, term_at=2)
    assert len(model.batches) == 2, "the batch in progress finishes, no new batch starts"
    assert partition(db) == []


def test_sigterm_on_a_rerun_leaves_the_old_partition(db):
    score_job.run(db, DAY, run_id="yesterday-good")
    before = partition(db)
    interrupt(db, term_at=3)
    assert partition(db) == before


def test_resume_scores_only_the_rest_and_matches_an_uninterrupted_run(db, tmp_path):
    first = interrupt(db, term_at=2)
    finished_before_the_signal = set(first.batches[0])
    second = Recording()
    score_job.run(db, DAY, model=second, run_id="resumed", batch_size=BATCH)
    assert not finished_before_the_signal & set(second.scored), "finished work was redone"
    assert len(second.scored) < 2400 - BATCH
    assert partition(db) == clean_partition(tmp_path, Recording())


def test_a_checkpoint_from_another_model_version_is_not_trusted(db, tmp_path):
    interrupt(db, term_at=2)
    newer = V4()
    score_job.run(db, DAY, model=newer, run_id="resumed-v4", batch_size=BATCH)
    assert partition(db) == clean_partition(tmp_path, V4())
    assert len(set(newer.scored)) == len(partition(db)), "every row rescored by the new model"


def test_after_a_completed_run_a_new_run_starts_from_scratch(db):
    score_job.run(db, DAY, run_id="first", batch_size=BATCH)
    again = Recording()
    score_job.run(db, DAY, model=again, run_id="second", batch_size=BATCH)
    assert len(again.scored) == len(partition(db))
