"""What a scorecard says, how it arrives from a client, and what submitting it settles.

The one content type of a scorecard: the browser's JSON, the stored row, the flag engine's
input and the debrief are all read into or out of ScorecardContent here. Pure: no flask, no
sqlalchemy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import catalog
from .flags import RaisedFlag, ScorecardInput, raise_flags, validate_scorecard
from .rubric import Rubric, RubricSet

RATING_POINTS = (1, 2, 3, 4)
RECOMMENDATION_IDS = catalog.ids(catalog.RECOMMENDATIONS)
FLAG_DECISIONS = ("confirmed", "dismissed")
MAX_ID = 80
MAX_TEXT = 20_000
MAX_NOTES = 200_000
# How much of the notes the flag engine reads (see raise_for).
ENGINE_NOTES_LIMIT = 50_000
MAX_ITEMS = 100
# Fields compared, saved and audited, in the order they are shown.
CONTENT_FIELDS = ("ratings", "evidence", "probes", "observed", "flag_decisions", "notes",
                  "recommendation")


class ContentError(ValueError):
    """A request body is not scorecard content; `field` names the part to fix."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


@dataclass(frozen=True)
class ScorecardContent:
    """What an interviewer wrote; a None rating means "no signal"."""

    ratings: Mapping[str, int | None] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    probes: Mapping[str, str] = field(default_factory=dict)
    observed: tuple[str, ...] = ()
    flag_decisions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    notes: str = ""
    recommendation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form the page, the stored row and the audit log share."""
        return {"ratings": dict(self.ratings), "evidence": dict(self.evidence),
                "probes": dict(self.probes), "observed": list(self.observed),
                "flag_decisions": {k: dict(v) for k, v in self.flag_decisions.items()},
                "notes": self.notes, "recommendation": self.recommendation}

    def changes_from(self, before: ScorecardContent) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return the (before, after) values of the fields that differ."""
        old, new = before.as_dict(), self.as_dict()
        names = [name for name in CONTENT_FIELDS if old[name] != new[name]]
        return {n: old[n] for n in names}, {n: new[n] for n in names}


# --- the boundary: JSON in ----------------------------------------------------------------------

def _clean(value: str, what: str) -> str:
    # A lone surrogate cannot be encoded (every later page render fails) and PostgreSQL
    # refuses NUL in text: refuse both here, naming the field.
    if "\x00" in value:
        raise ContentError(what, "contains a NUL character; remove it and save again")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ContentError(what, "contains a broken character (an unpaired surrogate); "
                                 "retype the text around it") from error
    return value


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise ContentError(what, f"expected an id of 1 to {MAX_ID} characters")
    return _clean(value, what)


