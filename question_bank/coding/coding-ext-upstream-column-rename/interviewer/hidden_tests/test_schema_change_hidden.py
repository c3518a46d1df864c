"""Grade the upstream change through the README's interface.

monthly_spend_eur replaces monthly_spend (both accepted), plan gains family and student (refused
by name, or scored and flagged in `unseen_categories`), and GET /metrics counts unseen values.
"""

import json
import math

import joblib
import pandas as pd
import pytest

from app import create_app

CARD = json.load(open("model_card.json"))
COLUMNS = [c["name"] for c in CARD["columns"]]
SAMPLES = [s["body"] for s in json.load(open("sample_requests.json"))]
MODEL = joblib.load("churn_model.joblib")


def expected(body):
    row = {c: body.get(c, math.nan) for c in COLUMNS}
    row["autopay"] = int(row["autopay"])
    return float(MODEL.predict_proba(pd.DataFrame([row], columns=COLUMNS))[0, 1])


def renamed(body):
    body = dict(body)
    body["monthly_spend_eur"] = body.pop("monthly_spend")
    return body


@pytest.fixture
def client():
    return create_app("churn_model.joblib").test_client()


@pytest.mark.parametrize("index", [0, 1, 5])
def test_the_old_name_still_scores(client, index):
    response = client.post("/predict", json=SAMPLES[index])
    assert response.status_code == 200
    assert response.get_json()["score"] == pytest.approx(expected(SAMPLES[index]), abs=1e-9)


@pytest.mark.parametrize("index", [0, 1, 5])
def test_the_new_name_scores_like_the_old_one(client, index):
    response = client.post("/predict", json=renamed(SAMPLES[index]))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["score"] == pytest.approx(expected(SAMPLES[index]), abs=1e-9)


def test_the_new_name_goes_through_the_same_validation(client):
    response = client.post("/predict", json=renamed({**SAMPLES[0], "monthly_spend": -5}))
    assert 400 <= response.status_code < 500
    assert "monthly_spend" in response.get_data(as_text=True)


def test_neither_name_is_a_4xx_naming_the_field(client):
    body = {k: v for k, v in SAMPLES[0].items() if k != "monthly_spend"}
    response = client.post("/predict", json=body)
    assert 400 <= response.status_code < 500
    assert "monthly_spend" in response.get_data(as_text=True)


def test_both_names_with_the_same_value_are_accepted(client):
    response = client.post("/predict", json={**SAMPLES[0], "monthly_spend_eur": 49.9})
    assert response.status_code == 200
    assert response.get_json()["score"] == pytest.approx(expected(SAMPLES[0]), abs=1e-9)


def test_both_names_with_different_values_are_a_4xx(client):
    response = client.post("/predict", json={**SAMPLES[0], "monthly_spend_eur": 12.0})
    assert 400 <= response.status_code < 500
    assert "monthly_spend" in response.get_data(as_text=True)


@pytest.mark.parametrize("plan", ["family", "student"])
def test_a_new_plan_is_refused_by_name_or_scored_and_flagged(client, plan):
    response = client.post("/predict", json={**SAMPLES[0], "plan": plan})
    assert response.status_code < 500
    if response.status_code == 200:
        assert "plan" in json.dumps(response.get_json().get("unseen_categories"))
    else:
        assert 400 <= response.status_code < 500
        assert "plan" in response.get_data(as_text=True)


def test_unseen_plans_are_counted_by_value(client):
    for plan in ("family", "student", "family", "basic", "premium"):
        client.post("/predict", json={**SAMPLES[0], "plan": plan})
    client.post("/predict", json=renamed({**SAMPLES[0], "plan": "family"}))
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.get_json()["unseen_categories"]["plan"] == {"family": 3, "student": 1}


def test_a_fresh_app_has_counted_nothing_yet(client):
    counts = client.get("/metrics").get_json()["unseen_categories"]
    assert not counts.get("plan")
