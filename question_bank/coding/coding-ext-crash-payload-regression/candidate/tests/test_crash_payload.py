"""Yesterday's crashing payload, rebuilt from sample 1: a start for the regression test.

This covers the "NaN" and the nested object. Adding the 2 MB field, and saving the payload
under tests/fixtures/, is your part.
"""

import json

from app import create_app

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]


def crash_payload():
    return {**SAMPLE, "age": 41, "monthly_spend": "NaN", "plan": {"name": "plus"},
            "country": "DE", "device": "web"}


def test_nan_and_a_nested_plan_are_a_4xx_naming_both_fields():
    response = create_app().test_client().post("/predict", json=crash_payload())
    assert 400 <= response.status_code < 500
    text = response.get_data(as_text=True)
    assert "monthly_spend" in text and "plan" in text
