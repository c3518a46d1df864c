"""Experiment assignment for the experimentation library.

    assign(unit_id, experiment) -> arm name, or "holdout"

Deterministic across processes and restarts: a unit's bucket is the first 8 bytes of
SHA-256(salt + ":" + unit_id), read as an integer, modulo BUCKETS (Python's hash() is salted
per process, random.Random is not a hash). Arms own contiguous bucket ranges by cumulative
weight, in the order declared, so a weight change moves only the units at the boundary.

The global holdout is checked first with its own fixed salt, so it is the same 5% of units in
every experiment that opts in, and independent of every experiment's own split.

A malformed experiment never raises into the caller: it is logged and every unit gets the
control arm ("control"), which is what users see without the experiment. validate_experiment
is also meant to run when configs are loaded, so bad configs are caught before traffic.
"""
import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("experiments")

BUCKETS = 10_000
HOLDOUT_SALT = "global-holdout-v1"
HOLDOUT_BUCKETS = 500  # 5% of BUCKETS
FALLBACK_ARM = "control"


def bucket(salt, unit_id, buckets=BUCKETS):
    digest = hashlib.sha256(f"{salt}:{unit_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % buckets


def in_global_holdout(unit_id):
    return bucket(HOLDOUT_SALT, unit_id) < HOLDOUT_BUCKETS


def validate_experiment(experiment):
    """A list of problems; empty means the config can be used."""
    if not isinstance(experiment, dict):
        return ["experiment must be a mapping"]
    problems = []
    if not isinstance(experiment.get("salt"), str) or not experiment.get("salt", "").strip():
        problems.append("salt must be a non-empty string")
    arms = experiment.get("arms")
    if not isinstance(arms, dict) or not arms:
        return problems + ["arms must be a non-empty mapping"]
    for arm, weight in arms.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            problems.append(f"arm {arm!r} has invalid weight {weight!r}")
    if not problems and sum(arms.values()) <= 0:
        problems.append("weights sum to zero")
    if FALLBACK_ARM not in arms:
        problems.append(f"no {FALLBACK_ARM!r} arm to fall back to")
    return problems


def assign(unit_id, experiment):
    problems = validate_experiment(experiment)
    if problems:
        name = experiment.get("name") if isinstance(experiment, dict) else None
        log.error("experiment %r is malformed (%s); serving %r", name, "; ".join(problems), FALLBACK_ARM)
        return FALLBACK_ARM
    if experiment.get("holdout") and in_global_holdout(unit_id):
        return "holdout"
    arms = experiment["arms"]
    total = sum(arms.values())
    point = bucket(experiment["salt"], unit_id) / BUCKETS * total
    cumulative = 0.0
    for arm, weight in arms.items():
        cumulative += weight
        if point < cumulative:
            return arm
    return list(arms)[-1]


def load_experiments(path=Path(__file__).resolve().parent / "experiments.json"):
    experiments = {e.get("name", f"#{i}"): e for i, e in enumerate(json.loads(Path(path).read_text())["experiments"])}
    for name, exp in experiments.items():
        problems = validate_experiment(exp)
        if problems:
            log.error("experiment %r will serve %r to everyone: %s", name, FALLBACK_ARM, "; ".join(problems))
    return experiments
