"""Raise weak-signal flags from a scorecard with rules declared in the rubric YAML.

The package is layered, each module importing only those before it:

- `lexicon`: what interviewers write about each topic, and the negation/hollow cues;
- `reading`: free text read into clauses and concept mentions (positive, hollow, negated);
- `input`: the scorecard the engine reads, parsed from JSON and validated;
- `rules`: the rule kinds the rubric YAML declares, and how they are built;
- `engine`: `raise_flags`, one flag per id, most severe first.

`domain.rubric` builds its rules with `rules` and nothing here imports `domain.rubric`.
Rating points and the severity order live in `domain.catalog`.
"""

from __future__ import annotations

from ..catalog import RATING_POINTS, SEVERITY_ORDER
from .engine import SOURCES, RaisedFlag, raise_flags
from .input import (
    RubricCatalogue,
    ScorecardError,
    ScorecardInput,
    parse_scorecard,
    validate_scorecard,
)
from .lexicon import CONCEPT_LABELS, CONCEPTS
from .reading import (
    ABSENT,
    HOLLOW,
    NEGATED,
    POSITIVE,
    Clause,
    ConceptReading,
    Mention,
    TextAnalysis,
    _has_negative_cue,
    analyse,
    normalise,
    split_clauses,
)
from .rules import (
    RULE_KINDS,
    AllRule,
    AnyRule,
    FlagRule,
    Match,
    MissingEvidenceRule,
    NotRule,
    ObservedRule,
    ProbeRule,
    RatingRule,
    Rule,
    RuleScope,
    RuleSite,
    ScorecardContext,
    TextRule,
    build_flag_rule,
    build_rule,
    dotted,
)

__all__ = [
    "ABSENT", "CONCEPTS", "CONCEPT_LABELS", "HOLLOW", "NEGATED", "POSITIVE", "RATING_POINTS",
    "RULE_KINDS", "SEVERITY_ORDER", "SOURCES", "AllRule", "AnyRule", "Clause", "ConceptReading",
    "FlagRule", "Match", "Mention", "MissingEvidenceRule", "NotRule", "ObservedRule",
    "ProbeRule", "RaisedFlag", "RatingRule", "Rule", "RubricCatalogue", "RuleScope", "RuleSite",
    "ScorecardContext", "ScorecardError", "ScorecardInput", "TextAnalysis", "TextRule",
    "_has_negative_cue", "analyse", "build_flag_rule", "build_rule", "dotted", "normalise",
    "parse_scorecard", "raise_flags", "split_clauses", "validate_scorecard",
]
