"""Hidden tests for coding-leakage-safe-split."""
import math
from pathlib import Path

import pandas as pd
import pytest

from split import make_splits, normalize_patient_id

DATA = Path(__file__).resolve().parent.parent / "data" / "visits.csv"
CUT = "2025-07-01"


def read():
    return pd.read_csv(DATA, dtype={"patient_id": str, "visit_id": str})


def keys(frame):
    return {normalize_patient_id(p) for p in frame["patient_id"]}


def dates(frame):
    return pd.to_datetime(frame["visit_date"])


@pytest.mark.parametrize("raw", ["P-00123", "p00123 ", "123", "P00123", " P-00123", "p-123"])
def test_every_spelling_of_one_patient_normalises_to_the_same_id(raw):
    assert normalize_patient_id(raw) is not None
    assert normalize_patient_id(raw) == normalize_patient_id("P-00123")


def test_different_patients_stay_different():
    assert normalize_patient_id("P-00123") != normalize_patient_id("P-00124")
    assert normalize_patient_id("12") != normalize_patient_id("123")


@pytest.mark.parametrize("raw", [None, math.nan, "", "   ", "unknown", "N/A", "P-12A4"])
def test_unparseable_ids_are_not_guessed(raw):
    assert normalize_patient_id(raw) is None


def test_no_patient_on_both_sides_and_test_strictly_after_train():
    train, test, rejected = make_splits(read(), CUT)
    assert len(train) > 0 and len(test) > 0
    assert not (keys(train) & keys(test))
    assert None not in keys(train) | keys(test)
    assert dates(train).max() < dates(test).min()
    assert dates(train).max() < pd.Timestamp(CUT) <= dates(test).min()


def test_every_row_is_accounted_for_once():
    df = read()
    train, test, rejected = make_splits(df, CUT)
    ids = list(train["visit_id"]) + list(test["visit_id"]) + list(rejected["visit_id"])
    assert sorted(ids) == sorted(df["visit_id"])
    assert "reason" in rejected.columns
    assert rejected["reason"].notna().all()


def test_null_dates_and_bad_ids_are_rejected_not_placed():
    df = read()
    train, test, rejected = make_splits(df, CUT)
    bad = set(df.loc[df["visit_date"].isna(), "visit_id"])
    bad |= set(df.loc[df["patient_id"].map(normalize_patient_id).isna(), "visit_id"])
    assert len(bad) >= 25
    assert bad <= set(rejected["visit_id"])


def test_a_patient_spelled_three_ways_straddling_the_cut_is_on_one_side_only():
    df = pd.DataFrame({
        "visit_id": ["a1", "a2", "a3", "b1", "c1"],
        "patient_id": ["P-00007", "p00007 ", "7", "P-00008", "9"],
        "visit_date": ["2025-01-10", "2025-06-30", "2025-07-01", "2025-03-01", "2025-08-01"],
        "readmitted": [0, 1, 1, 0, 0],
    })
    train, test, rejected = make_splits(df, CUT)
    assert set(train["visit_id"]) >= {"b1"}
    assert "c1" in set(test["visit_id"])
    assert not (keys(train) & keys(test))
    assert "P00007" not in keys(test) or "P00007" not in keys(train)
    assert len(train) + len(test) + len(rejected) == 5


def test_a_visit_on_the_cut_date_is_test_side():
    df = pd.DataFrame({"visit_id": ["x"], "patient_id": ["P-00001"], "visit_date": [CUT],
                       "readmitted": [0]})
    train, test, _ = make_splits(df, CUT)
    assert list(test["visit_id"]) == ["x"] and len(train) == 0
