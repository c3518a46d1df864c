"""The failure path I trust least: a truncated upload whose checksum in the manifest matches.

A missing file or a checksum mismatch is caught before unpickling. A truncated file whose
uploader recorded the checksum of the truncated bytes passes the checksum check, so only the
guard around pickle.loads stands between it and a crash-loop. This test makes exactly that
happen, through a damaged copy of the registry, and checks what the caller sees.
"""

import hashlib
import json
import pickle
import shutil

import pytest

from registry import FileRegistry
from service import create_app


@pytest.fixture
def registry_dir(tmp_path):
    target = tmp_path / "registry"
    shutil.copytree("registry", target)
    return target


def test_the_healthy_registry_serves_the_current_version(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    response = client.post("/recommend", json={"user_id": "u-1", "k": 3})
    assert response.status_code == 200
    assert response.get_json()["source"] == "recs@8"


def test_a_truncated_upload_with_a_matching_checksum_falls_back_to_v7(registry_dir):
    truncated = open("data/corrupt_model.pkl", "rb").read()
    (registry_dir / "recs" / "8" / "model.pkl").write_bytes(truncated)
    manifest = json.loads((registry_dir / "manifest.json").read_text())
    manifest["recs"]["versions"]["8"]["sha256"] = hashlib.sha256(truncated).hexdigest()
    (registry_dir / "manifest.json").write_text(json.dumps(manifest))
    v7 = pickle.loads((registry_dir / "recs" / "7" / "model.pkl").read_bytes())

    client = create_app(FileRegistry(registry_dir)).test_client()
    response = client.post("/recommend", json={"user_id": "u-1", "k": 3})

    assert response.status_code == 200
    assert response.get_json() == {"items": v7.recommend("u-1", 3), "source": "recs@7"}
    assert "recs@7" in client.get("/ready").get_data(as_text=True)
