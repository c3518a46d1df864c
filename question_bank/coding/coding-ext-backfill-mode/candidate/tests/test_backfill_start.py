"""A start for the backfill tests: a fresh warehouse copy and a model newer than the default."""

import shutil
import sqlite3

import pytest

import score_job
from model_loader import RetentionModel


class NewerModel(RetentionModel):
    """Stands in for next month's model: a higher version and different scores."""

    version = "retention-v4"

    def predict(self, rows):
        return [round(s / 2, 6) for s in super().predict(rows)]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", path)
    return path


def versions(db, day):
    connection = sqlite3.connect(db)
    found = {r[0] for r in connection.execute(
        "SELECT DISTINCT model_version FROM scores WHERE score_date = ?", (day,))}
    connection.close()
    return found


def test_a_nightly_run_with_the_newer_model_stamps_its_version(db):
    score_job.run(db, "2026-03-10", model=NewerModel())
    assert versions(db, "2026-03-10") == {"retention-v4"}
