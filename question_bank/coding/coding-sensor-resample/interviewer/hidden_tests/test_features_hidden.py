"""Hidden tests for coding-sensor-resample."""
from pathlib import Path

import pandas as pd
import pytest

from features import load, resample

DATA = Path(__file__).resolve().parent.parent / "data" / "historian_export.csv"


@pytest.fixture(scope="module")
def out():
    result = resample(load(DATA))
    result = result.copy()
    result["minute"] = pd.to_datetime(result["minute"], utc=True)
    return result


def sensor(out, name):
    return out[out["sensor"] == name].set_index("minute").sort_index()


def utc(text):
    return pd.Timestamp(text, tz="UTC")


def test_the_repeated_dst_hour_is_two_hours_of_data(out):
    p = sensor(out, "pressure_bar")
    assert len(p) == 300  # five real hours, 22:00-02:59 UTC
    assert p.index.is_unique
    # local 02:45 happened twice: 00:45 UTC (summer time) and 01:45 UTC (winter time)
    assert not p.loc[utc("2026-10-25 00:45"), "missing"] and not p.loc[utc("2026-10-25 01:45"), "missing"]
    assert p.loc[utc("2026-10-25 00:45"), "mean"] != p.loc[utc("2026-10-25 01:45"), "mean"]


def test_a_gap_is_missing_not_interpolated(out):
    p = sensor(out, "pressure_bar")
    gap = p.loc[utc("2026-10-24 23:40"):utc("2026-10-25 00:29")]
    assert len(gap) == 50
    assert gap["missing"].astype(bool).all()
    assert gap["mean"].isna().all()
    assert not p.loc[utc("2026-10-24 23:39"), "missing"]


def test_the_unit_change_is_applied_on_both_sides(out):
    t = sensor(out, "temp_zone1")
    before = t.loc[:utc("2026-10-25 01:29"), "mean"].dropna()
    after = t.loc[utc("2026-10-25 01:30"):, "mean"].dropna()
    assert len(before) > 100 and len(after) > 60
    assert before.between(20, 28).all() and after.between(20, 28).all()
    assert abs(before.mean() - after.mean()) < 1.0


def test_a_frozen_sensor_is_flagged_by_duration(out):
    f = sensor(out, "flow_lpm")
    assert f.loc[utc("2026-10-25 01:05"):utc("2026-10-25 02:15"), "frozen"].astype(bool).all()
    assert not f.loc[:utc("2026-10-25 00:45"), "frozen"].astype(bool).any()
    assert not f.loc[utc("2026-10-25 02:25"):, "frozen"].astype(bool).any()


def test_a_change_only_sensor_is_held_not_flagged(out):
    v = sensor(out, "valve_pos")
    assert not v["missing"].astype(bool).any()
    assert not v["frozen"].astype(bool).any()
    raw = load(DATA)
    assert v["last"].iloc[-1] == pytest.approx(float(raw[raw["sensor"] == "valve_pos"]["value"].iloc[-1]))


def test_mean_max_last_of_one_minute():
    df = pd.DataFrame({"timestamp": ["2026-01-15 10:00:00", "2026-01-15 10:00:20", "2026-01-15 10:00:40"],
                       "sensor": ["pressure_bar"] * 3, "value": [1.0, 3.0, 2.0]})
    row = resample(df).iloc[0]
    assert pd.Timestamp(row["minute"]).tz_convert("UTC") == utc("2026-01-15 09:00")  # CET is UTC+1
    assert (row["mean"], row["max"], row["last"]) == (2.0, 3.0, 2.0)
