"""The engine: run a round's flag rules over one scorecard and settle one flag per id."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import SEVERITY_RANK
from .input import RubricCatalogue, ScorecardInput
from .reader import NotesReader, shipped_reader
from .rules import ScorecardContext, _quote, origin_label

SOURCES: tuple[str, ...] = ("interviewer", "probe", "ratings", "evidence", "notes")


@dataclass(frozen=True)
class RaisedFlag:
    """A flag raised on a scorecard, with the words or answers that raised it."""

    id: str
    label: str
    severity: str
    source: str
    because: str
    rule: str

    def to_json(self) -> dict[str, str]:
        """Return the fields the CLI and API publish."""
        return {"id": self.id, "label": self.label, "severity": self.severity,
                "source": self.source, "because": self.because}

_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}


class _Shipped:
    """The default reader: the model shipped with the package."""


SHIPPED = _Shipped()
TEXT_SOURCES = frozenset({"notes", "evidence"})


def raise_flags(rubric_set: RubricCatalogue, scorecard: ScorecardInput,
                reader: NotesReader | _Shipped | None = SHIPPED) -> tuple[RaisedFlag, ...]:
    """Return the flags a scorecard raises, one per flag id, most severe first.

    The rubric's rules run first; then the notes reader (the shipped model unless another,
    or None for rules alone, is given) may propose further flags from the free text.
    """
    rubric = rubric_set.for_round(scorecard.round)
    applicable = {f.id: f for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                         scorecard.level)}
    context = ScorecardContext(scorecard)
    reasons = _rule_reasons(rubric, scorecard, context, applicable)
    if isinstance(reader, _Shipped):
        reader = shipped_reader()
    if reader is not None and applicable:
        _read_notes(reader, scorecard, context, applicable, rubric, reasons)
    raised = []
    for flag_id, found in reasons.items():
        # Structured answers outrank text matches; the interviewer's own tick outranks all.
        found.sort(key=lambda reason: _SOURCE_RANK[reason[0]])
        definition = applicable[flag_id]
        raised.append(RaisedFlag(
            id=flag_id, label=definition.label,
            severity=definition.severity_for(scorecard.level, scorecard.lane) or "info",
            source=found[0][0], because="; ".join(r[1] for r in found),
            rule=", ".join(r[2] for r in found)))
    raised.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.id))
    return tuple(raised)


def _rule_reasons(rubric, scorecard: ScorecardInput, context: ScorecardContext,
                  applicable: dict) -> dict[str, list[tuple[str, str, str]]]:
    """Return (source, because, rule id) per flag for the ticks and rules that hold."""
    reasons: dict[str, list[tuple[str, str, str]]] = {}
    for flag_id in dict.fromkeys(scorecard.observed):
        if flag_id in applicable:
            label = applicable[flag_id].label
            reasons.setdefault(flag_id, []).append(
                ("interviewer", f'interviewer ticked "{label}"', "observed"))
    for flag_rule in rubric.flag_rules:
        if flag_rule.flag not in applicable:
            continue
        match = flag_rule.when.evaluate(context)
        if match is not None:
            reasons.setdefault(flag_rule.flag, []).append(
                (match.source or "notes", match.because, flag_rule.id))
    return reasons


@dataclass(frozen=True)
class ReaderInput:
    """What the notes reader sees of one scorecard (used to train it and to run it)."""

    clauses: tuple
    analysis: object
    rules_fired: tuple[str, ...]
    context: tuple[str, ...]
    applicable: tuple[str, ...]


def reader_input(rubric_set: RubricCatalogue, scorecard: ScorecardInput) -> ReaderInput:
    """Return the reader's view of a scorecard, with the rules' own findings."""
    rubric = rubric_set.for_round(scorecard.round)
    applicable = {f.id: f for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                         scorecard.level)}
    context = ScorecardContext(scorecard)
    reasons = _rule_reasons(rubric, scorecard, context, applicable)
    analysis = context.analysis(True, None)
    return ReaderInput(analysis.clauses, analysis, tuple(text_rules_fired(reasons)),
                       reader_context(scorecard), tuple(sorted(applicable)))


def text_rules_fired(reasons: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    """Return the flags some rule raised from free text (the reader reads them as features)."""
    return [flag for flag, found in reasons.items()
            if any(source in TEXT_SOURCES and rule != "observed" for source, _, rule in found)]


def reader_context(scorecard: ScorecardInput) -> tuple[str, ...]:
    """Return the round, lane and level as the reader's context features."""
    return (f"round={scorecard.round}", f"lane={scorecard.lane}", f"level={scorecard.level}")


def _read_notes(reader: NotesReader, scorecard: ScorecardInput, context: ScorecardContext,
                applicable: dict, rubric, reasons: dict[str, list[tuple[str, str, str]]]) -> None:
    analysis = context.analysis(True, None)
    names = {c.id: c.name for c in rubric.criteria}
    for proposal in reader.propose(list(analysis.clauses), analysis, text_rules_fired(reasons),
                                   reader_context(scorecard), sorted(applicable)):
        clause = proposal.clause
        source = "notes" if clause.origin == "notes" else "evidence"
        label = applicable[proposal.flag].label
        because = (f'{origin_label(clause.origin, names)}: "{_quote(clause.quoted)}" — '
                   f'read as "{label}" by the notes reader')
        reasons.setdefault(proposal.flag, []).append((source, because, "notes-reader"))
