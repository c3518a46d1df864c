import json
import random
from pathlib import Path

import numpy as np
import pytest
from service import build_vector, create_app


def post(client, payload):
    """Send the body with its keys in the order given. (Flask's test client `json=` sorts keys,
    which would hide or fake the key-order problem.)"""
    return client.post("/predict", data=json.dumps(payload), content_type="application/json")


class RecordingModel:
    """Stub: returns a probability and remembers the vector it was given."""

    def __init__(self):
        self.seen = None

    def predict_proba(self, X):
        self.seen = X
        return np.array([[0.3, 0.7]])


COLUMNS = ["a", "b", "c"]


def test_vector_follows_training_column_order_not_key_order():
    assert build_vector({"c": 3, "a": 1, "b": 2}, COLUMNS).tolist() == [[1.0, 2.0, 3.0]]


def test_stubbed_model_gets_the_ordered_vector():
    model = RecordingModel()
    client = create_app(model, COLUMNS).test_client()
    r = post(client, {"features": {"b": 2, "c": 3, "a": 1}})
    assert r.status_code == 200 and r.get_json()["label"] == "churn"
    assert model.seen.tolist() == [[1.0, 2.0, 3.0]]


def test_shuffled_keys_give_the_same_probability_with_the_real_model(client, sample):
    first = post(client, sample).get_json()["probability"]
    items = list(sample["features"].items())
    random.Random(0).shuffle(items)
    again = post(client, {**sample, "features": dict(items)}).get_json()["probability"]
    assert first == again


def test_ios_sample_scores_like_the_web_sample(client, sample):
    ios = json.loads(Path("sample_request_ios.json").read_text())
    assert post(client, ios).get_json() ["probability"] == \
        post(client, sample).get_json()["probability"]


@pytest.mark.parametrize("mutate,field", [
    (lambda f: f.pop("age"), "age"),
    (lambda f: f.update(age="41"), "age"),
    (lambda f: f.update(age=-1), "age"),
    (lambda f: f.update(age=True), "age"),
])
def test_bad_features_are_400_with_the_field(client, sample, mutate, field):
    mutate(sample["features"])
    r = post(client, sample)
    assert r.status_code == 400 and r.get_json()["field"] == field
