import json
from pathlib import Path

import pytest
from service import create_app, load_model


@pytest.fixture(scope="session")
def real_model():
    return load_model()


@pytest.fixture
def client(real_model):
    model, columns = real_model
    return create_app(model, columns).test_client()


@pytest.fixture
def sample():
    return json.loads(Path("sample_request.json").read_text())
