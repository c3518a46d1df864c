"""Grade the rollout through the README's interface.

create_app(model_path=..., versions={name: path, ...}, rollout_percent=N); the header
X-Customer-Id routes, X-Model-Version pins; the response's model_version says who answered.
The second artifact is the churn model with a shifted intercept, so the score shows which
model really answered.
"""

import json
import os
import subprocess
import sys

import joblib
import pandas as pd
import pytest

import app as service

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]
COLUMNS = [c["name"] for c in json.load(open("model_card.json"))["columns"]]
STABLE, NEW = "churn-2026.03.1", "churn-2026.04.1"
CUSTOMERS = [f"cust-{n:05d}" for n in range(400)]


@pytest.fixture(scope="module")
def new_path(tmp_path_factory):
    model = joblib.load("churn_model.joblib")
    model.named_steps["classifier"].intercept_ += 1.0
    model.model_version = NEW
    path = tmp_path_factory.mktemp("v2") / "churn_model_v2.joblib"
    joblib.dump(model, path)
    return str(path)


@pytest.fixture(scope="module")
def expected(new_path):
    row = {c: SAMPLE[c] for c in COLUMNS} | {"autopay": int(SAMPLE["autopay"])}
    frame = pd.DataFrame([row], columns=COLUMNS)
    return {name: float(joblib.load(path).predict_proba(frame)[0, 1])
            for name, path in ((STABLE, "churn_model.joblib"), (NEW, new_path))}


def make(new_path, percent):
    return service.create_app(versions={STABLE: "churn_model.joblib", NEW: new_path},
                              rollout_percent=percent).test_client()


def post(client, customer=None, pin=None):
    headers = {}
    if customer:
        headers["X-Customer-Id"] = customer
    if pin:
        headers["X-Model-Version"] = pin
    return client.post("/predict", json=SAMPLE, headers=headers)


def served(client, customers):
    return {c: post(client, c).get_json()["model_version"] for c in customers}


def test_the_old_signature_and_the_old_request_shape_still_work(expected):
    response = service.create_app("churn_model.joblib").test_client().post("/predict",
                                                                          json=SAMPLE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["model_version"] == STABLE
    assert body["score"] == pytest.approx(expected[STABLE], abs=1e-9)


def test_a_request_with_no_routing_key_gets_the_stable_version(new_path):
    client = make(new_path, 50)
    assert {post(client).get_json()["model_version"] for _ in range(20)} == {STABLE}


def test_the_split_follows_the_percentage_and_each_score_comes_from_its_version(new_path,
                                                                                 expected):
    client = make(new_path, 10)
    on_new = 0
    for customer in CUSTOMERS:
        body = post(client, customer).get_json()
        assert body["model_version"] in (STABLE, NEW)
        assert body["score"] == pytest.approx(expected[body["model_version"]], abs=1e-9)
        on_new += body["model_version"] == NEW
    assert 0.05 <= on_new / len(CUSTOMERS) <= 0.15, on_new


def test_the_same_customer_always_gets_the_same_version(new_path):
    client = make(new_path, 30)
    first = served(client, CUSTOMERS[:60])
    assert served(client, CUSTOMERS[:60]) == first
    assert served(make(new_path, 30), CUSTOMERS[:60]) == first  # a restarted pod agrees


def test_routing_does_not_depend_on_the_process_hash_seed(new_path):
    here = served(make(new_path, 30), CUSTOMERS[:25])
    script = (
        "import json, sys\n"
        "import app\n"
        f"client = app.create_app(versions={{{STABLE!r}: 'churn_model.joblib', "
        f"{NEW!r}: {new_path!r}}}, rollout_percent=30).test_client()\n"
        f"body = json.load(open('sample_requests.json'))[0]['body']\n"
        f"out = {{c: client.post('/predict', json=body, headers={{'X-Customer-Id': c}})"
        f".get_json()['model_version'] for c in {CUSTOMERS[:25]!r}}}\n"
        "print(json.dumps(out))\n")
    env = dict(os.environ, PYTHONHASHSEED="4242")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=60, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == here


def test_raising_the_percentage_only_moves_customers_to_the_new_version(new_path):
    at_10 = served(make(new_path, 10), CUSTOMERS[:120])
    at_40 = served(make(new_path, 40), CUSTOMERS[:120])
    assert all(at_40[c] == NEW for c, version in at_10.items() if version == NEW)
    assert sum(v == NEW for v in at_40.values()) > sum(v == NEW for v in at_10.values())


@pytest.mark.parametrize("percent,expected_version", [(0, STABLE), (100, NEW)])
def test_zero_and_a_hundred_percent(new_path, percent, expected_version):
    assert set(served(make(new_path, percent), CUSTOMERS[:50]).values()) == {expected_version}


def test_a_pin_overrides_the_percentage(new_path, expected):
    body = post(make(new_path, 0), CUSTOMERS[0], pin=NEW).get_json()
    assert body["model_version"] == NEW
    assert body["score"] == pytest.approx(expected[NEW], abs=1e-9)
    assert post(make(new_path, 100), CUSTOMERS[0], pin=STABLE).get_json()[
        "model_version"] == STABLE


def test_an_unknown_pinned_version_is_a_4xx_naming_it(new_path):
    response = post(make(new_path, 10), CUSTOMERS[0], pin="churn-1999.01.1")
    assert 400 <= response.status_code < 500, response.status_code
    assert "churn-1999.01.1" in response.get_data(as_text=True)


def test_each_artifact_is_loaded_once_not_per_request(new_path, monkeypatch):
    loads = []
    real_load = joblib.load
    monkeypatch.setattr(service.joblib, "load", lambda path: loads.append(path) or
                        real_load(path))
    client = make(new_path, 50)
    for customer in CUSTOMERS[:20]:
        assert post(client, customer).status_code == 200
    assert len(loads) == 2
