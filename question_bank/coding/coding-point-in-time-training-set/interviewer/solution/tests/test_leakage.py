from pathlib import Path

import pandas as pd

from training_set import build_training_set, load

DATA = Path(__file__).resolve().parent.parent / "data"


def test_no_feature_value_comes_from_after_its_label():
    labels, snapshots = load(DATA / "labels.csv", DATA / "snapshots.csv")
    out = build_training_set(labels, snapshots, pd.Timedelta(days=3))
    joined = out[out["snapshot_at"].notna()]
    assert (joined["snapshot_at"] < joined["label_time_utc"]).all()


def test_label_exactly_on_a_snapshot_uses_the_previous_one():
    labels = pd.DataFrame({"label_id": ["L"], "entity_id": ["E"], "region": ["US"],
                           "label_time": ["2026-02-10 06:00:00"], "label": [1]})  # 12:00 UTC
    snaps = pd.DataFrame({"entity_id": ["E", "E"], "snapshot_at": ["2026-02-09T12:00:00Z", "2026-02-10T12:00:00Z"],
                          "written_at": ["2026-02-09T12:01:00Z", "2026-02-10T12:01:00Z"],
                          "balance": [1.0, 2.0], "logins_7d": [1, 2]})
    assert build_training_set(labels, snaps, pd.Timedelta(days=3))["balance"].iloc[0] == 1.0
