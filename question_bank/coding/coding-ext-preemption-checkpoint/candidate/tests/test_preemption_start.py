"""A start for the preemption test: a model that sends SIGTERM to this process mid-run.

Sending the signal from inside the model call makes the moment deterministic: no sleeps, no
timing. Until the job handles SIGTERM itself, the fixture's fallback handler turns the signal
into an exception (the default action would kill pytest).
"""

import os
import shutil
import signal

import pytest

import score_job
from model_loader import RetentionModel


class SignalDuringBatch(RetentionModel):
    """Scores like the real model, and sends SIGTERM while scoring batch `term_at` (1-based)."""

    def __init__(self, term_at=None):
        self.batches = 0
        self.term_at = term_at

    def predict(self, rows):
        self.batches += 1
        if self.batches == self.term_at:
            os.kill(os.getpid(), signal.SIGTERM)
        return super().predict(rows)


class UnhandledSigterm(BaseException):
    pass


@pytest.fixture(autouse=True)
def sigterm_fallback():
    def fallback(signum, frame):
        raise UnhandledSigterm("the job did not handle SIGTERM")

    previous = signal.signal(signal.SIGTERM, fallback)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", path)
    return path


def test_a_run_without_a_signal_scores_every_batch(db):
    model = SignalDuringBatch()
    written = score_job.run(db, "2026-03-10", model=model, batch_size=500)
    assert model.batches == -(-written // 500)
