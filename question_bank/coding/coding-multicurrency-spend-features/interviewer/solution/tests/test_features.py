from decimal import Decimal

import pandas as pd
from features import compute_features

FX = pd.DataFrame({"date": ["2026-11-27"], "currency": ["USD"], "eur_per_unit": ["0.900000"]})


def tx(*rows):
    return pd.DataFrame(rows, columns=["txn_id", "customer_id", "date", "amount", "currency", "type", "source"])


def test_single_eur_purchase():
    feats, _ = compute_features(tx(("T1", "C1", "2026-11-27", "10.00", "EUR", "", "web")), FX, "2026-11-30")
    assert feats.loc["C1", "total_spend_eur"] == Decimal("10.00")


def test_sunday_uses_friday_rate():
    feats, _ = compute_features(tx(("T1", "C1", "2026-11-29", "10.00", "USD", "", "web")), FX, "2026-11-30")
    assert feats.loc["C1", "total_spend_eur"] == Decimal("9.00")


def test_partner_refund_is_a_refund():
    feats, _ = compute_features(tx(("T1", "C1", "2026-11-27", "10.00", "EUR", "PURCHASE", "partner"),
                                   ("T2", "C1", "2026-11-28", "4.00", "EUR", "REFUND", "partner")), FX, "2026-11-30")
    assert feats.loc["C1", "total_spend_eur"] == Decimal("6.00") and feats.loc["C1", "refund_count"] == 1
