"""Hidden tests for coding-point-in-time-training-set."""
from pathlib import Path

import pandas as pd
import pytest

from training_set import build_training_set, load

DATA = Path(__file__).resolve().parent.parent / "data"
DAY = pd.Timedelta(days=1)


def labels(rows):
    return pd.DataFrame(rows, columns=["label_id", "entity_id", "region", "label_time", "label"])


def snaps(rows):
    return pd.DataFrame(rows, columns=["entity_id", "snapshot_at", "written_at", "balance", "logins_7d"])


def by_label(out):
    return out.set_index("label_id")


def utc(text):
    return pd.Timestamp(text).tz_convert("UTC") if pd.Timestamp(text).tzinfo else pd.Timestamp(text, tz="UTC")


def test_a_snapshot_exactly_at_the_label_time_is_not_used():
    out = by_label(build_training_set(
        labels([("L1", "E1", "EU", "2026-02-10 10:00:00", 1)]),  # 09:00 UTC (CET, UTC+1)
        snaps([("E1", "2026-02-09T09:00:00Z", "2026-02-09T09:05:00Z", 100.0, 1),
               ("E1", "2026-02-10T09:00:00Z", "2026-02-10T09:05:00Z", 999.0, 9)]),
        2 * DAY))
    assert out.loc["L1", "balance"] == 100.0


def test_eu_label_times_are_local_and_converted_before_joining():
    # 09:00 Berlin on 2026-03-10 is 08:00 UTC: the 08:30 UTC snapshot is AFTER the label
    out = by_label(build_training_set(
        labels([("L1", "E1", "EU", "2026-03-10 09:00:00", 1)]),
        snaps([("E1", "2026-03-09T20:00:00Z", "2026-03-09T20:01:00Z", 1.0, 1),
               ("E1", "2026-03-10T08:30:00Z", "2026-03-10T08:31:00Z", 2.0, 2)]),
        2 * DAY))
    assert out.loc["L1", "balance"] == 1.0
    assert utc(out.loc["L1", "label_time_utc"]) == pd.Timestamp("2026-03-10T08:00:00Z")


def test_us_label_times_after_the_dst_switch():
    # 09:00 Chicago on 2026-03-10 (CDT, UTC-5) is 14:00 UTC: the 13:00 UTC snapshot is before it
    out = by_label(build_training_set(
        labels([("L1", "E1", "US", "2026-03-10 09:00:00", 0)]),
        snaps([("E1", "2026-03-09T20:00:00Z", "2026-03-09T20:01:00Z", 1.0, 1),
               ("E1", "2026-03-10T13:00:00Z", "2026-03-10T13:01:00Z", 2.0, 2)]),
        2 * DAY))
    assert out.loc["L1", "balance"] == 2.0
    assert utc(out.loc["L1", "label_time_utc"]) == pd.Timestamp("2026-03-10T14:00:00Z")


def test_stale_and_missing_snapshots_are_flagged_not_silently_filled():
    out = by_label(build_training_set(
        labels([("L1", "E1", "EU", "2026-02-20 12:00:00", 1),
                ("L2", "E1", "EU", "2026-02-12 12:00:00", 0),
                ("L3", "E2", "EU", "2026-02-20 12:00:00", 0)]),
        snaps([("E1", "2026-02-11T00:00:00Z", "2026-02-11T00:01:00Z", 5.0, 1)]),
        pd.Timedelta(days=3)))
    assert bool(out.loc["L1", "stale"]) is True  # 9 days old
    assert bool(out.loc["L2", "stale"]) is False  # 1.5 days old
    assert bool(out.loc["L3", "stale"]) is True  # no snapshot at all
    assert pd.isna(out.loc["L3", "balance"])


def test_duplicate_snapshots_resolve_the_same_way_whatever_the_input_order():
    lab = labels([("L1", "E1", "EU", "2026-02-10 12:00:00", 1)])
    rows = [("E1", "2026-02-09T00:00:00Z", "2026-02-09T00:05:00Z", 100.0, 1),
            ("E1", "2026-02-09T00:00:00Z", "2026-03-01T00:00:00Z", 105.0, 2)]
    a = build_training_set(lab, snaps(rows), 2 * DAY)
    b = build_training_set(lab, snaps(rows[::-1]), 2 * DAY)
    assert len(a) == len(b) == 1
    assert a["balance"].iloc[0] == b["balance"].iloc[0]


def test_the_shipped_data_has_one_row_per_label_and_no_future_features():
    lab, snp = load(DATA / "labels.csv", DATA / "snapshots.csv")
    out = build_training_set(lab, snp, pd.Timedelta(days=3))
    assert len(out) == len(lab)
    assert out["label_id"].is_unique
    joined = out[out["snapshot_at"].notna()]
    assert len(joined) > 200
    snap = pd.to_datetime(joined["snapshot_at"], utc=True)
    label = pd.to_datetime(joined["label_time_utc"], utc=True)
    assert (snap < label).all()
    assert 0 < out["stale"].astype(bool).sum() < len(out) / 4
