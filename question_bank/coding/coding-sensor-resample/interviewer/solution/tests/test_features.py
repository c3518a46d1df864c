from pathlib import Path

import pandas as pd

from features import load, local_to_utc, resample

DATA = Path(__file__).resolve().parent.parent / "data" / "historian_export.csv"


def test_one_row_per_minute_per_sensor():
    out = resample(load(DATA))
    assert not out.duplicated(["minute", "sensor"]).any()


def test_repeated_hour_resolved_by_order():
    ts = local_to_utc(["2026-10-25 02:59:00", "2026-10-25 02:01:00", "2026-10-25 03:10:00"])
    assert list(ts.strftime("%H:%M")) == ["00:59", "01:01", "02:10"]


def test_no_interpolation_across_a_gap():
    df = pd.DataFrame({"timestamp": ["2026-01-15 10:00:00", "2026-01-15 10:05:00"], "sensor": ["p", "p"],
                       "value": [1.0, 5.0]})
    out = resample(df)
    assert out["missing"].sum() == 4 and out["mean"].isna().sum() == 4
