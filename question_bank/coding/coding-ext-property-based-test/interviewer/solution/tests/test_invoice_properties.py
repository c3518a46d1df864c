"""Property tests for parse_invoice, on generated inputs from a fixed seed.

Property 1 (round trip): a valid invoice, written in any of the ways the model writes it
(a JSON number or a string total, with thousands separators, European or English decimals,
a currency code after the amount, fenced or not, trailing comma or not, any key order, prose
before it), parses back to exactly that invoice.
Property 2 (total function): whatever the text, parse_invoice returns an Invoice or an
ExtractionFailure; it never raises.

Example tests miss what these reach: totals in the millions, Unicode vendor names, and field
values of the wrong JSON type. The second property found that a list as the currency made
the parser raise TypeError (fixed in invoice_parser.py; the case is kept below).
"""

import json
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from invoice_parser import ExtractionFailure, Invoice, parse_invoice

SEED = 20260430
CASES = 300
CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN"]
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" "ÄÖÜäöüßéèçñøåæłžščő" "日本語中文" "Ωλ"
NAME_CHARS = LETTERS + " &.-'0123456789"


def random_invoice(rng):
    vendor = rng.choice(LETTERS) + "".join(rng.choice(NAME_CHARS)
                                           for _ in range(rng.randint(0, 30)))
    vendor = vendor.strip() or "X"
    cents = rng.choice([rng.randint(1, 999), rng.randint(1, 10**6), rng.randint(1, 10**10)])
    return Invoice(vendor=vendor, invoice_number=f"INV-{rng.randint(0, 10**7):07d}",
                   total=Decimal(cents) / 100, currency=rng.choice(CURRENCIES),
                   due_date=date(2020, 1, 1) + timedelta(days=rng.randint(0, 6000)))


def grouped(whole, separator):
    digits = str(whole)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return separator.join(groups)


def render_total(total, currency, rng):
    """The total as the model writes it: a JSON number, or a string in one of four styles."""
    whole, cents = divmod(int(total * 100), 100)
    style = rng.choice(["number", "english", "european", "plain comma"])
    if style == "number":
        return float(total)
    text = {"english": f"{grouped(whole, ',')}.{cents:02d}",
            "european": f"{grouped(whole, '.')},{cents:02d}",
            "plain comma": f"{whole},{cents:02d}"}[style]
    return f"{text} {currency}" if rng.random() < 0.5 else text


def render(invoice, rng):
    fields = {"vendor": invoice.vendor, "invoice_number": invoice.invoice_number,
              "total": render_total(invoice.total, invoice.currency, rng),
              "currency": invoice.currency, "due_date": invoice.due_date.isoformat()}
    keys = list(fields)
    rng.shuffle(keys)
    text = json.dumps({k: fields[k] for k in keys}, ensure_ascii=rng.random() < 0.3,
                      indent=rng.choice([None, 2]))
    if rng.random() < 0.4:
        text = text[:text.rfind("}")].rstrip() + ",\n}"
    if rng.random() < 0.4:
        text = "```json\n" + text + "\n```"
    if rng.random() < 0.2:
        text = "Here is the extracted invoice:\n" + text
    return text


def generated(seed=SEED, n=CASES):
    rng = random.Random(seed)
    return [(invoice, render(invoice, rng)) for invoice in (random_invoice(rng) for _ in range(n))]


@pytest.mark.parametrize("invoice, text", generated())
def test_any_valid_rendering_parses_back_to_the_same_invoice(invoice, text):
    assert parse_invoice(text) == invoice, text


ODD_VALUES = [None, True, 0, -1, 1e308, "", " ", "€", "日本", [], ["EUR"], {}, {"a": 1},
              "1.234,50 XYZ", "NaN", "2026-02-30", "\x00", "\ud7ff" * 3]


def broken_texts(seed=SEED + 1, n=CASES):
    rng = random.Random(seed)
    texts = []
    for invoice, text in generated(seed, n):
        data = json.loads(json.dumps({"vendor": invoice.vendor,
                                      "invoice_number": invoice.invoice_number,
                                      "total": str(invoice.total), "currency": invoice.currency,
                                      "due_date": invoice.due_date.isoformat()}))
        kind = rng.choice(["odd value", "drop field", "extra field", "cut", "noise"])
        if kind == "odd value":
            data[rng.choice(list(data))] = rng.choice(ODD_VALUES)
            texts.append(json.dumps(data, ensure_ascii=False))
        elif kind == "drop field":
            data.pop(rng.choice(list(data)))
            texts.append(json.dumps(data))
        elif kind == "extra field":
            data[rng.choice(["tax_id", "Vendor", "note", "ñ"])] = rng.choice(ODD_VALUES)
            texts.append(json.dumps(data, ensure_ascii=False))
        elif kind == "cut":
            texts.append(text[:rng.randint(0, len(text))])
        else:
            texts.append("".join(rng.choice(LETTERS + '{}[]",:` \n') for _ in range(60)))
    return texts


@pytest.mark.parametrize("text", broken_texts() + [
    '{"vendor": "A", "invoice_number": "1", "total": 1, "currency": ["EUR"], '
    '"due_date": "2026-01-01"}',  # found by the generator: raised TypeError
])
def test_whatever_the_text_the_parser_answers_and_never_raises(text):
    assert isinstance(parse_invoice(text), Invoice | ExtractionFailure)
