"""Deadline tests for /recommend with a fake clock: no sleeping, no real slowness."""

import hashlib
import json
import pickle
import shutil

from registry import FileRegistry
from service import create_app

POPULAR = json.load(open("data/popular_items.json"))


class FakeClock:
    """Seconds, like time.monotonic(), but they only move when a test says so."""

    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


CLOCK = FakeClock()


class TimedModel:
    """A stand-in for the recs model that takes `seconds` of CLOCK time to answer."""

    def __init__(self, seconds, items):
        self.seconds = seconds
        self.items = list(items)

    def recommend(self, user_id, k=5):
        CLOCK.advance(self.seconds)
        return self.items[:k]


def registry_serving(model, tmp_path):
    """A copy of registry/ whose current version (8) is `model`."""
    root = tmp_path / "registry"
    shutil.copytree("registry", root)
    data = pickle.dumps(model)
    (root / "recs" / "8" / "model.pkl").write_bytes(data)
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["recs"]["versions"]["8"]["sha256"] = hashlib.sha256(data).hexdigest()
    (root / "manifest.json").write_text(json.dumps(manifest))
    return FileRegistry(root)


def test_a_fast_model_answers(tmp_path):
    model = TimedModel(0.01, ["sku-a", "sku-b", "sku-c", "sku-d"])
    client = create_app(registry_serving(model, tmp_path)).test_client()
    body = client.post("/recommend", json={"user_id": "u-1", "k": 3}).get_json()
    assert body["items"] == ["sku-a", "sku-b", "sku-c"]
    assert body["source"] == "recs@8"


def test_a_model_slower_than_the_deadline_gives_popular_items_with_the_reason(tmp_path):
    model = TimedModel(0.4, ["sku-a", "sku-b", "sku-c"])
    client = create_app(registry_serving(model, tmp_path), clock=CLOCK).test_client()
    body = client.post("/recommend", json={"user_id": "u-1", "k": 2}).get_json()
    assert body == {"items": POPULAR[:2], "source": "popular_items", "reason": "deadline"}


def test_the_deadline_is_per_request(tmp_path):
    model = TimedModel(0.2, ["sku-a", "sku-b", "sku-c"])
    client = create_app(registry_serving(model, tmp_path), clock=CLOCK).test_client()
    CLOCK.advance(60)
    sources = [client.post("/recommend", json={"user_id": "u-1", "k": 1}).get_json()["source"]
               for _ in range(3)]
    assert sources == ["recs@8"] * 3
