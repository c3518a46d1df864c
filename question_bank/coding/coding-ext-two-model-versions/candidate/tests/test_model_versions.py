"""A start for the two-version tests: a second artifact to route to, and the old caller.

`second_version` writes a copy of the churn model whose scores are shifted, so a test can tell
from the score which version answered, not only from the label.
"""

import json

import joblib
import pytest

from app import create_app

SAMPLE = json.load(open("sample_requests.json"))[0]["body"]
STABLE, NEW = "churn-2026.03.1", "churn-2026.04.1"


@pytest.fixture(scope="module")
def second_version(tmp_path_factory):
    model = joblib.load("churn_model.joblib")
    model.named_steps["classifier"].intercept_ += 1.0
    model.model_version = NEW
    path = tmp_path_factory.mktemp("models") / "churn_model_v2.joblib"
    joblib.dump(model, path)
    return str(path)


def test_a_caller_that_sends_nothing_new_gets_the_current_version():
    response = create_app().test_client().post("/predict", json=SAMPLE)
    assert response.status_code == 200
    assert response.get_json()["model_version"] == STABLE
