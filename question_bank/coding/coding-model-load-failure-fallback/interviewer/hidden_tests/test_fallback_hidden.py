"""Grade the loader through create_app(registry): never crash, fall back in order, say so."""

import json
import pickle
import shutil

import pytest

from registry import FileRegistry
from service import create_app

POPULAR = json.load(open("data/popular_items.json"))


@pytest.fixture
def registry_dir(tmp_path):
    target = tmp_path / "registry"
    shutil.copytree("registry", target)
    return target


def model_file(root, version):
    return root / "recs" / str(version) / "model.pkl"


def serve(root):
    client = create_app(FileRegistry(root)).test_client()
    ready = client.get("/ready")
    answer = client.post("/recommend", json={"user_id": "u-7", "k": 3})
    assert answer.status_code == 200
    return ready, answer.get_json()


def expected_items(root, version):
    model = pickle.loads(model_file(root, version).read_bytes())
    return model.recommend("u-7", 3)


def test_healthy_registry_serves_the_current_version_and_says_so(registry_dir):
    ready, body = serve(registry_dir)
    assert body["items"] == expected_items(registry_dir, 8)
    assert body["source"] == "recs@8" and "recs@8" in ready.get_data(as_text=True)


def test_missing_artifact_falls_back_to_the_previous_version(registry_dir):
    model_file(registry_dir, 8).unlink()
    ready, body = serve(registry_dir)
    assert body["items"] == expected_items(registry_dir, 7) and body["source"] == "recs@7"
    assert "recs@7" in ready.get_data(as_text=True)


def test_truncated_artifact_falls_back_to_the_previous_version(registry_dir):
    shutil.copyfile("data/corrupt_model.pkl", model_file(registry_dir, 8))
    _, body = serve(registry_dir)
    assert body["source"] == "recs@7"


def test_checksum_mismatch_is_refused_even_when_the_pickle_loads(registry_dir):
    shutil.copyfile(model_file(registry_dir, 7), model_file(registry_dir, 8))
    manifest = json.loads((registry_dir / "manifest.json").read_text())
    assert manifest["recs"]["versions"]["8"]["sha256"] != manifest["recs"]["versions"]["7"][
        "sha256"]
    _, body = serve(registry_dir)
    assert body["source"] == "recs@7"


def test_nothing_loads_so_the_rule_based_default_answers(registry_dir):
    shutil.copyfile("data/corrupt_model.pkl", model_file(registry_dir, 8))
    model_file(registry_dir, 7).unlink()
    ready, body = serve(registry_dir)
    assert body["items"] == POPULAR[:3]
    assert body["source"] == "popular_items"
    assert "popular_items" in ready.get_data(as_text=True)
