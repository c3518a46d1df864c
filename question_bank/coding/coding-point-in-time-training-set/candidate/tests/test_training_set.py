from pathlib import Path

import pandas as pd

from training_set import build_training_set, load

DATA = Path(__file__).resolve().parent.parent / "data"


def test_every_label_gets_a_row():
    labels, snapshots = load(DATA / "labels.csv", DATA / "snapshots.csv")
    ts = build_training_set(labels, snapshots, pd.Timedelta(days=3))
    assert set(ts["label_id"]) == set(labels["label_id"])
