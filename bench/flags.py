"""Print the flag engine's precision and recall on the labelled corpus, per split and flag,
and the time per scorecard (rules plus the shipped notes reader) at the median and p95.

Run from the repository root: `python bench/flags.py [--rubrics DIR] [--corpus DIR] [-v]`.
The last line reads `p95 N ms per scorecard (median M ms, K scorecards)`: every YAML case and
every writer's note in the corpus (tests/data/flag_corpus/writers/*.jsonl), each timed alone.
Quality on writers the reader never saw is `interviewkit flags evaluate --leave-one-writer-out`.
A raised flag counts as a hit when it is in the case's must_raise, a false alarm when it is
in neither must_raise nor may_raise; a must_raise flag not raised is a miss.

Every split in the corpus is printed, scored by the rules alone: the notes reader is trained
on all of them, so its figures belong to leave-one-writer-out evaluation instead. dev,
heldout and heldout_b have had their per-case errors read while writing rules (tuned on);
heldout_c never has, so `-v` lists wrong cases for the tuned splits only and heldout_c is
only ever shown in aggregate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewkit.domain.flags import ScorecardInput, raise_flags  # noqa: E402
from interviewkit.domain.rubric import RubricSet, load_rubric_set  # noqa: E402


def load_cases(corpus: Path) -> list[dict[str, Any]]:
    """Return every case of every YAML file in the corpus folder."""
    cases: list[dict[str, Any]] = []
    for path in sorted(corpus.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
    return cases


def scorecard_of(case: dict[str, Any]) -> ScorecardInput:
    """Build the engine's input from a corpus case."""
    return ScorecardInput(
        round=case["round"], lane=case["lane"], level=case["level"],
        notes=case.get("notes", ""), evidence=case.get("evidence", {}),
        probes=case.get("probes", {}), ratings=case.get("ratings", {}),
        observed=tuple(case.get("observed", ())))


def score(rubric_set: RubricSet, cases: list[dict[str, Any]],
          verbose: bool = False) -> tuple[Counter[str], Counter[str], Counter[str], float]:
    """Return hits, misses and false alarms per flag, and mean seconds per scorecard."""
    hits: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    elapsed = 0.0
    for case in cases:
        started = time.perf_counter()
        # The rules alone: the notes reader is trained on these splits (see the docstring).
        raised = {flag.id: flag for flag in raise_flags(rubric_set, scorecard_of(case),
                                                        reader=None)}
        elapsed += time.perf_counter() - started
        must = set(case.get("must_raise") or ())
        may = set(case.get("may_raise") or ())
        for flag_id in must:
            (hits if flag_id in raised else misses)[flag_id] += 1
        for flag_id in raised.keys() - must - may:
            false_alarms[flag_id] += 1
        if verbose:
            wrong = (must - raised.keys()) | (raised.keys() - must - may)
            if wrong:
                print(f"  {case['id']}: missed {sorted(must - raised.keys())} "
                      f"false {sorted(raised.keys() - must - may)}")
                for flag_id in sorted(raised.keys() - must - may):
                    print(f"      {flag_id}: {raised[flag_id].because}")
    return hits, misses, false_alarms, elapsed / max(len(cases), 1)


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def report(name: str, rubric_set: RubricSet, cases: list[dict[str, Any]],
           verbose: bool) -> None:
    """Print per-flag and overall precision, recall and F1 for one split."""
    print(f"\n== {name}: {len(cases)} cases")
    hits, misses, false_alarms, mean = score(rubric_set, cases, verbose)
    print(f"{'flag':26} {'tp':>3} {'fn':>3} {'fp':>3} {'prec':>6} {'rec':>6} {'f1':>6}")
    for flag_id in sorted(set(hits) | set(misses) | set(false_alarms)):
        tp, fn, fp = hits[flag_id], misses[flag_id], false_alarms[flag_id]
        p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{flag_id:26} {tp:3} {fn:3} {fp:3} {p:6.2f} {r:6.2f} {f1:6.2f}")
    tp, fn, fp = sum(hits.values()), sum(misses.values()), sum(false_alarms.values())
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{'OVERALL (micro)':26} {tp:3} {fn:3} {fp:3} {p:6.2f} {r:6.2f} {f1:6.2f}")
    print(f"mean evaluation time: {mean * 1000:.2f} ms per scorecard")


# Splits whose per-case errors have been read while writing rules; any other split is clean.
TUNED = ("dev", "heldout", "heldout_b")


def timings(rubric_set: RubricSet, scorecards: list[ScorecardInput],
            rounds: int = 3) -> list[float]:
    """Return the best of a few timings of raise_flags per scorecard, in milliseconds."""
    raise_flags(rubric_set, scorecards[0])  # load the reader's weights once
    out = []
    for scorecard in scorecards:
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            raise_flags(rubric_set, scorecard)
            best = min(best, time.perf_counter() - started)
        out.append(best * 1000)
    return sorted(out)


def writer_scorecards(corpus: Path) -> list[ScorecardInput]:
    """Return the writers' notes (JSON lines) as scorecards."""
    scorecards = []
    for path in sorted((corpus / "writers").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data = json.loads(line)
                scorecards.append(ScorecardInput(round=data["round"], lane=data["lane"],
                                                 level=data["level"], notes=data["notes"]))
    return scorecards


def main() -> None:
    """Parse arguments and print the report for each split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubrics", type=Path, default=ROOT / "rubrics")
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "flag_corpus")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong case")
    args = parser.parse_args()
    rubric_set = load_rubric_set(args.rubrics)
    cases = load_cases(args.corpus)
    splits = list(dict.fromkeys(c["split"] for c in cases))
    splits.sort(key=lambda s: (s not in TUNED, s))
    for split in splits:
        # Clean splits are only ever printed in aggregate, so no rule is tuned on them.
        tuned = split in TUNED
        report(f"{split} ({'tuned on' if tuned else 'clean, never tuned on'})", rubric_set,
               [c for c in cases if c["split"] == split], args.verbose and tuned)
    scorecards = [scorecard_of(c) for c in cases] + writer_scorecards(args.corpus)
    ms = timings(rubric_set, scorecards)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"\np95 {p95:.2f} ms per scorecard (median {ms[len(ms) // 2]:.2f} ms, "
          f"{len(ms)} scorecards)")


if __name__ == "__main__":
    main()
