"""A start: one invoice, written three ways the model really writes it, parses to the same thing.

This is an example-based test. Turn the idea into a property over generated invoices.
"""

import json
from datetime import date
from decimal import Decimal

import pytest

from invoice_parser import Invoice, parse_invoice

INVOICE = Invoice("Blue Fjord AS", "INV-2025001", Decimal("1234.50"), "EUR", date(2026, 4, 30))


def plain(invoice, total):
    return json.dumps({"vendor": invoice.vendor, "invoice_number": invoice.invoice_number,
                       "total": total, "currency": invoice.currency,
                       "due_date": invoice.due_date.isoformat()}, ensure_ascii=False)


RENDERINGS = {
    "number": plain(INVOICE, 1234.5),
    "fenced, European amount": "```json\n" + plain(INVOICE, "1.234,50 EUR") + "\n```",
    "trailing comma": plain(INVOICE, "1,234.50")[:-1] + ",\n}",
}


@pytest.mark.parametrize("name", RENDERINGS)
def test_every_rendering_parses_to_the_same_invoice(name):
    assert parse_invoice(RENDERINGS[name]) == INVOICE
