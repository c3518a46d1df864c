"""The notes reader: a small trained model that proposes flags from interviewers' free text.

The rules read the phrasings their authors thought of; interviewers write in many more
voices. The reader scores every flag with a linear model over the words of the notes (word
and character n-grams, words read under a negation), the engine's own concept readings
(monitoring negated, frameworks hollow, ...) and which text rules fired. It is trained
offline by `interviewkit flags train` (scikit-learn, at build time only) and shipped as a
small JSON file of weights; scoring here is plain Python, so the domain stays pure and no
model is fetched or unpickled at run time.

Every proposal quotes the clause that scores highest for its flag, exactly as written.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .reading import Clause, TextAnalysis

MODEL_FILE = Path(__file__).with_name("notes_model.json")
MODEL_FORMAT = 1

_WORD = re.compile(r"[a-z0-9$%@]+(?:'[a-z]+)?")
# Words after which the rest of a clause segment is read as negated ("no golden set").
_NEGATORS = frozenset({
    "no", "not", "never", "none", "nothing", "without", "w/o", "zero", "idk", "nope", "nah",
    "didn't", "didnt", "couldn't", "couldnt", "can't", "cant", "cannot", "wasn't", "wasnt",
    "isn't", "isnt", "doesn't", "doesnt", "don't", "dont", "won't", "hasn't", "haven't",
    "lacks", "lacking", "missing", "absent", "unable", "unaware", "neither", "nor", "barely",
    "vague", "vaguely", "handwave", "handwaved", "hand-wavy", "generic", "skipped", "ignored",
})
# Where a negation's reach ends inside a clause.
_SEGMENT = re.compile(r"[,;:()\[\]—–!?]|\s-\s|\s->\s|\bbut\b|\bthen\b|\bthough\b")
_CHAR_SIZES = (3, 4, 5)


def clause_features(clause: Clause) -> set[str]:
    """Return the features of one clause's words: n-grams, negated words, character grams."""
    features: set[str] = set()
    for segment in _SEGMENT.split(clause.text):
        words = _WORD.findall(segment)
        negated = False
        previous = "<s>"
        for word in words:
            features.add("w:" + word)
            features.add("b:" + previous + " " + word)
            if negated:
                features.add("n:" + word)
            if word in _NEGATORS:
                negated = True
            previous = word
            if len(word) >= 4:
                padded = f" {word} "
                for size in _CHAR_SIZES:
                    features.update("c:" + padded[i:i + size]
                                    for i in range(len(padded) - size + 1))
    return features


def note_features(clauses: Iterable[Clause], analysis: TextAnalysis | None,
                  rules_fired: Iterable[str] = (), context: Iterable[str] = ()) -> set[str]:
    """Return every feature of a scorecard's free text for the reader."""
    features: set[str] = set()
    for clause in clauses:
        features |= clause_features(clause)
    if analysis is not None:
        for concept, reading in analysis.readings.items():
            features.add(f"k:{concept}:{reading.state}")
            for mention in reading.mentions:
                features.add(f"m:{concept}:{mention.state}")
    features.update("r:" + flag for flag in rules_fired)
    features.update("x:" + item for item in context)
    return features


@dataclass(frozen=True)
class FlagModel:
    """One flag's weights, bias and the probability at which it is proposed."""

    bias: float
    threshold: float
    weights: Mapping[str, float]

    def logit(self, features: set[str]) -> float:
        """Return the model's log-odds for an L2-normalised binary feature vector."""
        if not features:
            return self.bias
        total = sum(self.weights.get(feature, 0.0) for feature in features)
        return self.bias + total / math.sqrt(len(features))

    def probability(self, features: set[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(features)))))

    def evidence_score(self, features: set[str]) -> float:
        """Return how strongly one clause's own words speak for the flag."""
        return sum(self.weights.get(feature, 0.0) for feature in features)


@dataclass(frozen=True)
class Proposal:
    """A flag the reader proposes, with the clause that speaks for it most."""

    flag: str
    probability: float
    clause: Clause


@dataclass(frozen=True)
class NotesReader:
    """The trained reader: one linear model per flag."""

    flags: Mapping[str, FlagModel]
    info: Mapping[str, Any]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> NotesReader:
        """Build a reader from the exported JSON; raise ValueError when it is malformed."""
        if not isinstance(data, Mapping) or data.get("format") != MODEL_FORMAT:
            raise ValueError(f"notes model: expected format {MODEL_FORMAT}")
        flags = {}
        for flag, entry in data.get("flags", {}).items():
            flags[flag] = FlagModel(float(entry["bias"]), float(entry["threshold"]),
                                    {str(k): float(v) for k, v in entry["weights"].items()})
        return cls(flags, dict(data.get("info", {})))

    def propose(self, clauses: list[Clause], analysis: TextAnalysis | None,
                rules_fired: Iterable[str], context: Iterable[str],
                candidates: Iterable[str]) -> list[Proposal]:
        """Return the candidate flags the text speaks for, each with its best clause."""
        if not clauses:
            return []
        features = note_features(clauses, analysis, rules_fired, context)
        per_clause: list[set[str]] | None = None
        proposals = []
        for flag in candidates:
            model = self.flags.get(flag)
            if model is None:
                continue
            probability = model.probability(features)
            if probability < model.threshold:
                continue
            if per_clause is None:
                per_clause = [clause_features(clause) for clause in clauses]
            best = max(range(len(clauses)),
                       key=lambda i: (model.evidence_score(per_clause[i]), -i))
            proposals.append(Proposal(flag, probability, clauses[best]))
        return proposals


@lru_cache(maxsize=1)
def shipped_reader() -> NotesReader | None:
    """Return the reader shipped with the package, or None when no model file is there."""
    if not MODEL_FILE.is_file():
        return None
    return NotesReader.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
