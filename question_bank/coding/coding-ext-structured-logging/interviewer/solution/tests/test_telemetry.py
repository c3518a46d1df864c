"""Telemetry tests: the fallback counter moves, degraded answers log one JSON line each."""

import json
import logging
import shutil

import pytest

from registry import FileRegistry
from service import create_app


@pytest.fixture
def registry_dir(tmp_path):
    target = tmp_path / "registry"
    shutil.copytree("registry", target)
    return target


def outcomes(client):
    return client.get("/metrics").get_json()["outcomes"]


def test_a_healthy_registry_is_served_by_the_current_model(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    body = client.post("/recommend", json={"user_id": "u-1", "k": 3}).get_json()
    assert body["source"] == "recs@8"
    assert outcomes(client)["primary"] == 1


def test_a_missing_artifact_moves_the_fallback_counter_and_logs_one_line(registry_dir, caplog):
    (registry_dir / "recs" / "8" / "model.pkl").unlink()
    client = create_app(FileRegistry(registry_dir)).test_client()
    caplog.set_level(logging.INFO)
    caplog.clear()
    client.post("/recommend", json={"user_id": "ana@example.com", "k": 3},
                headers={"X-Request-Id": "req-1"})
    assert outcomes(client) == {"primary": 0, "fallback_previous": 1, "fallback_rule": 0,
                                "rejected": 0}
    lines = [json.loads(r.getMessage()) for r in caplog.records]
    assert lines == [{"event": "degraded_response", "request_id": "req-1",
                      "outcome": "fallback_previous", "reason": "artifact_missing",
                      "source": "recs@7"}]
    assert "ana@example.com" not in caplog.text


def test_a_request_without_user_id_counts_as_rejected(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    assert client.post("/recommend", json={"k": 3}).status_code == 400
    assert outcomes(client)["rejected"] == 1
