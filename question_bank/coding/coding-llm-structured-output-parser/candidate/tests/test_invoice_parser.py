from invoice_parser import parse_invoice

GOOD = """{"vendor": "Blue Fjord AS", "invoice_number": "INV-2025001", "total": 120.5,
"currency": "EUR", "due_date": "2026-04-30"}"""


def test_parses_a_clean_response():
    invoice = parse_invoice(GOOD)
    assert invoice.vendor == "Blue Fjord AS"
    assert invoice.total == 120.5
