"""One-minute features per sensor for the process-quality model.

    python features.py data/historian_export.csv > minute_features.csv

Rules, in order:
  1. Time: the historian writes local plant time (PLANT_TZ) without an offset, each sensor's rows
     in recording order. Local times are converted to UTC per sensor; in the repeated hour of the
     autumn DST change a reading takes the first (summer-time) meaning unless that would go back
     in time, so the two passes through 02:00-02:59 stay two different hours.
  2. Units: readings of sensors in FAHRENHEIT_UNTIL taken before the firmware update are
     converted to Celsius.
  3. Change-only sensors (CHANGE_ONLY) hold their last value into minutes without a reading, up
     to HOLD_LIMIT; periodic sensors never do: a minute without readings is `missing` with NaN
     values, never interpolated.
  4. A periodic sensor whose value has not changed for FROZEN_AFTER is stuck; minutes containing
     stuck readings are flagged `frozen` (values kept, the flag tells the model or the pipeline).
"""
import sys

import numpy as np
import pandas as pd

PLANT_TZ = "Europe/Berlin"
CHANGE_ONLY = {"valve_pos"}
FAHRENHEIT_UNTIL = {"temp_zone1": pd.Timestamp("2026-10-25T01:30:00Z")}
HOLD_LIMIT = pd.Timedelta(minutes=60)
FROZEN_AFTER = pd.Timedelta(minutes=10)
COLUMNS = ["minute", "sensor", "mean", "max", "last", "missing", "frozen"]


def load(path):
    return pd.read_csv(path, dtype={"timestamp": str, "sensor": str})


def local_to_utc(local_strings):
    """Recording-ordered local timestamps -> UTC, resolving the repeated DST hour by order."""
    naive = pd.to_datetime(pd.Series(local_strings).reset_index(drop=True))
    summer = naive.dt.tz_localize(PLANT_TZ, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="raise")
    winter = naive.dt.tz_localize(PLANT_TZ, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="raise")
    summer, winter = summer.dt.tz_convert("UTC"), winter.dt.tz_convert("UTC")
    out, prev = [], None
    for s, w in zip(summer, winter):
        pick = s if (s == w or prev is None or s >= prev) else w
        out.append(pick)
        prev = pick
    return pd.DatetimeIndex(out)


def _sensor_minutes(sensor, ts, values, grid):
    s = pd.Series(values.to_numpy(dtype=float), index=ts).sort_index()
    if sensor in FAHRENHEIT_UNTIL:
        before = s.index < FAHRENHEIT_UNTIL[sensor]
        s[before] = (s[before] - 32) * 5 / 9
    minute = s.index.floor("min")
    agg = s.groupby(minute).agg(["mean", "max", "last"]).reindex(grid)
    missing = agg["mean"].isna()
    if sensor in CHANGE_ONLY:
        last_change_time = pd.Series(s.index, index=s.index).groupby(minute).last().reindex(grid).ffill()
        held = agg["last"].ffill()
        fresh = (pd.Series(grid, index=grid) - last_change_time) <= HOLD_LIMIT
        fill = missing & fresh & held.notna()
        for col in ("mean", "max", "last"):
            agg.loc[fill, col] = held[fill]
        missing = agg["mean"].isna()
        frozen = pd.Series(False, index=grid)
    else:
        run = (s != s.shift()).cumsum()
        times = pd.Series(s.index, index=s.index)
        run_start = times.groupby(run.to_numpy()).transform("min")
        stuck = (times - run_start) >= FROZEN_AFTER
        frozen = stuck.groupby(minute).any().reindex(grid, fill_value=False).astype(bool)
    out = agg.assign(sensor=sensor, missing=missing.to_numpy(), frozen=frozen.to_numpy())
    return out.rename_axis("minute").reset_index()


def resample(df):
    parts, converted = [], []
    for sensor, g in df.groupby("sensor", sort=False):
        converted.append((sensor, local_to_utc(g["timestamp"]), pd.to_numeric(g["value"], errors="coerce")))
    start = min(ts.min() for _, ts, _ in converted).floor("min")
    end = max(ts.max() for _, ts, _ in converted).floor("min")
    grid = pd.date_range(start, end, freq="min", tz="UTC")
    for sensor, ts, values in converted:
        parts.append(_sensor_minutes(sensor, ts, values, grid))
    return pd.concat(parts, ignore_index=True)[COLUMNS]


if __name__ == "__main__":
    resample(load(sys.argv[1])).to_csv(sys.stdout, index=False)
