"""Train/test split for the 30-day readmission model, safe across patients and time.

    train, test, rejected = make_splits(visits, test_start="2025-07-01")

Rules (each one reported, none silent):
  - patient ids are normalised by normalize_patient_id; a row whose id cannot be normalised is
    rejected ("bad_patient_id"): guessing could merge two patients or split one;
  - a row without a parseable visit_date is rejected ("missing_visit_date"): it cannot be placed
    on either side of the cut. These rows are few but positive-heavy, so the count is printed;
  - train = visits before test_start; test = visits on or after test_start by patients who have
    no visit in train. Later visits of patients already seen in train are rejected
    ("patient_in_train"), so no patient is on both sides and every test visit is after every
    train visit.
"""
import re

import pandas as pd

_ID = re.compile(r"^P?-?(\d{1,7})$")


def normalize_patient_id(raw):
    """'P-00123', 'p00123 ', '123' and 'P00123' all become 'P00123'; anything else is None."""
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return None
    match = _ID.match(str(raw).strip().upper())
    if not match:
        return None
    return f"P{int(match.group(1)):05d}"


def load_visits(path):
    return pd.read_csv(path, dtype={"patient_id": str, "visit_id": str}, keep_default_na=False,
                       na_values={"visit_date": [""]})


def make_splits(df, test_start):
    cut = pd.Timestamp(test_start)
    work = df.copy()
    work["patient_id"] = work["patient_id"].map(normalize_patient_id)
    work["visit_date"] = pd.to_datetime(work["visit_date"], errors="coerce")
    reason = pd.Series(pd.NA, index=work.index, dtype="object")
    reason[work["visit_date"].isna()] = "missing_visit_date"
    reason[work["patient_id"].isna()] = "bad_patient_id"
    ok = reason.isna()
    before = ok & (work["visit_date"] < cut)
    seen_in_train = set(work.loc[before, "patient_id"])
    after = ok & (work["visit_date"] >= cut)
    reason[after & work["patient_id"].isin(seen_in_train)] = "patient_in_train"
    train = work[before]
    test = work[after & reason.isna()]
    rejected = df[reason.notna()].assign(reason=reason[reason.notna()])
    return train, test, rejected


if __name__ == "__main__":
    import sys

    visits = load_visits(sys.argv[1] if len(sys.argv) > 1 else "data/visits.csv")
    train, test, rejected = make_splits(visits, "2025-07-01")
    print(f"train {len(train)} rows, test {len(test)} rows, rejected {len(rejected)} rows")
    for reason, group in rejected.groupby("reason"):
        print(f"  {reason}: {len(group)} rows, positive rate {group['readmitted'].mean():.3f}")
    print(f"positive rate: train {train['readmitted'].mean():.3f}, test {test['readmitted'].mean():.3f}")
