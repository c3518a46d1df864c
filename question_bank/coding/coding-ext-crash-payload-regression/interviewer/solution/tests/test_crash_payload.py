"""Regression tests for the payload that crashed /predict on 2026-03-09.

The fixture keeps the body as it arrived, except the 2 MB `notes` field, which is rebuilt here
from its recorded size so the repository does not hold 2 MB of text.
"""

import json
from pathlib import Path

import pytest

from app import MAX_BODY_BYTES, create_app

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "crash_2026-03-09_predict.json")
                     .read_text())
SAMPLE = json.load(open("sample_requests.json"))[0]["body"]


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def test_the_incident_payload_is_refused_before_parsing(client):
    body = {**FIXTURE["body"], "notes": "x" * FIXTURE["notes_bytes"]}
    response = client.post("/predict", json=body)
    assert response.status_code == 413
    assert response.get_json()["error"] == "body_too_large"


def test_without_the_big_field_nan_and_the_nested_plan_are_named(client):
    response = client.post("/predict", json=FIXTURE["body"])
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert fields == {"monthly_spend", "plan"}


@pytest.mark.parametrize("raw", ['"NaN"', "NaN", '"Infinity"', "-Infinity", '"nan"'])
def test_every_spelling_of_nan_and_infinity_is_a_422(client, raw):
    text = json.dumps(SAMPLE).replace('"monthly_spend": 49.9', f'"monthly_spend": {raw}')
    response = client.post("/predict", data=text, content_type="application/json")
    assert response.status_code == 422
    assert "monthly_spend" in response.get_data(as_text=True)


def test_a_body_just_under_the_limit_is_still_parsed(client):
    padding = MAX_BODY_BYTES - len(json.dumps(SAMPLE)) - 100
    response = client.post("/predict", json={**SAMPLE, "notes": "x" * padding})
    assert response.status_code == 200
