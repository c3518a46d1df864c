"""Train and evaluate the notes reader on labelled interviewer notes, kept apart by writer.

A corpus is JSON lines, one scorecard's notes a line:
    {"id", "writer", "round", "lane", "level", "notes", "must": [...], "must_not": [...]}
(`writer` is optional; the file's name stands in for it). The YAML cases in
tests/data/flag_corpus/ are read too, each split counting as one writer.

Training needs scikit-learn and numpy (`pip install -e '.[train]'`); it exports a JSON file
of weights that domain/flags/reader.py scores in plain Python. Evaluation needs neither.

Counting, per scorecard, over the flags that apply to its round, lane and level: a raised
flag in `must` is a hit; a `must` flag not raised is a miss (also when it cannot be raised
in that round: the reader does not get to skip what the rubric cannot reach); a raised flag
outside `must` (and outside `may`, which only the YAML cases use) is a false flag. The
false-flag rate is false flags over the applicable flags not in `must`.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .domain.flags import ScorecardInput, raise_flags
from .domain.flags.engine import ReaderInput, reader_input
from .domain.flags.reader import MODEL_FORMAT, NotesReader, note_features
from .domain.rubric import RubricSet

# The reader proposes a flag only where it is this sure, unless training finds a better cut.
# Chosen by leave-one-writer-out over fourteen writers: 0.04 gave recall 0.91 but three
# writers above a 0.05 false-flag rate; 0.02 kept every writer under it with recall 0.87;
# 0.025 keeps recall 0.88 at false-flag 0.037 overall (one writer at 0.053).
TARGET_FALSE_FLAG_RATE = 0.025
WEIGHTS_PER_FLAG = 2500
MIN_DOCUMENT_FREQUENCY = 2
# Logistic regression by stochastic gradient descent: seconds per model on a shared CPU.
REGULARISATION_ALPHA = 2e-5
EPOCHS = 30
INNER_FOLDS = 3
HARD_NEGATIVE_WEIGHT = 10.0


@dataclass
class Case:
    """One labelled scorecard."""

    id: str
    writer: str
    scorecard: ScorecardInput
    must: frozenset[str]
    must_not: frozenset[str] = frozenset()
    may: frozenset[str] = frozenset()


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file and line."""


def load_corpus(paths: Iterable[Path]) -> list[Case]:
    """Read JSON-lines and YAML corpus files (or folders of them) into cases."""
    cases: list[Case] = []
    for path in paths:
        if path.is_dir():
            files = sorted([*path.rglob("*.jsonl"), *path.rglob("*.yaml")])
            cases.extend(load_corpus(files))
        elif path.suffix == ".yaml":
            cases.extend(_yaml_cases(path))
        else:
            cases.extend(_jsonl_cases(path))
    return cases


def _jsonl_cases(path: Path) -> list[Case]:
    cases = []
    default_writer = path.stem.removeprefix("writer_")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            scorecard = ScorecardInput(round=data["round"], lane=data["lane"],
                                       level=data["level"], notes=data.get("notes") or "")
            cases.append(Case(str(data.get("id", f"{path.stem}-{number}")),
                              str(data.get("writer") or default_writer), scorecard,
                              frozenset(data.get("must") or ()),
                              frozenset(data.get("must_not") or ())))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{number}: {exc}") from exc
    return cases


def _yaml_cases(path: Path) -> list[Case]:
    cases = []
    for data in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
        scorecard = ScorecardInput(
            round=data["round"], lane=data["lane"], level=data["level"],
            notes=data.get("notes", ""), evidence=data.get("evidence", {}),
            probes=data.get("probes", {}), ratings=data.get("ratings", {}),
            observed=tuple(data.get("observed", ())))
        cases.append(Case(str(data["id"]), f"yaml-{data['split']}", scorecard,
                          frozenset(data.get("must_raise") or ()),
                          frozenset(data.get("must_not_raise") or ()),
                          frozenset(data.get("may_raise") or ())))
    return cases


# -- counting ---------------------------------------------------------------------------------

