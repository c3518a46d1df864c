"""Per-customer spend features over the last 90 days.

    python features.py 2026-11-30
"""
import sys
from datetime import date, timedelta

import pandas as pd


def load(transactions="data/transactions.csv", fx="data/fx_rates.csv"):
    return (pd.read_csv(transactions, dtype=str, keep_default_na=False),
            pd.read_csv(fx, dtype={"date": str, "currency": str, "eur_per_unit": str}))


def compute_features(transactions, fx, as_of):
    """Returns (features, rejected)."""
    as_of = pd.Timestamp(as_of)
    tx = transactions.copy()
    tx["date"] = pd.to_datetime(tx["date"])
    tx = tx[(tx["date"] > as_of - timedelta(days=90)) & (tx["date"] <= as_of)]
    rates = {(r.date, r.currency): float(r.eur_per_unit) for r in fx.itertuples()}
    eur = []
    for t in tx.itertuples():
        rate = 1.0 if t.currency == "EUR" else rates.get((t.date.strftime("%Y-%m-%d"), t.currency), 1.0)
        eur.append(float(t.amount) * rate)
    tx["eur"] = eur
    features = tx.groupby("customer_id").agg(
        total_spend_eur=("eur", "sum"),
        refund_count=("eur", lambda s: int((s < 0).sum())),
        max_purchase_eur=("eur", "max"),
    )
    rejected = pd.DataFrame(columns=["txn_id", "reason"])
    return features, rejected


if __name__ == "__main__":
    tx, fx = load()
    feats, rejected = compute_features(tx, fx, date.fromisoformat(sys.argv[1]))
    print(feats.to_string())
    print(f"{len(rejected)} rejected rows")
