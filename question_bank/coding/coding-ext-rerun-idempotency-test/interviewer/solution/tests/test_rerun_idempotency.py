"""A rerun of the same date leaves the published output exactly as the first run did."""

import shutil
import sqlite3

import pytest

import score_job

DAY = "2026-03-10"
RUN_METADATA = {"run_id"}  # the only column allowed to differ between runs


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", path)
    return path


def published(db):
    """Every row of the whole scores table, minus the declared run metadata, sorted."""
    connection = sqlite3.connect(db)
    cursor = connection.execute("SELECT * FROM scores")
    columns = [c[0] for c in cursor.description]
    keep = [i for i, name in enumerate(columns) if name not in RUN_METADATA]
    rows = sorted(tuple(row[i] for i in keep) for row in cursor.fetchall())
    connection.close()
    return rows


def test_a_second_run_leaves_the_output_exactly_as_the_first(db):
    score_job.run(db, "2026-03-09", run_id="other-day")
    score_job.run(db, DAY, run_id="first")
    first = published(db)
    assert first, "the first run published nothing"
    score_job.run(db, DAY, run_id="second")
    assert published(db) == first