@dataclass
class Tally:
    """Hits, misses, false flags and true negatives, per flag."""

    tp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    tn: Counter[str] = field(default_factory=Counter)

    def add(self, case: Case, applicable: Iterable[str], raised: set[str]) -> None:
        applicable = set(applicable)
        for flag in case.must:
            (self.tp if flag in raised else self.fn)[flag] += 1
        for flag in applicable - case.must - case.may:
            (self.fp if flag in raised else self.tn)[flag] += 1

    def merge(self, other: Tally) -> None:
        for mine, theirs in ((self.tp, other.tp), (self.fn, other.fn), (self.fp, other.fp),
                             (self.tn, other.tn)):
            mine.update(theirs)

    def totals(self) -> tuple[int, int, int, int]:
        return (sum(self.tp.values()), sum(self.fn.values()), sum(self.fp.values()),
                sum(self.tn.values()))

    def rates(self, flag: str | None = None) -> tuple[float, float, float]:
        """Return recall, precision and false-flag rate, overall or for one flag."""
        if flag is None:
            tp, fn, fp, tn = self.totals()
        else:
            tp, fn, fp, tn = self.tp[flag], self.fn[flag], self.fp[flag], self.tn[flag]
        return (_ratio(tp, tp + fn), _ratio(tp, tp + fp), _ratio(fp, fp + tn, empty=0.0))

    def table(self) -> list[str]:
        """Return the per-flag table and the last line `recall R precision P false-flag F`."""
        lines = [f"{'flag':28} {'tp':>4} {'fn':>4} {'fp':>4} {'tn':>5} {'precision':>9} "
                 f"{'recall':>6} {'false-flag':>10}"]
        flags = sorted(set(self.tp) | set(self.fn) | set(self.fp) | set(self.tn))
        for flag in flags:
            recall, precision, false_flag = self.rates(flag)
            lines.append(f"{flag:28} {self.tp[flag]:4} {self.fn[flag]:4} {self.fp[flag]:4} "
                         f"{self.tn[flag]:5} {precision:9.2f} {recall:6.2f} {false_flag:10.3f}")
        recall, precision, false_flag = self.rates()
        lines.append(f"recall {recall:.2f} precision {precision:.2f} false-flag {false_flag:.3f}")
        return lines


def _ratio(numerator: int, denominator: int, empty: float = 1.0) -> float:
    return numerator / denominator if denominator else empty


def evaluate(rubric_set: RubricSet, cases: Iterable[Case],
             reader: NotesReader | None | str = "shipped") -> Tally:
    """Score every case with the engine (rules plus a reader) and count the outcome."""
    tally = Tally()
    for case in cases:
        kwargs: dict[str, Any] = {} if reader == "shipped" else {"reader": reader}
        raised = {f.id for f in raise_flags(rubric_set, case.scorecard, **kwargs)}
        applicable = {f.id for f in rubric_set.flags_for(case.scorecard.round,
                                                         case.scorecard.lane,
                                                         case.scorecard.level)}
        tally.add(case, applicable, raised)
    return tally


# -- training ---------------------------------------------------------------------------------

@dataclass
class Prepared:
    case: Case
    view: ReaderInput
    features: set[str]


def prepare(rubric_set: RubricSet, cases: Iterable[Case]) -> list[Prepared]:
    """Read every case once: the reader's features and the rules' findings."""
    prepared = []
    for case in cases:
        view = reader_input(rubric_set, case.scorecard)
        features = note_features(view.clauses, view.analysis, view.rules_fired, view.context)
        prepared.append(Prepared(case, view, features))
    return prepared


def _matrix(rows: list[set[str]], vocabulary: dict[str, int]) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for features in rows:
        cols = sorted(vocabulary[f] for f in features if f in vocabulary)
        # Normalised by all of the row's features, as the run-time scorer does.
        value = 1.0 / math.sqrt(len(features)) if features else 0.0
        indices.extend(cols)
        data.extend([value] * len(cols))
        indptr.append(len(indices))
    return csr_matrix((np.array(data), np.array(indices), np.array(indptr)),
                      shape=(len(rows), len(vocabulary)))


def _fit_weights(rows: list[Prepared], flags: list[str]) -> dict[str, tuple[float, dict]]:
    """Fit one logistic regression per flag; return bias and pruned weights."""
    import numpy as np
    from sklearn.linear_model import SGDClassifier

    frequency: Counter[str] = Counter()
    for row in rows:
        frequency.update(row.features)
    vocabulary = {f: i for i, f in enumerate(sorted(
        f for f, n in frequency.items() if n >= MIN_DOCUMENT_FREQUENCY or f.startswith("r:")))}
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    matrix = _matrix([row.features for row in rows], vocabulary)
    fitted = {}
    for flag in flags:
        labels = [flag in row.case.must for row in rows]
        if sum(labels) < 2:
            continue
        model = SGDClassifier(loss="log_loss", alpha=REGULARISATION_ALPHA,
                              class_weight="balanced", max_iter=EPOCHS, tol=None,
                              random_state=0)
        # Notes labelled "must not raise" are the hard negatives (the topic is there, the
        # weakness is not): they count more, so the reader learns more than topic words.
        sample_weight = np.array([HARD_NEGATIVE_WEIGHT if flag in row.case.must_not else 1.0
                            for row in rows])
        model.fit(matrix, np.array(labels), sample_weight=sample_weight)
        coefficients = model.coef_[0]
        order = np.argsort(-np.abs(coefficients))[:WEIGHTS_PER_FLAG]
        weights = {names[i]: round(float(coefficients[i]), 4)
                   for i in order if abs(coefficients[i]) >= 1e-4}
        fitted[flag] = (round(float(model.intercept_[0]), 4), weights)
    return fitted


def _reader_of(fitted: dict[str, tuple[float, dict]], thresholds: dict[str, float],
               info: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": MODEL_FORMAT, "info": info or {},
            "flags": {flag: {"bias": bias, "threshold": round(thresholds.get(flag, 0.5), 4),
                             "weights": weights}
                      for flag, (bias, weights) in sorted(fitted.items())}}


