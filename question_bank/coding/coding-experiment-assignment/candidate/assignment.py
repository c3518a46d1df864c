"""Experiment assignment for the experimentation library.

    assign(unit_id, experiment) -> arm name

`experiment` is one entry of experiments.json: name, salt, arms (name -> weight) and whether
the global 5% holdout applies.
"""
import json
import random
from pathlib import Path

HOLDOUT_SHARE = 0.05


def load_experiments(path=Path(__file__).resolve().parent / "experiments.json"):
    return {e["name"]: e for e in json.loads(Path(path).read_text())["experiments"]}


def assign(unit_id, experiment):
    rng = random.Random(hash(unit_id) + hash(experiment["salt"]))
    if experiment["holdout"] and rng.random() < HOLDOUT_SHARE:
        return "holdout"
    arms = list(experiment["arms"])
    weights = [experiment["arms"][a] for a in arms]
    return rng.choices(arms, weights=weights)[0]
