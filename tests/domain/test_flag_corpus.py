"""Precision and recall of the flag engine on the labelled corpus of interviewer notes.

Floors sit a little below the measured values (see bench/flags.py), per split. dev is what
the text rules are tuned on. heldout and heldout_b were held out until the recall work on
negation scope; their per-case errors were then read and fixed, so they count as tuned-on
now and are reported for continuity only. heldout_c was written before that work and never
tuned against: it is the honest figure, and only its aggregate is ever printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from interviewkit.domain.flags import ScorecardInput, raise_flags, validate_scorecard
from interviewkit.domain.rubric import load_rubric_set

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "flag_corpus"

# split: (precision floor, recall floor), each just below the value bench/flags.py measures.
FLOORS = {
    "dev": (0.97, 0.97),          # measured 1.00 / 1.00 (165 cases)
    "heldout": (0.95, 0.95),      # measured 1.00 / 1.00 (30 cases; tuned on since the recall work)
    "heldout_b": (0.95, 0.95),    # measured 1.00 / 1.00 (20 cases; tuned on since the recall work)
    "heldout_c": (0.82, 0.73),    # measured 0.84 / 0.76 (47 cases; clean: 0.67 / 0.53 before)
}
# Splits whose per-case errors have been read while writing rules.
TUNED = frozenset({"dev", "heldout", "heldout_b"})
CLEAN = frozenset(FLOORS) - TUNED
LEVEL_RED_FLAGS = frozenset({"no-cross-team-leadership", "no-llm-building-basics",
                             "no-agent-failure-modes"})


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubric_set(ROOT / "rubrics")


def scorecard_of(case: dict[str, Any]) -> ScorecardInput:
    return ScorecardInput(
        round=case["round"], lane=case["lane"], level=case["level"],
        notes=case.get("notes", ""), evidence=case.get("evidence", {}),
        probes=case.get("probes", {}), ratings=case.get("ratings", {}),
        observed=tuple(case.get("observed", ())))


def micro(rubric_set, cases) -> tuple[float, float]:
    tp = fn = fp = 0
    for case in cases:
        # The rules, which these splits were written to measure. The notes reader is trained
        # on every split, so its figure here would be on its own training data; its honest
        # figure is leave-one-writer-out (`interviewkit flags evaluate --leave-one-writer-out`).
        raised = {f.id for f in raise_flags(rubric_set, scorecard_of(case), reader=None)}
        must = set(case.get("must_raise") or ())
        may = set(case.get("may_raise") or ())
        tp += len(must & raised)
        fn += len(must - raised)
        fp += len(raised - must - may)
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def test_corpus_is_large_and_split():
    assert len(CASES) >= 80
    assert len({c["id"] for c in CASES}) == len(CASES)
    splits = [c["split"] for c in CASES]
    assert set(splits) == set(FLOORS)
    clean = [c for c in CASES if c["split"] in CLEAN]
    assert len(clean) >= 30
    assert 0.15 <= len(clean) / len(CASES) <= 0.45


def test_the_clean_split_covers_every_flag(rubric_set):
    # Each flag in the catalogue is expected at least once in notes never tuned against.
    # The level red flags added by issue 12 came after the clean split was written; their
    # cases are in dev (tuned on), so the clean figure says nothing about them.
    expected = {flag for c in CASES if c["split"] in CLEAN for flag in c.get("must_raise") or ()}
    assert expected == set(rubric_set.flags) - LEVEL_RED_FLAGS
    in_dev = {flag for c in CASES if c["split"] == "dev" for flag in c.get("must_raise") or ()}
    assert in_dev >= LEVEL_RED_FLAGS


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_case_is_well_formed(rubric_set, case):
    assert validate_scorecard(rubric_set, scorecard_of(case)) == []
    applicable = {f.id for f in rubric_set.flags_for(case["round"], case["lane"], case["level"])}
    labelled = set(case.get("must_raise") or ()) | set(case.get("may_raise") or ()) \
        | set(case.get("must_not_raise") or ())
    # A label the engine could never raise would make the score meaningless.
    assert labelled <= applicable, labelled - applicable
    assert not set(case.get("must_raise") or ()) & set(case.get("must_not_raise") or ())


@pytest.mark.parametrize("split", list(FLOORS))
def test_precision_and_recall_floors(rubric_set, split):
    precision, recall = micro(rubric_set, [c for c in CASES if c["split"] == split])
    floor_p, floor_r = FLOORS[split]
    assert precision >= floor_p, f"{split} precision {precision:.3f} < {floor_p}"
    assert recall >= floor_r, f"{split} recall {recall:.3f} < {floor_r}"


# Hard negatives the shipped notes reader still misreads, with why: strict, so a fix shows
# up here. (d50, a careful parity answer read as a skew gap, was fixed by retraining with
# three more writers' hard negatives; none is known now.)
READER_MISREADS: dict[str, str] = {}


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(reason=READER_MISREADS[c["id"]], strict=True))
    if c["id"] in READER_MISREADS else c
    for c in CASES if c["split"] == "dev" and c.get("must_not_raise")], ids=lambda c: c["id"])
def test_dev_hard_negatives_stay_quiet(rubric_set, case):
    # Rules and the shipped notes reader together: what an interviewer would be shown.
    raised = {f.id for f in raise_flags(rubric_set, scorecard_of(case))}
    assert not raised & set(case["must_not_raise"])