def _text(value: Any, what: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError(what, "expected text")
    if len(value) > limit:
        raise ContentError(what, f"longer than {limit} characters")
    return _clean(value, what)


def _mapping(value: Any, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ContentError(what, "expected an object")
    if len(value) > MAX_ITEMS:
        raise ContentError(what, f"more than {MAX_ITEMS} entries")
    return value


def _rating(value: Any, what: str) -> int | None:
    # JSON 1.0 equals 1 in Python; only whole numbers are ratings, stored as int.
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_POINTS:
        raise ContentError(what, "expected a whole number 1 to 4, or null for no signal")
    return int(value)


def parse_content(data: Any) -> ScorecardContent:
    """Return the content in a decoded JSON body, or raise ContentError naming the field."""
    if not isinstance(data, dict):
        raise ContentError("body", "expected a JSON object")
    ratings = {_id(k, "ratings"): _rating(v, f"ratings.{k}")
               for k, v in _mapping(data.get("ratings"), "ratings").items()}
    evidence = {_id(k, "evidence"): _text(v, f"evidence.{k}")
                for k, v in _mapping(data.get("evidence"), "evidence").items()}
    probes = {_id(k, "probes"): _id(v, f"probes.{k}")
              for k, v in _mapping(data.get("probes"), "probes").items() if v}
    observed_raw = data.get("observed") or []
    if not isinstance(observed_raw, list) or len(observed_raw) > MAX_ITEMS:
        raise ContentError("observed", "expected a list of flag ids")
    observed = tuple(dict.fromkeys(_id(f, "observed") for f in observed_raw))
    decisions: dict[str, dict[str, str]] = {}
    for flag_id, decision in _mapping(data.get("flag_decisions"), "flag_decisions").items():
        _id(flag_id, "flag_decisions")
        if not isinstance(decision, dict) or decision.get("decision") not in FLAG_DECISIONS:
            raise ContentError(f"flag_decisions.{flag_id}",
                               f"expected a decision of {' or '.join(FLAG_DECISIONS)}")
        decisions[flag_id] = {
            "decision": decision["decision"],
            "reason": _text(decision.get("reason"), f"flag_decisions.{flag_id}.reason"),
            "because": _text(decision.get("because"), f"flag_decisions.{flag_id}.because"),
        }
    recommendation = data.get("recommendation") or None
    if recommendation is not None and recommendation not in RECOMMENDATION_IDS:
        raise ContentError("recommendation", f"expected one of {', '.join(RECOMMENDATION_IDS)}")
    return ScorecardContent(ratings=ratings, evidence=evidence, probes=probes,
                            observed=observed, flag_decisions=decisions,
                            notes=_text(data.get("notes"), "notes", MAX_NOTES),
                            recommendation=recommendation)


def unknown_flag_ids(content: ScorecardContent, known: Sequence[str]) -> list[str]:
    """Return the fields naming a flag the rubric's catalogue does not have for this card."""
    allowed = set(known)
    fields = [f"observed[{i}]" for i, f in enumerate(content.observed) if f not in allowed]
    fields += [f"flag_decisions.{f}" for f in content.flag_decisions if f not in allowed]
    return fields


# --- submitting ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SettledFlag:
    """A flag as submitting left it: the record the debrief and the packet read."""

    id: str
    label: str
    severity: str
    source: str
    because: str  # the quoted words or answers that raised it
    rule: str
    decision: str  # observed (ticked by the interviewer) | confirmed | dismissed
    reason: str = ""

    @property
    def stands(self) -> bool:
        return self.decision != "dismissed"

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "severity": self.severity,
                "source": self.source, "because": self.because, "rule": self.rule,
                "decision": self.decision, "reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SettledFlag:
        return cls(id=data["id"], label=data["label"], severity=data["severity"],
                   source=data["source"], because=data["because"], rule=data["rule"],
                   decision=data["decision"], reason=data.get("reason", ""))


def raise_for(rubrics: RubricSet, round_id: str, lane: str, level: str,
              content: ScorecardContent) -> tuple[RaisedFlag, ...]:
    """Return every flag the content raises (the engine's and the interviewer's ticks).

    The engine's cost grows with the text it reads, and it runs on every autosave: it reads
    the first ENGINE_NOTES_LIMIT characters of the notes (evidence fields are capped at
    MAX_TEXT already), so one save's reading time is bounded.
    """
    if len(content.notes) > ENGINE_NOTES_LIMIT:
        content = replace(content, notes=content.notes[:ENGINE_NOTES_LIMIT])
    return raise_flags(rubrics, ScorecardInput.of(round_id, lane, level, content))


def engine_problems(rubrics: RubricSet, round_id: str, lane: str, level: str,
                    content: ScorecardContent) -> list[str]:
    """Return the engine's own checks: unknown criteria, probe options, flags off-level."""
    return validate_scorecard(rubrics, ScorecardInput.of(round_id, lane, level, content))


def settle(raised: Sequence[RaisedFlag], content: ScorecardContent) -> tuple[SettledFlag, ...]:
    """Return every raised flag with the interviewer's answer to it, as submitted."""
    settled = []
    for flag in raised:
        answer = content.flag_decisions.get(flag.id, {})
        if flag.source == "interviewer" or flag.id in content.observed:
            decision, reason = "observed", ""
        else:
            decision = answer.get("decision", "confirmed")
            reason = answer.get("reason", "").strip()
        settled.append(SettledFlag(flag.id, flag.label, flag.severity, flag.source,
                                   flag.because, flag.rule, decision, reason))
    return tuple(settled)


def submission_errors(rubric: Rubric, content: ScorecardContent,
                      proposed: Sequence[RaisedFlag]) -> dict[str, str]:
    """Return what stops content from being submitted, keyed by the field to fix."""
    errors: dict[str, str] = {}
    for criterion_id, name in ((c.id, c.name) for c in rubric.criteria):
        if criterion_id not in content.ratings:
            errors[f"ratings.{criterion_id}"] = (
                f"{name}: choose a rating, or No signal if the interview gave none.")
            continue
        value = content.ratings[criterion_id]
        if value is not None and not content.evidence.get(criterion_id, "").strip():
            errors[f"evidence.{criterion_id}"] = (
                f"{name}: write the evidence behind your rating of {value} "
                f"— what the candidate said or did.")
    for flag in proposed:
        decision = content.flag_decisions.get(flag.id)
        if flag.id in content.observed:
            continue  # the interviewer ticked it themselves: it stands
        if not decision:
            errors[f"flags.{flag.id}"] = f"Proposed flag “{flag.label}”: confirm or dismiss it."
        elif decision["decision"] == "dismissed" and not decision.get("reason", "").strip():
            errors[f"flags.{flag.id}"] = (
                f"Proposed flag “{flag.label}”: say why you dismiss it.")
    if content.recommendation is None:
        errors["recommendation"] = "Choose an overall recommendation."
    return errors
