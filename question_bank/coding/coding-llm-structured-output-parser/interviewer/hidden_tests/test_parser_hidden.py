"""Grade parse_invoice on all 60 sample responses and the one-repair rule."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fake_model import FakeModel
from invoice_parser import ExtractionFailure, Invoice, extract_with_repair, parse_invoice
from samples import load_outputs

OUTPUTS = load_outputs()
EXPECTED = json.loads((Path(__file__).parent / "expected.json").read_text())
GOOD = ('{"vendor": "Blue Fjord AS", "invoice_number": "INV-2025001", "total": 99.9, '
        '"currency": "EUR", "due_date": "2026-04-30"}')


@pytest.mark.parametrize("case", EXPECTED, ids=lambda c: f"{c['index']:02d}-{c['kind']}")
def test_every_sample_response(case):
    result = parse_invoice(OUTPUTS[case["index"]])
    if case["ok"]:
        assert isinstance(result, Invoice), result
        assert result.total == Decimal(case["total"])
        assert (result.vendor, result.invoice_number, result.currency) == (
            case["vendor"], case["invoice_number"], case["currency"])
        assert result.due_date == date.fromisoformat(case["due_date"])
    else:
        assert isinstance(result, ExtractionFailure), result
        if case["field"]:
            assert result.field == case["field"]


def test_a_good_response_never_calls_the_model():
    model = FakeModel([])
    assert isinstance(extract_with_repair(GOOD, model), Invoice)
    assert model.prompts == []


def test_one_repair_with_the_error_and_the_output():
    bad = next(OUTPUTS[c["index"]] for c in EXPECTED if c["kind"] == "tax_id")
    model = FakeModel([GOOD])
    result = extract_with_repair(bad, model)
    assert isinstance(result, Invoice) and result.total == Decimal("99.9")
    assert len(model.prompts) == 1
    assert "tax_id" in model.prompts[0] and bad in model.prompts[0]


def test_a_failed_repair_is_a_failure_not_a_second_retry():
    bad = next(OUTPUTS[c["index"]] for c in EXPECTED if c["kind"] == "bad_currency")
    model = FakeModel([bad, GOOD])
    result = extract_with_repair(bad, model)
    assert isinstance(result, ExtractionFailure) and result.field == "currency"
    assert len(model.prompts) == 1


@pytest.mark.parametrize("value", ['["EUR"]', '{"code": "EUR"}', "978", "true"])
def test_a_currency_of_the_wrong_type_is_a_failure_not_a_crash(value):
    text = GOOD.replace('"EUR"', value)
    result = parse_invoice(text)
    assert isinstance(result, ExtractionFailure) and result.field == "currency"
