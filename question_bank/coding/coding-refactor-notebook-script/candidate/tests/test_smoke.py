"""End to end: the weekly job's command, `python train_and_score.py`, writes one score per
customer in data/to_score.csv.

The script runs in this process (as `python train_and_score.py` would run it, with the
project folder as the working directory) rather than in a child Python: importing pandas and
scikit-learn a second time was most of this test's run time.
"""
import csv
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_script_runs_end_to_end_and_writes_scores(monkeypatch):
    scores = ROOT / "output" / "scores.csv"
    scores.unlink(missing_ok=True)  # a stale file from an earlier run must not pass the test
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", ["train_and_score.py"])
    try:
        runpy.run_path(str(ROOT / "train_and_score.py"), run_name="__main__")
    except SystemExit as done:  # a script ending in sys.exit(main()) is fine if it succeeds
        assert done.code in (0, None), f"train_and_score.py exited with {done.code!r}"
    with open(scores, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(ROOT / "data" / "to_score.csv", newline="") as f:
        expected_ids = [row["customer_id"] for row in csv.DictReader(f)]
    assert len(rows) == 200
    assert sorted(row["customer_id"] for row in rows) == sorted(expected_ids)  # each one once
    assert all(0.0 <= float(row["churn_score"]) <= 1.0 for row in rows)
