"""Turn the model's invoice extraction into an Invoice."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Invoice:
    vendor: str
    invoice_number: str
    total: Decimal
    currency: str
    due_date: date


@dataclass(frozen=True)
class ExtractionFailure:
    reason: str
    field: str | None
    raw: str


def parse_invoice(raw_text):
    try:
        data = json.loads(raw_text)
    except Exception:
        return None
    return Invoice(
        vendor=data.get("vendor"),
        invoice_number=data.get("invoice_number"),
        total=float(data.get("total")),
        currency=data.get("currency"),
        due_date=data.get("due_date"),
    )


def extract_with_repair(raw_text, call_model):
    result = parse_invoice(raw_text)
    attempts = 0
    while result is None and attempts < 5:
        raw_text = call_model("Extract the invoice fields as JSON.")
        result = parse_invoice(raw_text)
        attempts += 1
    return result
