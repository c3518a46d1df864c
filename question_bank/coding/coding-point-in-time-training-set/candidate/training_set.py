"""Attach entity features to label events to build the training set.

    python training_set.py data/labels.csv data/snapshots.csv
"""
import sys

import pandas as pd

FEATURES = ["balance", "logins_7d"]


def load(labels_path, snapshots_path):
    labels = pd.read_csv(labels_path, parse_dates=["label_time"])
    snapshots = pd.read_csv(snapshots_path, parse_dates=["snapshot_at", "written_at"])
    return labels, snapshots


def build_training_set(labels, snapshots, max_staleness):
    labels = labels.copy()
    snapshots = snapshots.copy()
    labels["day"] = labels["label_time"].dt.date
    snapshots["day"] = snapshots["snapshot_at"].dt.date
    out = labels.merge(snapshots, on=["entity_id", "day"], how="left")
    return out.drop(columns=["day"])


if __name__ == "__main__":
    labels, snapshots = load(sys.argv[1], sys.argv[2])
    ts = build_training_set(labels, snapshots, pd.Timedelta(days=3))
    print(f"{len(labels)} labels -> {len(ts)} training rows; {ts['balance'].isna().sum()} without features")
