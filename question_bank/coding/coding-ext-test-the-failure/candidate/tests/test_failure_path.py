"""Your test for the failure path you are least sure about goes in this file.

`registry_dir` gives each test its own copy of registry/ to damage. The one test here passes
as shipped on a solved main problem; it only shows the fixture working.
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


def test_the_healthy_registry_serves_the_current_version(registry_dir):
    client = create_app(FileRegistry(registry_dir)).test_client()
    response = client.post("/recommend", json={"user_id": "u-1", "k": 3})
    assert response.status_code == 200
    assert response.get_json()["source"] == "recs@8"
