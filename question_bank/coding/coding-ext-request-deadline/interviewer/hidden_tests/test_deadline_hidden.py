"""Grade the 300 ms deadline through create_app(registry, clock=...) and POST /recommend.

The current model in a copy of the registry is a fake that spends time on a fake clock, so a
slow model is simulated without sleeping. Past the deadline the answer must come from the
popular-items rule with reason "deadline".
"""

import hashlib
import json
import pickle
import shutil

import pytest

from registry import FileRegistry
from service import create_app

POPULAR = json.load(open("data/popular_items.json"))
ITEMS = ["sku-x1", "sku-x2", "sku-x3", "sku-x4", "sku-x5"]


class FakeClock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


CLOCK = FakeClock()
CALLS = []


class TimedModel:
    def __init__(self, seconds):
        self.seconds = seconds

    def recommend(self, user_id, k=5):
        CALLS.append(user_id)
        CLOCK.advance(self.seconds)
        return ITEMS[:k]


@pytest.fixture(autouse=True)
def fresh_clock():
    CLOCK.now = 5000.0
    CALLS.clear()


def registry_serving(tmp_path, seconds):
    root = tmp_path / "registry"
    shutil.copytree("registry", root)
    data = pickle.dumps(TimedModel(seconds))
    (root / "recs" / "8" / "model.pkl").write_bytes(data)
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["recs"]["versions"]["8"]["sha256"] = hashlib.sha256(data).hexdigest()
    (root / "manifest.json").write_text(json.dumps(manifest))
    return FileRegistry(root)


def ask(client, k=3):
    response = client.post("/recommend", json={"user_id": "u-9", "k": k})
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("seconds", [0.0, 0.05, 0.25])
def test_a_model_inside_the_budget_answers(tmp_path, seconds):
    client = create_app(registry_serving(tmp_path, seconds), clock=CLOCK).test_client()
    body = ask(client)
    assert body["items"] == ITEMS[:3]
    assert body["source"] == "recs@8"
    assert body.get("reason") != "deadline"


@pytest.mark.parametrize("seconds", [0.35, 0.5, 30.0])
def test_a_model_past_the_deadline_gives_the_fallback_with_the_reason(tmp_path, seconds):
    client = create_app(registry_serving(tmp_path, seconds), clock=CLOCK).test_client()
    body = ask(client)
    assert body["items"] == POPULAR[:3]
    assert body["source"] == "popular_items"
    assert body.get("reason") == "deadline"


def test_the_deadline_starts_when_the_request_arrives_not_at_start_up(tmp_path):
    client = create_app(registry_serving(tmp_path, 0.1), clock=CLOCK).test_client()
    CLOCK.advance(3600)  # the pod sat idle for an hour
    assert ask(client)["source"] == "recs@8"


def test_each_request_gets_its_own_budget(tmp_path):
    client = create_app(registry_serving(tmp_path, 0.2), clock=CLOCK).test_client()
    assert [ask(client)["source"] for _ in range(4)] == ["recs@8"] * 4
    assert len(CALLS) == 4


def test_without_an_injected_clock_the_real_model_still_answers():
    body = ask(create_app(FileRegistry("registry")).test_client())
    assert body["source"] == "recs@8"
    assert len(body["items"]) == 3
