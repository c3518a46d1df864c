import pandas as pd
from features import compute_features

FX = pd.DataFrame({"date": ["2026-11-27"], "currency": ["USD"], "eur_per_unit": ["0.900000"]})


def tx(*rows):
    return pd.DataFrame(rows, columns=["txn_id", "customer_id", "date", "amount", "currency", "type", "source"])


def test_single_eur_purchase():
    feats, _ = compute_features(tx(("T1", "C1", "2026-11-27", "10.00", "EUR", "", "web")), FX, "2026-11-30")
    assert feats.loc["C1", "total_spend_eur"] == 10
    assert feats.loc["C1", "refund_count"] == 0


def test_usd_purchase_on_a_day_with_a_rate():
    feats, _ = compute_features(tx(("T1", "C1", "2026-11-27", "10.00", "USD", "", "web")), FX, "2026-11-30")
    assert round(feats.loc["C1", "total_spend_eur"], 2) == 9.0
