"""Two churn model versions side by side: stable routing, pins, unknown versions."""

import json

import joblib
import pandas as pd
import pytest

from app import create_app
from router import bucket

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]
COLUMNS = [c["name"] for c in json.load(open("model_card.json"))["columns"]]
STABLE, NEW = "churn-2026.03.1", "churn-2026.04.1"


@pytest.fixture(scope="module")
def second_version(tmp_path_factory):
    model = joblib.load("churn_model.joblib")
    model.named_steps["classifier"].intercept_ += 1.0
    model.model_version = NEW
    path = tmp_path_factory.mktemp("models") / "churn_model_v2.joblib"
    joblib.dump(model, path)
    return str(path)


def score_of(path):
    row = {c: SAMPLE[c] for c in COLUMNS} | {"autopay": int(SAMPLE["autopay"])}
    frame = pd.DataFrame([row], columns=COLUMNS)
    return float(joblib.load(path).predict_proba(frame)[0, 1])


def client(second_version, percent):
    return create_app(versions={STABLE: "churn_model.joblib", NEW: second_version},
                      rollout_percent=percent).test_client()


def answer(client, customer=None, pin=None):
    headers = {k: v for k, v in (("X-Customer-Id", customer), ("X-Model-Version", pin)) if v}
    return client.post("/predict", json=SAMPLE, headers=headers)


def test_a_caller_that_sends_nothing_new_gets_the_current_version():
    response = create_app().test_client().post("/predict", json=SAMPLE)
    assert response.status_code == 200
    assert response.get_json()["model_version"] == STABLE


def test_the_bucket_is_stable_and_spread():
    assert bucket("c-1") == bucket("c-1")
    values = [bucket(f"c-{n}") for n in range(2000)]
    assert 0 <= min(values) and max(values) < 100
    assert 0.08 < sum(v < 10 for v in values) / len(values) < 0.12


def test_routing_follows_the_percentage_and_the_score_matches_the_version(second_version):
    app = client(second_version, 10)
    expected = {STABLE: score_of("churn_model.joblib"), NEW: score_of(second_version)}
    served = []
    for n in range(200):
        body = answer(app, customer=f"c-{n}").get_json()
        assert body["score"] == pytest.approx(expected[body["model_version"]], abs=1e-9)
        served.append(body["model_version"])
    assert 0.05 < served.count(NEW) / len(served) < 0.15


def test_a_pin_wins_over_the_percentage(second_version):
    assert answer(client(second_version, 0), "c-1", pin=NEW).get_json()["model_version"] == NEW
    assert answer(client(second_version, 100), "c-1", pin=STABLE).get_json()[
        "model_version"] == STABLE


def test_an_unknown_version_is_a_422_naming_it(second_version):
    response = answer(client(second_version, 10), "c-1", pin="churn-1999.01.1")
    assert response.status_code == 422
    assert "churn-1999.01.1" in response.get_data(as_text=True)
