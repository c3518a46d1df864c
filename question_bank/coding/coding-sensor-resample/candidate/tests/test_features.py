from pathlib import Path

from features import load, resample

DATA = Path(__file__).resolve().parent.parent / "data" / "historian_export.csv"


def test_one_row_per_minute_per_sensor():
    out = resample(load(DATA))
    assert set(out["sensor"]) == {"pressure_bar", "valve_pos", "flow_lpm", "temp_zone1"}
    assert not out.duplicated(["minute", "sensor"]).any()
