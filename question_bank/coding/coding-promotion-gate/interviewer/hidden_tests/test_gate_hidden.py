"""Hidden tests for coding-promotion-gate: each outcome, with the shipped models."""
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gate import decide, run_gate
from registry_client import Registry

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT = ROOT / "data" / "holdout.csv"


@pytest.fixture()
def registry_dir(tmp_path):
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    return tmp_path / "registry"


def with_candidate(registry_dir, version):
    path = registry_dir / "registry.json"
    data = json.loads(path.read_text())
    data["models"]["churn"]["candidate"] = version
    path.write_text(json.dumps(data))
    return Registry(registry_dir)


def test_better_on_average_but_worse_for_new_customers_is_blocked(registry_dir):
    result = decide(Registry(registry_dir), "churn", HOLDOUT)
    assert result["decision"] == "block"
    assert any("new_customer" in r for r in result["reasons"])


def test_a_candidate_without_regressions_is_promoted(registry_dir):
    result = decide(with_candidate(registry_dir, "v14"), "churn", HOLDOUT)
    assert result["decision"] == "promote"


def test_a_regression_only_in_a_small_segment_needs_review(registry_dir, tmp_path):
    holdout = pd.read_csv(HOLDOUT)
    new = holdout[holdout["segment"] == "new_customer"].head(100)
    small = pd.concat([holdout[holdout["segment"] != "new_customer"], new])
    small.to_csv(tmp_path / "small.csv", index=False)
    result = decide(Registry(registry_dir), "churn", tmp_path / "small.csv")
    assert result["decision"] == "needs_review"


def test_a_missing_holdout_fails_closed(registry_dir, tmp_path):
    result = decide(Registry(registry_dir), "churn", tmp_path / "nowhere.csv")
    assert result["decision"] == "block"
    assert any("holdout" in r.lower() for r in result["reasons"])


def test_a_holdout_older_than_the_training_data_fails_closed(registry_dir, tmp_path):
    holdout = pd.read_csv(HOLDOUT)
    holdout["observed_at"] = "2026-02-15"  # inside the candidate's training window
    holdout.to_csv(tmp_path / "old.csv", index=False)
    result = decide(with_candidate(registry_dir, "v14"), "churn", tmp_path / "old.csv")
    assert result["decision"] == "block"


def test_a_candidate_artifact_that_does_not_load_fails_closed(registry_dir):
    (registry_dir / "models" / "churn-v14.joblib").write_bytes(b"half an upload")
    result = decide(with_candidate(registry_dir, "v14"), "churn", HOLDOUT)
    assert result["decision"] == "block"


def test_logged_training_metrics_are_not_what_decides(registry_dir):
    path = registry_dir / "registry.json"
    data = json.loads(path.read_text())
    data["models"]["churn"]["versions"]["v13"]["logged_metrics"]["auc"] = 0.99
    data["models"]["churn"]["versions"]["v14"]["logged_metrics"]["auc"] = 0.10
    path.write_text(json.dumps(data))
    assert decide(Registry(registry_dir), "churn", HOLDOUT)["decision"] == "block"
    assert decide(with_candidate(registry_dir, "v14"), "churn", HOLDOUT)["decision"] == "promote"


def test_the_decision_record_is_written_for_a_human(registry_dir, tmp_path):
    record = tmp_path / "decision.json"
    run_gate(Registry(registry_dir), "churn", HOLDOUT, record)
    data = json.loads(record.read_text())
    assert data["decision"] == "block"
    text = json.dumps(data)
    assert "v12" in text and "v13" in text and "new_customer" in text
    assert data["reasons"]
