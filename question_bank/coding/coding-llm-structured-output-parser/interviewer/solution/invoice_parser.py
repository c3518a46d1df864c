"""Turn the model's invoice extraction into an Invoice, or say exactly what broke."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

FIELDS = ("vendor", "invoice_number", "total", "currency", "due_date")
CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN"})
FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
TRAILING_COMMA = re.compile(r",(\s*[}\]])")
# 1234.50 | 1,234.50 | 1.234,50 | 1234,50, optionally followed by a currency code.
AMOUNT = re.compile(r"^(?P<number>\d{1,3}(?:[.,]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
                    r"(?:\s*(?P<code>[A-Z]{3}))?$")


@dataclass(frozen=True)
class Invoice:
    vendor: str
    invoice_number: str
    total: Decimal
    currency: str
    due_date: date


@dataclass(frozen=True)
class ExtractionFailure:
    reason: str  # no_json | invalid_json | missing_field | unknown_field | invalid_value
    field: str | None
    raw: str

    @property
    def message(self) -> str:
        return f"{self.reason}" + (f" ({self.field})" if self.field else "")


def _json_text(raw: str) -> str | None:
    fenced = FENCE.search(raw)
    text = fenced.group(1) if fenced else raw
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None
    return TRAILING_COMMA.sub(r"\1", text[start:end + 1])


def parse_amount(value, currency: str | None) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = AMOUNT.match(value.strip())
    if not match or (match.group("code") and match.group("code") != currency):
        return None
    number = match.group("number")
    last_sep = max(number.rfind("."), number.rfind(","))
    if last_sep >= 0 and len(number) - last_sep - 1 in (1, 2):  # a decimal separator
        whole, fraction = number[:last_sep], number[last_sep + 1:]
        number = re.sub(r"[.,]", "", whole) + "." + fraction
    else:
        number = re.sub(r"[.,]", "", number)
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def parse_invoice(raw_text: str) -> Invoice | ExtractionFailure:
    def fail(reason: str, field: str | None = None) -> ExtractionFailure:
        return ExtractionFailure(reason, field, raw_text)

    text = _json_text(raw_text or "")
    if text is None:
        return fail("no_json")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError:
        return fail("invalid_json")
    if not isinstance(data, dict):
        return fail("invalid_json")
    for key in data:
        if key not in FIELDS:
            return fail("unknown_field", key)
    for key in FIELDS:
        if data.get(key) in (None, ""):
            return fail("missing_field", key)
    for key in ("vendor", "invoice_number"):
        if not isinstance(data[key], str) or not data[key].strip():
            return fail("invalid_value", key)
    currency = data["currency"]
    # A model may answer a list or an object here; `in` on a set would raise TypeError.
    if not isinstance(currency, str) or currency not in CURRENCIES:
        return fail("invalid_value", "currency")
    total = parse_amount(data["total"], currency)
    if total is None or total <= 0:
        return fail("invalid_value", "total")
    try:
        due = date.fromisoformat(str(data["due_date"]))
    except ValueError:
        return fail("invalid_value", "due_date")
    return Invoice(data["vendor"].strip(), data["invoice_number"].strip(), total, currency, due)


REPAIR_PROMPT = """Your previous answer could not be used: {error}.
Return only a JSON object with exactly these fields: vendor, invoice_number, total (a number),
currency (ISO 4217 code), due_date (YYYY-MM-DD). No other fields, no prose.

Your previous answer:
{raw}"""


def extract_with_repair(raw_text: str, call_model) -> Invoice | ExtractionFailure:
    """Parse; on failure ask the model once to repair its own output, then give up."""
    first = parse_invoice(raw_text)
    if isinstance(first, Invoice) or first.reason == "no_json":
        return first  # a refusal has nothing to repair
    return parse_invoice(call_model(REPAIR_PROMPT.format(error=first.message, raw=raw_text)))
