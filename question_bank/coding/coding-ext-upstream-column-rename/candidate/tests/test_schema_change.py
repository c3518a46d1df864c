"""A start for the schema-change tests: today's request, under today's names, still scores."""

import json

from app import create_app

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]


def test_todays_request_with_monthly_spend_still_scores():
    response = create_app().test_client().post("/predict", json=SAMPLE)
    assert response.status_code == 200
    assert 0 <= response.get_json()["score"] <= 1
