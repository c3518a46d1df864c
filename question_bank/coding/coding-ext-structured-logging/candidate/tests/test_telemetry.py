"""A start for the telemetry tests: a copy of the registry you can damage.

The one test passes as shipped on a solved main problem. Add yours below it: break the copy,
send requests, and check what /metrics and the log records say.
"""

import shutil

import pytest

from registry import FileRegistry
from service import create_app


@pytest.fixture
def registry_dir(tmp_path):
    target = tmp_path / "registry"
    shutil.copytree("registry", target)
    return target


def test_a_healthy_registry_is_served_by_the_current_model(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    body = client.post("/recommend", json={"user_id": "u-1", "k": 3}).get_json()
    assert body["source"] == "recs@8"
