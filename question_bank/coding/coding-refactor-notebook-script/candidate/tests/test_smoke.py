import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_script_runs_end_to_end_and_writes_scores():
    subprocess.run([sys.executable, "train_and_score.py"], cwd=ROOT, check=True,
                   capture_output=True, timeout=100)
    with open(ROOT / "output" / "scores.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 200
