"""The upstream change: monthly_spend becomes monthly_spend_eur, plan gains family and student."""

import json

import pytest

from app import create_app

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]


def renamed(body):
    body = dict(body)
    body["monthly_spend_eur"] = body.pop("monthly_spend")
    return body


@pytest.fixture
def client():
    return create_app().test_client()


def test_todays_request_with_monthly_spend_still_scores(client):
    response = client.post("/predict", json=SAMPLE)
    assert response.status_code == 200
    assert 0 <= response.get_json()["score"] <= 1


def test_the_new_name_scores_exactly_like_the_old_one(client):
    old = client.post("/predict", json=SAMPLE).get_json()
    new = client.post("/predict", json=renamed(SAMPLE)).get_json()
    assert new["score"] == old["score"]
    assert "monthly_spend_eur" not in new["ignored_fields"]


def test_neither_name_is_a_422_naming_the_new_one(client):
    body = {k: v for k, v in SAMPLE.items() if k != "monthly_spend"}
    response = client.post("/predict", json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["monthly_spend_eur"]


def test_both_names_with_different_values_is_a_422(client):
    response = client.post("/predict", json={**SAMPLE, "monthly_spend_eur": 12.0})
    assert response.status_code == 422


def test_new_plans_are_refused_by_name_and_counted(client):
    for plan in ("family", "family", "student"):
        response = client.post("/predict", json={**SAMPLE, "plan": plan})
        assert response.status_code == 422
        assert "plan" in response.get_data(as_text=True)
    client.post("/predict", json=SAMPLE)
    counts = client.get("/metrics").get_json()["unseen_categories"]
    assert counts == {"plan": {"family": 2, "student": 1}}
