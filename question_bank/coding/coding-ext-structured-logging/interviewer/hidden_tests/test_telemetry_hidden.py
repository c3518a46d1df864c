"""Grade the telemetry through the README's interface.

GET /metrics answers JSON whose `outcomes` counts primary, fallback_previous, fallback_rule and
rejected answers, plus a latency measure; each degraded answer logs a structured line (JSON or
key=value) with request_id and reason; nothing from the request body reaches the logs.
"""

import json
import logging
import re
import shutil

import pytest

from registry import FileRegistry
from service import create_app

USER = "maria.lopez@example.com"
PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


@pytest.fixture
def registry_dir(tmp_path):
    target = tmp_path / "registry"
    shutil.copytree("registry", target)
    return target


def model_file(root, version):
    return root / "recs" / str(version) / "model.pkl"


def structured(record):
    """The fields of a JSON or key=value log line, or {} for free text."""
    message = record.getMessage()
    try:
        fields = json.loads(message)
        return fields if isinstance(fields, dict) else {}
    except ValueError:
        return {key: value.strip('"') for key, value in PAIR.findall(message)}


def outcome_counts(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.get_json()["outcomes"]


def run(client, n, request_prefix="req", body=None):
    for i in range(n):
        response = client.post("/recommend", json=body or {"user_id": USER, "k": 3},
                               headers={"X-Request-Id": f"{request_prefix}-{i}"})
        assert response.status_code in (200, 400)


def moved(before, after):
    keys = set(before) | set(after)
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys if after.get(k, 0) !=
            before.get(k, 0)}


def test_healthy_answers_count_as_primary(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    before = outcome_counts(client)
    run(client, 3)
    assert moved(before, outcome_counts(client)) == {"primary": 3}


@pytest.mark.parametrize("damage", ["missing", "truncated", "checksum"])
def test_a_broken_current_version_counts_as_fallback_previous(registry_dir, damage):
    if damage == "missing":
        model_file(registry_dir, 8).unlink()
    elif damage == "truncated":
        shutil.copyfile("data/corrupt_model.pkl", model_file(registry_dir, 8))
    else:
        shutil.copyfile(model_file(registry_dir, 7), model_file(registry_dir, 8))
    client = create_app(FileRegistry(registry_dir)).test_client()
    before = outcome_counts(client)
    run(client, 2)
    assert moved(before, outcome_counts(client)) == {"fallback_previous": 2}


def test_nothing_loads_counts_as_fallback_rule(registry_dir):
    shutil.copyfile("data/corrupt_model.pkl", model_file(registry_dir, 8))
    model_file(registry_dir, 7).unlink()
    client = create_app(FileRegistry(registry_dir)).test_client()
    before = outcome_counts(client)
    run(client, 2)
    assert moved(before, outcome_counts(client)) == {"fallback_rule": 2}


def test_a_request_without_user_id_counts_as_rejected(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    before = outcome_counts(client)
    run(client, 1, body={"k": 3})
    assert moved(before, outcome_counts(client)) == {"rejected": 1}


def test_metrics_include_a_latency_measure(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    run(client, 2)
    assert any("latency" in key for key in client.get("/metrics").get_json())


def test_each_degraded_answer_logs_a_structured_line_with_request_id_and_reason(registry_dir,
                                                                                 caplog):
    model_file(registry_dir, 8).unlink()
    client = create_app(FileRegistry(registry_dir)).test_client()
    caplog.set_level(logging.DEBUG)
    run(client, 3, request_prefix="degraded")
    for i in range(3):
        lines = [structured(r) for r in caplog.records]
        mine = [f for f in lines if f.get("request_id") == f"degraded-{i}"]
        assert mine, f"no structured log line with request_id=degraded-{i}"
        assert any(str(f.get("reason", "")).strip() for f in mine)


def test_the_reason_tells_a_missing_artifact_from_a_checksum_mismatch(tmp_path, caplog):
    reasons = {}
    caplog.set_level(logging.DEBUG)
    for damage in ("missing", "checksum"):
        root = tmp_path / damage
        shutil.copytree("registry", root)
        if damage == "missing":
            model_file(root, 8).unlink()
        else:
            shutil.copyfile(model_file(root, 7), model_file(root, 8))
        client = create_app(FileRegistry(root)).test_client()
        run(client, 1, request_prefix=damage)
        reasons[damage] = {str(f.get("reason")) for f in map(structured, caplog.records)
                           if f.get("request_id") == f"{damage}-0"}
    assert reasons["missing"] and reasons["checksum"]
    assert reasons["missing"] != reasons["checksum"]


def test_no_request_content_reaches_the_logs(registry_dir, caplog):
    shutil.copyfile("data/corrupt_model.pkl", model_file(registry_dir, 8))
    caplog.set_level(logging.DEBUG)
    client = create_app(FileRegistry(registry_dir)).test_client()
    run(client, 2)
    run(client, 1, body={"k": 3, "note": USER})
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert USER not in logged
