"""Hidden tests for coding-experiment-assignment."""
import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from assignment import assign

ROOT = Path(__file__).resolve().parent.parent
EXPS = {e["name"]: e for e in json.loads((ROOT / "experiments.json").read_text())["experiments"]}
IDS = [f"user:{i}" for i in range(100_000)]


def within(count, n, p, sigmas=5):
    return abs(count - n * p) <= sigmas * math.sqrt(n * p * (1 - p))


def test_the_same_unit_gets_the_same_arm_in_another_process():
    sample = IDS[:300]
    here = [assign(u, EXPS["ranker_v7"]) for u in sample]
    code = ("import json, sys; from assignment import assign; "
            "exp = json.load(open('experiments.json'))['experiments'][0]; "
            f"print(json.dumps([assign(u, exp) for u in {sample!r}]))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here


@pytest.mark.parametrize("name", ["ranker_v7", "new_onboarding", "price_display"])
def test_split_proportions_follow_the_weights(name):
    exp = EXPS[name]
    counts = Counter(assign(u, exp) for u in IDS)
    in_arms = sum(counts[a] for a in exp["arms"])
    total_weight = sum(exp["arms"].values())
    for arm, weight in exp["arms"].items():
        assert within(counts[arm], in_arms, weight / total_weight), (arm, counts)


def test_the_global_holdout_is_five_percent_and_the_same_units_everywhere():
    a = {u for u in IDS if assign(u, EXPS["ranker_v7"]) == "holdout"}
    b = {u for u in IDS if assign(u, EXPS["new_onboarding"]) == "holdout"}
    assert within(len(a), len(IDS), 0.05)
    assert a == b


def test_an_experiment_without_the_holdout_assigns_everyone():
    assert all(assign(u, EXPS["price_display"]) != "holdout" for u in IDS[:5000])


def test_two_experiments_split_independently():
    a, b = EXPS["ranker_v7"], dict(EXPS["ranker_v7"], salt="other-experiment", holdout=False)
    a = dict(a, holdout=False)
    both = Counter((assign(u, a), assign(u, b)) for u in IDS[:40_000])
    share = both[("treatment", "treatment")] / (both[("treatment", "treatment")] + both[("treatment", "control")])
    assert abs(share - 0.5) < 0.02


def test_changing_one_experiments_weights_does_not_touch_another():
    other = EXPS["new_onboarding"]
    before = [assign(u, other) for u in IDS[:5000]]
    EXPS_changed = dict(EXPS["ranker_v7"], arms={"control": 90, "treatment": 10})
    [assign(u, EXPS_changed) for u in IDS[:5000]]
    assert [assign(u, other) for u in IDS[:5000]] == before


@pytest.mark.parametrize("name", ["search_autocomplete", "email_digest", "dark_mode"])
def test_a_malformed_config_does_not_take_down_the_caller(name):
    assert assign("user:1", EXPS[name]) == "control"


@pytest.mark.parametrize("bad", [{}, {"name": "x", "salt": "s", "arms": {}},
                                 {"name": "x", "salt": "s", "arms": {"control": 0, "t": 0}}, None])
def test_other_malformed_configs_fall_back_to_control(bad):
    assert assign("user:1", bad) == "control"
