"""Daily loader for the payments vendor's transaction file.

    python loader.py data/vendor_2026-03-14.csv

Feeds the spend features. Today a single bad row raises and the whole day is skipped.
"""
import sys
from datetime import datetime


def parse_amount(raw, currency):
    return float(raw.strip('"').replace(",", ""))


def parse_date(raw):
    return datetime.strptime(raw, "%Y-%m-%d").date()


def load(path, quarantine_path=None, max_reject_rate=None):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        for line in f:
            parts = line.strip().split(",")
            record = dict(zip(header, parts))
            rows.append({
                "txn_id": record["txn_id"],
                "date": parse_date(record["date"]),
                "amount": parse_amount(record["amount"], record["currency"]),
                "currency": record["currency"],
                "description": record["description"],
            })
    return rows


if __name__ == "__main__":
    loaded = load(sys.argv[1])
    print(f"loaded {len(loaded)} transactions")
