"""Hidden tests: the real artifact through the HTTP interface; key order must not matter,
a missing feature is a 400 naming it, bad values are 400s."""
import json
import random
from pathlib import Path

import numpy as np
import pytest
from service import create_app, load_model


def post(client, payload):
    """Send the body with its keys in the order given. (Flask's test client `json=` sorts keys,
    which would hide or fake the key-order problem.)"""
    return client.post("/predict", data=json.dumps(payload), content_type="application/json")


@pytest.fixture(scope="module")
def model_and_columns():
    return load_model()


@pytest.fixture
def client(model_and_columns):
    model, columns = model_and_columns
    return create_app(model, columns).test_client()


@pytest.fixture
def sample():
    return json.loads(Path("sample_request.json").read_text())


def expected_probability(model_and_columns, features):
    model, columns = model_and_columns
    return float(model.predict_proba(np.array([[float(features[c]) for c in columns]]))[0, 1])


def test_golden_prediction_in_training_order(client, sample, model_and_columns):
    body = post(client, sample).get_json()
    assert body["probability"] == pytest.approx(expected_probability(model_and_columns, sample["features"]), abs=1e-6)
    assert body["label"] in ("churn", "stay")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_key_order_does_not_change_the_prediction(client, sample, model_and_columns, seed):
    items = list(sample["features"].items())
    random.Random(seed).shuffle(items)
    body = post(client, {**sample, "features": dict(items)}).get_json()
    assert body["probability"] == pytest.approx(expected_probability(model_and_columns, sample["features"]), abs=1e-6)


def test_ios_client_key_order(client, model_and_columns):
    ios = json.loads(Path("sample_request_ios.json").read_text())
    body = post(client, ios).get_json()
    assert body["probability"] == pytest.approx(expected_probability(model_and_columns, ios["features"]), abs=1e-6)


def test_missing_feature_is_a_400_naming_it(client, sample):
    del sample["features"]["late_payments_12m"]
    r = post(client, sample)
    assert r.status_code == 400
    assert "late_payments_12m" in json.dumps(r.get_json())


@pytest.mark.parametrize("value", ["41", None, [41], True])
def test_non_numeric_feature_is_a_400(client, sample, value):
    sample["features"]["age"] = value
    assert post(client, sample).status_code == 400


def test_not_json_is_a_400(client):
    assert client.post("/predict", data="hello", content_type="text/plain").status_code == 400
