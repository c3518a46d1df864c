from pathlib import Path

from gate import decide
from registry_client import Registry

ROOT = Path(__file__).resolve().parent.parent


def test_gate_returns_a_decision():
    result = decide(Registry(ROOT / "registry"), "churn", ROOT / "data" / "holdout.csv")
    assert result["decision"] in {"promote", "block", "needs_review"}
