"""The leakage guard: these fail against the old random split (try it: see the answer key)."""
from pathlib import Path

import pandas as pd

from split import load_visits, make_splits, normalize_patient_id

DATA = Path(__file__).resolve().parent.parent / "data" / "visits.csv"


def test_no_patient_in_both_and_time_ordered():
    train, test, rejected = make_splits(load_visits(DATA), "2025-07-01")
    ids = lambda f: {normalize_patient_id(p) for p in f["patient_id"]}  # noqa: E731
    assert not ids(train) & ids(test)
    assert pd.to_datetime(train["visit_date"]).max() < pd.to_datetime(test["visit_date"]).min()


def test_rejects_are_reported_with_a_reason():
    df = load_visits(DATA)
    train, test, rejected = make_splits(df, "2025-07-01")
    assert len(train) + len(test) + len(rejected) == len(df)
    assert set(rejected["reason"]) == {"bad_patient_id", "missing_visit_date", "patient_in_train"}


def test_normalisation():
    assert {normalize_patient_id(x) for x in ["P-00123", "p00123 ", "123"]} == {"P00123"}
    assert normalize_patient_id("unknown") is None
