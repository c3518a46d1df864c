from pathlib import Path

from loader import load

DATA = Path(__file__).resolve().parent.parent / "data" / "vendor_2026-03-14.csv"


def test_the_sample_day_loads(tmp_path):
    rows = load(DATA, tmp_path / "quarantine.csv")
    assert len(rows) > 11000
