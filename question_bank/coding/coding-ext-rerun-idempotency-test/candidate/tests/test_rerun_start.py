"""A start for the rerun test: a fresh copy of the warehouse and a look at one partition."""

import shutil
import sqlite3

import pytest

import score_job

DAY = "2026-03-10"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.db"
    shutil.copyfile("warehouse.db", path)
    return path


def partition(db, day=DAY):
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT customer_id, score, model_version, run_id FROM scores "
                              "WHERE score_date = ? ORDER BY customer_id", (day,)).fetchall()
    connection.close()
    return rows


def test_one_run_publishes_a_partition(db):
    written = score_job.run(db, DAY)
    assert len(partition(db)) == written > 0
