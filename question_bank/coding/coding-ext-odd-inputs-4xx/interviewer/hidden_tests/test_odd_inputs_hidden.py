"""Five odd requests to the churn /predict: each a 4xx, none reaching the model."""

import json

import joblib
import pytest

import app as service

GOOD = json.load(open("sample_requests.json"))[0]["body"]


@pytest.fixture
def client_and_calls(monkeypatch):
    calls = []
    real_load = joblib.load

    class Spy:
        def __init__(self, model):
            self.model = model
            self.model_version = getattr(model, "model_version", "unknown")

        def predict_proba(self, frame):
            calls.append(len(frame))
            return self.model.predict_proba(frame)

        def __getattr__(self, name):
            return getattr(self.model, name)

    monkeypatch.setattr(service.joblib, "load", lambda path: Spy(real_load(path)))
    return service.create_app("churn_model.joblib").test_client(), calls


def body_with(**changes):
    return json.dumps({**GOOD, **changes})


ODD = {
    "infinity": body_with().replace('"monthly_spend": 49.9', '"monthly_spend": 1e999'),
    "missing body": "",
    "deep nesting": '{"age": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "emoji id": body_with(country="\U0001F600\U0001F600\U0001F600"),
    "huge list": body_with(logins_30d=list(range(10_000))),
}


@pytest.mark.parametrize("name", ODD)
def test_odd_request_is_a_4xx_without_reaching_the_model(client_and_calls, name):
    client, calls = client_and_calls
    response = client.post("/predict", data=ODD[name], content_type="application/json")
    assert 400 <= response.status_code < 500, (name, response.status_code)
    assert calls == []


def test_a_good_request_still_reaches_the_model(client_and_calls):
    client, calls = client_and_calls
    assert client.post("/predict", json=GOOD).status_code == 200
    assert calls == [1]
