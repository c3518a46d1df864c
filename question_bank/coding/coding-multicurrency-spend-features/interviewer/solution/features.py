"""Per-customer spend features over the last 90 days (reference solution).

    python features.py 2026-11-30

Money is decimal.Decimal from the string to the result; nothing passes through float.
Rules:
- window: as_of - 90 days < date <= as_of.
- amounts: strings like "49.90", "-12.00", "1,299.00" (comma = thousands separator).
- refunds: a negative amount, OR type == "REFUND" (the partner feed sends refunds as positive
  amounts). A refund's value is abs(amount). A negative amount with type PURCHASE is rejected
  as contradictory.
- FX: eur_per_unit on the transaction date, else the most recent earlier rate if it is at
  most MAX_RATE_AGE_DAYS old (covers weekends and a holiday Monday); otherwise the row is
  rejected ("no FX rate within N days"). EUR converts at exactly 1.
- unknown currency: rejected with a reason; never converted at 1.0.
- total_spend_eur = purchases - refunds, rounded to cents (half-even) at the end;
  max_purchase_eur = largest single purchase (refunds excluded); refund_count = refunds.
Rejected rows come back in a separate frame (txn_id, customer_id, reason) for reporting.
"""
import sys
from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import pandas as pd

MAX_RATE_AGE_DAYS = 4
CENT = Decimal("0.01")


def load(transactions="data/transactions.csv", fx="data/fx_rates.csv"):
    return (pd.read_csv(transactions, dtype=str, keep_default_na=False),
            pd.read_csv(fx, dtype=str, keep_default_na=False))


def parse_amount(text):
    cleaned = str(text).strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    return value


def classify(amount, type_):
    """(kind, positive value) for both refund conventions."""
    type_ = (type_ or "").strip().upper()
    if type_ == "REFUND":
        return "refund", abs(amount)
    if amount < 0:
        if type_ == "PURCHASE":
            raise ValueError("negative amount marked PURCHASE")
        return "refund", -amount
    return "purchase", amount


class FxTable:
    def __init__(self, fx):
        self.by_currency = defaultdict(list)
        for r in fx.itertuples(index=False):
            self.by_currency[r.currency.strip().upper()].append((date.fromisoformat(r.date), Decimal(r.eur_per_unit)))
        for rows in self.by_currency.values():
            rows.sort()

    def rate(self, currency, day):
        if currency == "EUR":
            return Decimal(1)
        rows = self.by_currency.get(currency)
        if rows is None:
            raise LookupError(f"unknown currency {currency!r}")
        i = bisect_right(rows, (day, Decimal("Infinity"))) - 1
        if i < 0 or (day - rows[i][0]).days > MAX_RATE_AGE_DAYS:
            raise LookupError(f"no {currency} rate within {MAX_RATE_AGE_DAYS} days before {day}")
        return rows[i][1]


def compute_features(transactions, fx, as_of):
    as_of = pd.Timestamp(as_of).date()
    start = as_of - timedelta(days=90)
    table = FxTable(fx)
    acc = defaultdict(lambda: {"net": Decimal(0), "refunds": 0, "max_purchase": None})
    rejected = []
    for t in transactions.itertuples(index=False):
        day = date.fromisoformat(str(t.date).strip())
        if not (start < day <= as_of):
            continue
        try:
            kind, value = classify(parse_amount(t.amount), t.type)
            eur = value * table.rate(str(t.currency).strip().upper(), day)
        except (ValueError, LookupError) as exc:
            rejected.append({"txn_id": t.txn_id, "customer_id": t.customer_id, "reason": str(exc)})
            continue
        a = acc[t.customer_id]
        if kind == "refund":
            a["net"] -= eur
            a["refunds"] += 1
        else:
            a["net"] += eur
            a["max_purchase"] = eur if a["max_purchase"] is None else max(a["max_purchase"], eur)
    features = pd.DataFrame.from_dict({
        cust: {"total_spend_eur": a["net"].quantize(CENT, ROUND_HALF_EVEN),
               "refund_count": a["refunds"],
               "max_purchase_eur": (a["max_purchase"] or Decimal(0)).quantize(CENT, ROUND_HALF_EVEN)}
        for cust, a in acc.items()}, orient="index")
    features.index.name = "customer_id"
    return features.sort_index(), pd.DataFrame(rejected, columns=["txn_id", "customer_id", "reason"])


if __name__ == "__main__":
    tx, fx = load()
    feats, rejected = compute_features(tx, fx, date.fromisoformat(sys.argv[1]))
    print(feats.to_string())
    print(f"\n{len(rejected)} rejected rows:")
    print(rejected.groupby("reason").size().to_string() if len(rejected) else "none")
