"""Hidden tests pinning the money rules: Decimal, both refund styles, weekend FX, FX gaps,
unknown currencies, thousands separators and the 90-day window."""
from decimal import Decimal

import pandas as pd
import pytest
from features import compute_features

FX = pd.DataFrame([
    ("2026-11-20", "USD", "0.900000"), ("2026-11-27", "USD", "0.920000"),
    ("2026-11-27", "GBP", "1.150000"), ("2026-11-10", "HUF", "0.002500"),
], columns=["date", "currency", "eur_per_unit"])
AS_OF = "2026-11-30"


def tx(*rows):
    return pd.DataFrame(rows, columns=["txn_id", "customer_id", "date", "amount", "currency", "type", "source"])


def cents(x):
    return Decimal(str(x)).quantize(Decimal("0.01"))


def run(*rows):
    feats, rejected = compute_features(tx(*rows), FX, AS_OF)
    if "customer_id" in feats.columns:
        feats = feats.set_index("customer_id")
    return feats, rejected


def test_money_is_decimal():
    feats, _ = run(("T1", "C1", "2026-11-27", "19.99", "EUR", "", "web"))
    assert isinstance(feats.loc["C1", "total_spend_eur"], Decimal)
    assert isinstance(feats.loc["C1", "max_purchase_eur"], Decimal)


def test_sunday_transaction_uses_fridays_rate():
    feats, _ = run(("T1", "C1", "2026-11-29", "100.00", "USD", "", "web"))
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("92.00")


def test_rate_too_old_is_rejected_not_converted():
    feats, rejected = run(("T1", "C1", "2026-11-27", "10.00", "EUR", "", "web"),
                          ("T2", "C1", "2026-11-25", "100000", "HUF", "", "pos"))  # last HUF rate 15 days old
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("10.00")
    assert "T2" in set(rejected["txn_id"])


def test_unknown_currency_is_rejected_and_kept_out_of_totals():
    feats, rejected = run(("T1", "C1", "2026-11-27", "10.00", "EUR", "", "web"),
                          ("T2", "C1", "2026-11-27", "3.00", "BTC", "", "web"))
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("10.00")
    assert cents(feats.loc["C1", "max_purchase_eur"]) == Decimal("10.00")
    assert "T2" in set(rejected["txn_id"])


def test_both_refund_conventions():
    feats, _ = run(("T1", "C1", "2026-11-27", "100.00", "EUR", "", "web"),
                   ("T2", "C1", "2026-11-27", "-30.00", "EUR", "", "web"),
                   ("T3", "C2", "2026-11-27", "50.00", "EUR", "PURCHASE", "partner"),
                   ("T4", "C2", "2026-11-27", "20.00", "EUR", "REFUND", "partner"))
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("70.00")
    assert cents(feats.loc["C2", "total_spend_eur"]) == Decimal("30.00")
    assert int(feats.loc["C1", "refund_count"]) == 1 and int(feats.loc["C2", "refund_count"]) == 1


def test_largest_purchase_ignores_refunds_and_converts():
    feats, _ = run(("T1", "C1", "2026-11-27", "40.00", "GBP", "", "web"),
                   ("T2", "C1", "2026-11-27", "80.00", "EUR", "REFUND", "partner"),
                   ("T3", "C1", "2026-11-27", "45.00", "EUR", "", "web"))
    assert cents(feats.loc["C1", "max_purchase_eur"]) == Decimal("46.00")


def test_thousands_separator_is_parsed():
    feats, _ = run(("T1", "C1", "2026-11-27", "1,299.50", "EUR", "", "web"))
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("1299.50")


def test_window_is_the_last_90_days():
    feats, _ = run(("T1", "C1", "2026-09-01", "5.00", "EUR", "", "web"),   # 90 days before is Sep 1: out
                   ("T2", "C1", "2026-09-03", "7.00", "EUR", "", "web"),   # 88 days: in
                   ("T3", "C1", "2026-12-01", "9.00", "EUR", "", "web"))   # after as_of: out
    assert cents(feats.loc["C1", "total_spend_eur"]) == Decimal("7.00")


@pytest.mark.parametrize("amount", ["0.10"] * 1)
def test_many_small_amounts_add_up_exactly(amount):
    rows = [(f"T{i}", "C1", "2026-11-27", amount, "EUR", "", "web") for i in range(30)]
    feats, _ = run(*rows)
    assert feats.loc["C1", "total_spend_eur"] == Decimal("3.00")
