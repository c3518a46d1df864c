"""Grade /predict through the README's interface: create_app(model_path) and POST /predict."""

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


@pytest.fixture(scope="module")
def client():
    return create_app("churn_model.joblib").test_client()


def rejected(response, field):
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(True))
    assert field in response.get_data(as_text=True)


def test_golden_request_scores_like_the_model_with_version_and_request_id(client):
    first = client.post("/predict", json=SAMPLES[0])
    second = client.post("/predict", json=SAMPLES[0])
    assert first.status_code == 200
    body = first.get_json()
    assert body["score"] == pytest.approx(expected(SAMPLES[0]), abs=1e-9)
    assert body["model_version"] == "churn-2026.03.1"
    assert body["request_id"] and body["request_id"] != second.get_json()["request_id"]


@pytest.mark.parametrize("index", [1, 6])
def test_missing_optional_fields_are_left_to_the_pipeline_imputer(client, index):
    response = client.post("/predict", json=SAMPLES[index])
    assert response.status_code == 200
    assert response.get_json()["score"] == pytest.approx(expected(SAMPLES[index]), abs=1e-9)


def test_decimal_comma_is_parsed_or_rejected_never_defaulted(client):
    response = client.post("/predict", json=SAMPLES[2])
    if response.status_code == 200:
        fixed = dict(SAMPLES[2], monthly_spend=49.90)
        assert response.get_json()["score"] == pytest.approx(expected(fixed), abs=1e-9)
    else:
        rejected(response, "monthly_spend")


def test_extra_field_is_ignored_or_named(client):
    response = client.post("/predict", json=SAMPLES[3])
    if response.status_code == 200:
        plain = {k: v for k, v in SAMPLES[3].items() if k != "promo_code"}
        assert response.get_json()["score"] == pytest.approx(expected(plain), abs=1e-9)
    else:
        rejected(response, "promo_code")


def test_negative_age_is_a_4xx_naming_age(client):
    rejected(client.post("/predict", json=SAMPLES[4]), "age")


def test_field_order_does_not_change_the_score(client):
    response = client.post("/predict", json=SAMPLES[5])
    assert response.status_code == 200
    assert response.get_json()["score"] == pytest.approx(expected(SAMPLES[5]), abs=1e-9)


@pytest.mark.parametrize("field,value", [("plan", None), ("logins_30d", "many"),
                                         ("plan", "gold"), ("autopay", "sometimes")])
def test_bad_required_fields_are_4xx_naming_the_field(client, field, value):
    body = dict(SAMPLES[0])
    if value is None:
        body.pop(field)
    else:
        body[field] = value
    rejected(client.post("/predict", json=body), field)


def test_a_body_that_is_not_json_is_a_4xx_not_a_score(client):
    response = client.post("/predict", data="age=34", content_type="text/plain")
    assert 400 <= response.status_code < 500
