"""Point-in-time training set: each label gets the entity's latest snapshot strictly before it.

    python training_set.py data/labels.csv data/snapshots.csv

Rules:
  - Label times are local wall-clock times of the label's region (REGION_ZONES); they are
    converted to UTC first. Snapshot times are already UTC.
  - Two snapshots of one entity with the same snapshot_at (a backfill) are resolved by
    "latest write wins" (largest written_at), and the number resolved is reported.
  - The join is as-of per entity with a STRICT inequality: a snapshot taken exactly at the
    label time may already contain the event (the snapshot job and the label are written by
    the same upstream change), so it is not used.
  - A label whose snapshot is older than max_staleness, or that has none, is kept and flagged
    `stale`; the caller decides whether to drop it. The share is reported.
"""
import sys

import pandas as pd

FEATURES = ["balance", "logins_7d"]
REGION_ZONES = {"EU": "Europe/Berlin", "US": "America/Chicago"}


def load(labels_path, snapshots_path):
    labels = pd.read_csv(labels_path, dtype={"label_id": str, "entity_id": str, "region": str})
    snapshots = pd.read_csv(snapshots_path, dtype={"entity_id": str})
    return labels, snapshots


def label_times_utc(labels):
    local = pd.to_datetime(labels["label_time"])
    out = pd.Series(pd.NaT, index=labels.index, dtype="datetime64[ns, UTC]")
    unknown = set(labels["region"]) - set(REGION_ZONES)
    if unknown:
        raise ValueError(f"no time zone for regions {sorted(unknown)}")
    for region, zone in REGION_ZONES.items():
        mask = labels["region"] == region
        if mask.any():
            out[mask] = local[mask].dt.tz_localize(zone, ambiguous="raise", nonexistent="raise").dt.tz_convert("UTC")
    return out


def dedupe_snapshots(snapshots):
    s = snapshots.copy()
    s["snapshot_at"] = pd.to_datetime(s["snapshot_at"], utc=True)
    s["written_at"] = pd.to_datetime(s["written_at"], utc=True)
    s = s.sort_values(["entity_id", "snapshot_at", "written_at"], kind="mergesort")
    deduped = s.drop_duplicates(["entity_id", "snapshot_at"], keep="last")
    return deduped, len(s) - len(deduped)


def build_training_set(labels, snapshots, max_staleness):
    max_staleness = pd.Timedelta(max_staleness)
    lab = labels.copy()
    lab["label_time_utc"] = label_times_utc(lab).astype("datetime64[ns, UTC]")
    lab["_order"] = range(len(lab))
    snaps, resolved = dedupe_snapshots(snapshots)
    snaps = snaps[["entity_id", "snapshot_at"] + FEATURES].sort_values("snapshot_at", kind="mergesort")
    snaps["snapshot_at"] = snaps["snapshot_at"].astype("datetime64[ns, UTC]")
    lab = lab.sort_values("label_time_utc", kind="mergesort")
    out = pd.merge_asof(lab, snaps, left_on="label_time_utc", right_on="snapshot_at", by="entity_id",
                        direction="backward", allow_exact_matches=False)
    out["staleness"] = out["label_time_utc"] - out["snapshot_at"]
    out["stale"] = out["snapshot_at"].isna() | (out["staleness"] > max_staleness)
    out = out.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    out.attrs["duplicate_snapshots_resolved"] = resolved
    out.attrs["stale_share"] = float(out["stale"].mean()) if len(out) else 0.0
    return out


if __name__ == "__main__":
    labels, snapshots = load(sys.argv[1], sys.argv[2])
    ts = build_training_set(labels, snapshots, pd.Timedelta(days=3))
    print(f"{len(labels)} labels -> {len(ts)} rows; {ts.attrs['duplicate_snapshots_resolved']} duplicate "
          f"snapshots resolved (latest write wins); stale: {ts['stale'].sum()} ({ts.attrs['stale_share']:.1%})")