def _probabilities(reader: NotesReader, rows: list[Prepared]) -> list[dict[str, float]]:
    return [{flag: model.probability(row.features) for flag, model in reader.flags.items()}
            for row in rows]


def _choose_thresholds(rows: list[Prepared], probabilities: list[dict[str, float]],
                       flags: list[str]) -> dict[str, float]:
    """Per flag, the lowest cut whose false-flag rate (on held-out folds) stays in bounds.

    Only flags the rules did not already raise count: the reader adds to the rules.
    """
    thresholds = {}
    for flag in flags:
        positives, negatives = [], []
        for row, probability in zip(rows, probabilities, strict=True):
            if flag not in row.view.applicable or flag not in probability:
                continue
            if flag in row.view.rules_fired:
                continue
            if flag in row.case.must:
                positives.append(probability[flag])
            elif flag not in row.case.may:
                negatives.append(probability[flag])
        negatives.sort(reverse=True)
        allowed = int(TARGET_FALSE_FLAG_RATE * len(negatives))
        # The cut sits just above the (allowed+1)-th highest negative score.
        cut = negatives[allowed] + 1e-6 if len(negatives) > allowed else 0.05
        thresholds[flag] = min(max(cut, 0.2), 0.95)
    return thresholds


def train(rubric_set: RubricSet, cases: list[Case], seed: int = 7,
          progress: Callable[[str], None] | None = None,
          prepared: list[Prepared] | None = None) -> dict[str, Any]:
    """Train the reader on cases; return the JSON-ready model."""
    rows = prepared if prepared is not None else prepare(rubric_set, cases)
    flags = sorted(rubric_set.flags)
    writers = sorted({row.case.writer for row in rows})
    # Thresholds come from predictions on writers each inner model never saw.
    rng = random.Random(seed)
    shuffled = writers[:]
    rng.shuffle(shuffled)
    folds = [shuffled[i::INNER_FOLDS] for i in range(min(INNER_FOLDS, len(shuffled)))]
    held_rows: list[Prepared] = []
    held_probabilities: list[dict[str, float]] = []
    for fold in folds:
        inside = [row for row in rows if row.case.writer not in fold]
        outside = [row for row in rows if row.case.writer in fold]
        if not inside or not outside:
            continue
        inner = NotesReader.from_json(_reader_of(_fit_weights(inside, flags), {}))
        held_rows.extend(outside)
        held_probabilities.extend(_probabilities(inner, outside))
        if progress:
            progress(f"  inner fold held out {', '.join(sorted(fold))}")
    thresholds = _choose_thresholds(held_rows, held_probabilities, flags)
    info = {"writers": writers, "cases": len(rows),
            "rebuild": "interviewkit flags train", "target_false_flag_rate":
                TARGET_FALSE_FLAG_RATE}
    return _reader_of(_fit_weights(rows, flags), thresholds, info)


def leave_one_writer_out(rubric_set: RubricSet, cases: list[Case],
                         progress: Callable[[str], None] | None = None,
                         held_out: Iterable[str] | None = None
                         ) -> tuple[dict[str, Tally], dict[str, Tally], Tally, Tally]:
    """Train on all writers but one and test on that one, for each writer (or each of
    `held_out`; the others are always trained on).

    Returns per-writer tallies for rules plus reader and for rules alone, and the totals.
    """
    rows = prepare(rubric_set, cases)
    writers = sorted(held_out if held_out is not None else {row.case.writer for row in rows})
    combined: dict[str, Tally] = {}
    rules_only: dict[str, Tally] = {}
    for writer in writers:
        training = [row for row in rows if row.case.writer != writer]
        held = [row.case for row in rows if row.case.writer == writer]
        model = NotesReader.from_json(train(rubric_set, [r.case for r in training],
                                            prepared=training))
        combined[writer] = evaluate(rubric_set, held, model)
        rules_only[writer] = evaluate(rubric_set, held, None)
        if progress:
            recall, precision, false_flag = combined[writer].rates()
            progress(f"{writer}: {len(held)} notes, recall {recall:.2f} precision "
                     f"{precision:.2f} false-flag {false_flag:.3f}")
    total, total_rules = Tally(), Tally()
    for writer in writers:
        total.merge(combined[writer])
        total_rules.merge(rules_only[writer])
    return combined, rules_only, total, total_rules


def per_writer_lines(tallies: dict[str, Tally], cases: list[Case]) -> list[str]:
    counts = Counter(case.writer for case in cases)
    lines = []
    for writer, tally in sorted(tallies.items()):
        recall, precision, false_flag = tally.rates()
        lines.append(f"{writer:24} {counts[writer]:5} notes  recall {recall:.2f} "
                     f"precision {precision:.2f} false-flag {false_flag:.3f}")
    return lines


def group_by_writer(cases: Iterable[Case]) -> dict[str, list[Case]]:
    grouped: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        grouped[case.writer].append(case)
    return dict(grouped)
