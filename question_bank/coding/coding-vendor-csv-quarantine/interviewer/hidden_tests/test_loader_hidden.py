"""Hidden tests for coding-vendor-csv-quarantine."""
import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import loader

DATA = Path(__file__).resolve().parent.parent / "data" / "vendor_2026-03-14.csv"
HEADER = "txn_id,date,amount,currency,description\n"


@pytest.mark.parametrize("raw,currency,value", [
    ("1,299.00", "USD", "1299.00"),
    ("1.299,00", "EUR", "1299.00"),
    ("$12", "USD", "12"),
    ("12,5", "EUR", "12.5"),
    ("7.25", "USD", "7.25"),
    ("1,50", "EUR", "1.50"),
])
def test_amounts_follow_the_currency_convention(raw, currency, value):
    assert loader.parse_amount(raw, currency) == Decimal(value)


@pytest.mark.parametrize("raw,currency", [("n/a", "USD"), ("", "EUR"), ("1.299,00", "USD"), ("12abc", "EUR")])
def test_bad_amounts_raise_value_error(raw, currency):
    with pytest.raises(ValueError):
        loader.parse_amount(raw, currency)


@pytest.mark.parametrize("raw", ["2026-03-14", "14.03.2026", "03/14/2026"])
def test_three_date_formats(raw):
    assert loader.parse_date(raw) == date(2026, 3, 14)


@pytest.mark.parametrize("raw", ["2026-02-30", "", "yesterday"])
def test_bad_dates_raise_value_error(raw):
    with pytest.raises(ValueError):
        loader.parse_date(raw)


def quarantined(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_sample_day_loads_with_every_bad_row_quarantined(tmp_path):
    q = tmp_path / "quarantine.csv"
    rows = loader.load(DATA, q)
    assert len(rows) == 12000 - 317
    rejects = quarantined(q)
    assert len(rejects) == 317
    assert all(r["reason"].strip() for r in rejects)
    assert sum("Berlin" in r["raw"] or "Austin" in r["raw"] or "Lyon" in r["raw"] or "Porto" in r["raw"]
               for r in rejects) == 300
    by_id = {r["txn_id"]: r for r in rows}
    assert by_id["T700010"]["description"] == "pet supplies store 69\nref 66077"
    assert by_id["T700010"]["amount"] == Decimal("40.50")
    assert by_id["T700004"]["date"] == date(2026, 3, 13)


def test_quarantine_keeps_the_source_line_and_text(tmp_path):
    src = tmp_path / "day.csv"
    src.write_text(HEADER + 'T1,2026-03-14,"1,00",EUR,"two\nlines"\n\nT2,2026-03-14,9.00,USD,a, b\n'
                   + "".join(f"T{i},2026-03-14,1.00,USD,ok\n" for i in range(3, 60)), encoding="utf-8")
    rows = loader.load(src, tmp_path / "q.csv", max_reject_rate=0.05)
    assert len(rows) == 58
    [reject] = quarantined(tmp_path / "q.csv")
    assert int(reject["line"]) == 5
    assert "T2" in reject["raw"] and "a, b" in reject["raw"]


def test_a_mostly_broken_day_fails_but_still_writes_the_quarantine(tmp_path):
    src = tmp_path / "day.csv"
    src.write_text(HEADER + "T1,14.03.2026,1.00,USD,ok\n" + "".join(
        f"T{i},2026/03/14,1.00,USD,new date format\n" for i in range(2, 10)), encoding="utf-8")
    with pytest.raises(loader.RejectRateExceeded):
        loader.load(src, tmp_path / "q.csv", max_reject_rate=0.05)
    assert len(quarantined(tmp_path / "q.csv")) == 8


def test_a_reject_rate_under_the_threshold_loads(tmp_path):
    src = tmp_path / "day.csv"
    src.write_text(HEADER + "T0,2026-03-14,oops,USD,bad\n" + "".join(
        f"T{i},2026-03-14,1.00,USD,ok\n" for i in range(1, 100)), encoding="utf-8")
    assert len(loader.load(src, tmp_path / "q.csv", max_reject_rate=0.05)) == 99
