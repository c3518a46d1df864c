from decimal import Decimal

import pytest

from loader import RejectRateExceeded, load, parse_amount, parse_date


def test_amount_shapes_from_the_sample():
    assert parse_amount("1.299,00", "EUR") == Decimal("1299.00")
    assert parse_amount("1,299.00", "USD") == Decimal("1299.00")
    assert parse_amount("$12", "USD") == Decimal("12")
    with pytest.raises(ValueError):
        parse_amount("1.299,00", "USD")


def test_date_shapes_from_the_sample():
    assert parse_date("14.03.2026") == parse_date("03/14/2026") == parse_date("2026-03-14")


def test_threshold(tmp_path):
    src = tmp_path / "d.csv"
    src.write_text("txn_id,date,amount,currency,description\nT1,x,1.00,USD,d\n", encoding="utf-8")
    with pytest.raises(RejectRateExceeded):
        load(src, tmp_path / "q.csv")
