"""Hidden tests: same config -> same result, resume == uninterrupted (also mid-epoch and
twice), the seed matters, and every run records data and code versions."""
import hashlib
import json

import numpy as np
import pytest
from preemption import FakePreemption
from train import run

DATA = "data/churn_features_v3.csv"


def config(**changes):
    with open("config.json") as f:  # "configuration in one file"
        cfg = json.load(f)
    cfg.update(changes)
    return cfg


def same(a, b):
    assert a["status"] == b["status"] == "completed"
    assert a["val_loss"] == b["val_loss"]
    assert sorted(a["params"]) == sorted(b["params"])
    for k in a["params"]:
        assert np.array_equal(a["params"][k], b["params"][k]), k


@pytest.fixture(scope="module")
def straight(tmp_path_factory):
    return run(config(), DATA, str(tmp_path_factory.mktemp("straight")))


def test_two_runs_with_the_same_config_are_identical(straight, tmp_path):
    same(straight, run(config(), DATA, str(tmp_path)))


def test_the_seed_in_config_drives_the_randomness(straight, tmp_path):
    seed_key = next(k for k in config() if "seed" in k.lower())
    other = run(config(**{seed_key: config()[seed_key] + 1}), DATA, str(tmp_path))
    assert other["val_loss"] != straight["val_loss"]


@pytest.mark.parametrize("at_step", [30, 47])  # an epoch boundary and the middle of an epoch
def test_preempted_then_resumed_run_matches_uninterrupted(straight, tmp_path, at_step):
    first = run(config(), DATA, str(tmp_path), FakePreemption(at_step))
    assert first["status"] == "preempted"
    same(straight, run(config(), DATA, str(tmp_path)))


def test_two_preemptions_then_resume(straight, tmp_path):
    assert run(config(), DATA, str(tmp_path), FakePreemption(47))["status"] == "preempted"
    assert run(config(), DATA, str(tmp_path), FakePreemption(171))["status"] == "preempted"
    same(straight, run(config(), DATA, str(tmp_path)))


def test_run_record_has_data_and_code_version(tmp_path):
    run(config(), DATA, str(tmp_path))
    records = [p for p in tmp_path.rglob("*.json") if p.name != "metrics.json"]
    texts = "\n".join(p.read_text() for p in records)
    data_hash = hashlib.sha256(open(DATA, "rb").read()).hexdigest()
    assert data_hash in texts, "no run record with the sha256 of the data file"
    code_hash = hashlib.sha256(open("train.py", "rb").read()).hexdigest()
    assert code_hash in texts or "commit" in texts.lower(), "no code version in the run record"
