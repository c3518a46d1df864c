from redaction import redact, restore


def test_email_is_replaced_and_restored():
    text = "Write to anna7@example.com please"
    redacted, mapping = redact(text)
    assert "anna7@example.com" not in redacted
    assert restore(redacted, mapping) == text


def test_card_number_with_spaces_is_redacted():
    redacted, _ = redact("My card is 4111 1111 1111 1111, thanks")
    assert "4111" not in redacted


def test_order_number_is_kept():
    text = "Order 2026666817769901 arrived broken"
    assert redact(text)[0] == text


def test_plain_phone_is_redacted():
    redacted, _ = redact("call 4155550132 today")
    assert "4155550132" not in redacted
