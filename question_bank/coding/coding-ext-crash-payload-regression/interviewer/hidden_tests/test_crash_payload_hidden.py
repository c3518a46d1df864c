"""Yesterday's crashing payload against /predict: every part refused at the right layer.

The NaN and the nested object must be 4xx answers naming the field; the 2 MB body must be a 413
given before any JSON is parsed; none of it may reach the model.
"""

import json

import joblib
import pytest

import app as service

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]
TWO_MB = 2 * 1024 * 1024


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


def crash_payload(notes):
    return {**SAMPLE, "age": 41, "monthly_spend": "NaN", "plan": {"name": "plus"},
            "country": "DE", "device": "web", "notes": notes}


def test_the_whole_crash_payload_is_a_4xx_and_never_scored(client_and_calls):
    client, calls = client_and_calls
    response = client.post("/predict", json=crash_payload("x" * TWO_MB))
    assert 400 <= response.status_code < 500, response.status_code
    assert calls == []


def test_an_oversized_body_is_a_413_before_any_json_is_parsed(client_and_calls, monkeypatch):
    client, calls = client_and_calls
    parsed = []
    real_loads = json.loads

    def counting_loads(text, *args, **kwargs):
        parsed.append(len(text))
        return real_loads(text, *args, **kwargs)

    body = json.dumps({**SAMPLE, "notes": "x" * TWO_MB})  # valid in every other way
    monkeypatch.setattr(json, "loads", counting_loads)
    response = client.post("/predict", data=body, content_type="application/json")
    assert response.status_code == 413
    assert not any(size >= TWO_MB for size in parsed), "the 2 MB body was parsed"
    assert calls == []


@pytest.mark.parametrize("raw", ['"NaN"', "NaN", '"Infinity"', "Infinity", "-Infinity"])
def test_nan_and_infinity_are_a_4xx_naming_the_field(client_and_calls, raw):
    client, calls = client_and_calls
    text = json.dumps(SAMPLE).replace('"monthly_spend": 49.9', f'"monthly_spend": {raw}')
    assert raw in text
    response = client.post("/predict", data=text, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "monthly_spend" in response.get_data(as_text=True)
    assert calls == []


@pytest.mark.parametrize("field,value", [("plan", {"name": "plus"}), ("country", ["DE"]),
                                         ("device", {"os": "web"})])
def test_an_object_or_list_where_text_belongs_is_a_4xx_naming_the_field(client_and_calls,
                                                                       field, value):
    client, calls = client_and_calls
    response = client.post("/predict", json={**SAMPLE, field: value})
    assert 400 <= response.status_code < 500
    assert field in response.get_data(as_text=True)
    assert calls == []


def test_an_ordinary_request_with_a_short_extra_field_is_still_scored(client_and_calls):
    client, calls = client_and_calls
    response = client.post("/predict", json={**SAMPLE, "notes": "called about the invoice"})
    assert response.status_code == 200
    assert calls == [1]
