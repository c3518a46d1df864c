import json
import shutil
from pathlib import Path

from gate import decide
from registry_client import Registry

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_candidate_is_blocked_for_new_customers():
    result = decide(Registry(ROOT / "registry"), "churn", ROOT / "data" / "holdout.csv")
    assert result["decision"] == "block"
    assert result["segments"]["new_customer"]["candidate"] < result["segments"]["new_customer"]["production"] - 0.1


def test_missing_holdout_blocks(tmp_path):
    assert decide(Registry(ROOT / "registry"), "churn", tmp_path / "none.csv")["decision"] == "block"


def test_v14_promotes(tmp_path):
    shutil.copytree(ROOT / "registry", tmp_path / "r")
    data = json.loads((tmp_path / "r" / "registry.json").read_text())
    data["models"]["churn"]["candidate"] = "v14"
    (tmp_path / "r" / "registry.json").write_text(json.dumps(data))
    assert decide(Registry(tmp_path / "r"), "churn", ROOT / "data" / "holdout.csv")["decision"] == "promote"
