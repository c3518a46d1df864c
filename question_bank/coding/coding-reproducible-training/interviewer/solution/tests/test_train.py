import json

import numpy as np
from preemption import FakePreemption
from train import run

DATA = "data/churn_features_v3.csv"


def config():
    with open("config.json") as f:
        return json.load(f)


def test_training_completes_and_learns(tmp_path):
    result = run(config(), DATA, str(tmp_path))
    assert result["status"] == "completed"
    assert result["val_loss"] < 0.6


def test_kill_and_resume_equals_straight_through(tmp_path):
    straight = run(config(), DATA, str(tmp_path / "a"))
    assert run(config(), DATA, str(tmp_path / "b"), FakePreemption(50))["status"] == "preempted"
    resumed = run(config(), DATA, str(tmp_path / "b"))
    assert resumed["val_loss"] == straight["val_loss"]
    assert all(np.array_equal(resumed["params"][k], straight["params"][k]) for k in straight["params"])
