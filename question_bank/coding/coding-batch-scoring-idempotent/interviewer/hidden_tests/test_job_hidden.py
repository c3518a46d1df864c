"""Grade score_job.run: reruns converge, crashes leave a complete partition, bad input refused."""

import shutil
import sqlite3

import pytest

import score_job
from model_loader import RetentionModel

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


def snapshot_size(db, day=DAY):
    connection = sqlite3.connect(db)
    count = connection.execute("SELECT COUNT(*) FROM customer_snapshot WHERE snapshot_date = ?",
                               (day,)).fetchone()[0]
    connection.close()
    return count


class CrashingModel(RetentionModel):
    """Raises on the third batch it is asked to score."""

    def __init__(self):
        self.calls = 0

    def predict(self, rows):
        self.calls += 1
        if self.calls == 3:
            raise RuntimeError("worker killed")
        return super().predict(rows)


class HoleyModel(RetentionModel):
    """Returns None for one customer midway: the insert of that row fails."""

    def predict(self, rows):
        scores = super().predict(rows)
        return [None if row["customer_id"] == "c001500" else s for row, s in zip(rows, scores)]


def test_reruns_give_the_same_partition_with_version_and_run_id(db):
    score_job.run(db, DAY, run_id="run-1")
    first = partition(db)
    score_job.run(db, DAY, run_id="run-2")
    score_job.run(db, DAY, run_id="run-3")
    last = partition(db)
    assert len(last) == snapshot_size(db)
    assert [r[:2] for r in first] == [r[:2] for r in last]
    assert {r[2] for r in last} == {"retention-v3"}
    assert {r[3] for r in last} == {"run-3"}


@pytest.mark.parametrize("model", [CrashingModel, HoleyModel])
def test_a_crash_on_rerun_leaves_the_old_complete_partition(db, model):
    score_job.run(db, DAY, run_id="good")
    before = partition(db)
    with pytest.raises(Exception):  # noqa: B017 - any failure, as long as it surfaces
        score_job.run(db, DAY, model=model(), run_id="crash", batch_size=200)
    assert partition(db) == before


@pytest.mark.parametrize("model", [CrashingModel, HoleyModel])
def test_a_crash_on_the_first_run_publishes_nothing(db, model):
    with pytest.raises(Exception):  # noqa: B017
        score_job.run(db, DAY, model=model(), run_id="crash", batch_size=200)
    assert partition(db) == []


@pytest.mark.parametrize("day", ["2026-03-11", "2026-03-12"])
def test_small_or_empty_snapshots_are_refused_and_publish_nothing(db, day):
    with pytest.raises(score_job.RefusedToPublish):
        score_job.run(db, day)
    assert partition(db, day) == []


def test_rerunning_one_day_leaves_other_days_alone(db):
    score_job.run(db, "2026-03-09", run_id="ninth")
    ninth = partition(db, "2026-03-09")
    score_job.run(db, DAY)
    score_job.run(db, DAY)
    assert partition(db, "2026-03-09") == ninth
