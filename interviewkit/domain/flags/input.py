"""The engine's input: one scorecard, parsed from JSON and checked against the rubrics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from ..catalog import LANE_IDS, LEVEL_IDS, RATING_POINTS, ROUND_IDS

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class RubricCatalogue(Protocol):
    """What the engine needs of a rubric set (domain.rubric.RubricSet provides it).

    Declared here so the engine never imports the rubric module that builds its rules.
    """

    @property
    def rubrics(self) -> Mapping[str, Any]: ...

    @property
    def flags(self) -> Mapping[str, Any]: ...

    def for_round(self, round_id: str, lane: str | None = None) -> Any: ...

    def flags_for(self, round_id: str, lane: str, level: str) -> tuple[Any, ...]: ...


@dataclass(frozen=True)
class ScorecardInput:
    """One interviewer's scorecard for a round, as the flag engine reads it."""

    round: str
    lane: str
    level: str
    notes: str = ""
    evidence: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    probes: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    ratings: Mapping[str, int | None] = field(default_factory=lambda: _EMPTY)
    observed: tuple[str, ...] = ()

    @classmethod
    def of(cls, round_id: str, lane: str, level: str, content: Any) -> ScorecardInput:
        """Return the engine's view of any scorecard content (a draft, stored facts, ...)."""
        return cls(round=round_id, lane=lane, level=level, notes=content.notes,
                   evidence=dict(content.evidence), probes=dict(content.probes),
                   ratings=dict(content.ratings), observed=tuple(content.observed))



class ScorecardError(ValueError):
    """A scorecard payload is malformed; the message starts with the field it concerns."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


_SCORECARD_FIELDS = ("round", "lane", "level", "notes", "evidence", "probes", "ratings",
                     "observed")


def parse_scorecard(data: Any) -> ScorecardInput:
    """Build a ScorecardInput from decoded JSON; raise ScorecardError naming the bad field."""
    if not isinstance(data, Mapping):
        raise ScorecardError("scorecard", "must be a JSON object")
    for key in data:
        if key not in _SCORECARD_FIELDS:
            raise ScorecardError(str(key),
                                 f"unknown field; expected {', '.join(_SCORECARD_FIELDS)}")
    for key in ("round", "lane", "level"):
        if key not in data:
            raise ScorecardError(key, "missing")
        if not isinstance(data[key], str):
            raise ScorecardError(key, "must be a string")
    notes = data.get("notes") or ""
    if not isinstance(notes, str):
        raise ScorecardError("notes", "must be a string")
    text_maps = {}
    for key in ("evidence", "probes"):
        value = data.get(key) or {}
        if not isinstance(value, Mapping):
            raise ScorecardError(key, "must be an object")
        for item_key, item in value.items():
            if not isinstance(item, str):
                raise ScorecardError(f"{key}.{item_key}", "must be a string")
        text_maps[key] = MappingProxyType(dict(value))
    ratings = data.get("ratings") or {}
    if not isinstance(ratings, Mapping):
        raise ScorecardError("ratings", "must be an object")
    for criterion, rating in ratings.items():
        if rating is not None and (isinstance(rating, bool) or rating not in RATING_POINTS):
            raise ScorecardError(f"ratings.{criterion}", f"must be 1-4 or null, got {rating!r}")
    observed = data.get("observed") or []
    if not isinstance(observed, list) or not all(isinstance(f, str) for f in observed):
        raise ScorecardError("observed", "must be a list of flag ids")
    return ScorecardInput(
        round=data["round"], lane=data["lane"], level=data["level"], notes=notes,
        evidence=text_maps["evidence"], probes=text_maps["probes"],
        ratings=MappingProxyType(dict(ratings)), observed=tuple(observed))


def validate_scorecard(rubric_set: RubricCatalogue, scorecard: ScorecardInput) -> list[str]:
    """Return what is wrong with a scorecard's ids and ratings, each naming its field."""
    errors: list[str] = []
    if scorecard.round not in ROUND_IDS or scorecard.round not in rubric_set.rubrics:
        errors.append(f"round: unknown round {scorecard.round!r}")
    if scorecard.lane not in LANE_IDS:
        errors.append(f"lane: unknown lane {scorecard.lane!r}")
    if scorecard.level not in LEVEL_IDS:
        errors.append(f"level: unknown level {scorecard.level!r}")
    if not isinstance(scorecard.notes, str):
        errors.append("notes: must be text")
    rubric = rubric_set.rubrics.get(scorecard.round)
    if rubric is not None:
        criteria = {c.id for c in rubric.criteria}
        lanes = {c.id: getattr(c, "lanes", None) for c in rubric.criteria}
        lanes.update({p.id: getattr(p, "lanes", None) for p in rubric.probes})

        def other_lane(item: str) -> bool:
            return lanes.get(item) is not None and scorecard.lane not in lanes[item]

        for key, items in (("evidence", scorecard.evidence), ("ratings", scorecard.ratings),
                           ("probes", scorecard.probes)):
            for item in items:
                if other_lane(item):
                    errors.append(f"{key}.{item}: not part of the {rubric.round} rubric for "
                                  f"the {scorecard.lane} lane")
        for criterion, text in scorecard.evidence.items():
            if criterion not in criteria:
                errors.append(f"evidence.{criterion}: unknown criterion for {rubric.round}")
            elif not isinstance(text, str):
                errors.append(f"evidence.{criterion}: must be text")
        for criterion, rating in scorecard.ratings.items():
            if criterion not in criteria:
                errors.append(f"ratings.{criterion}: unknown criterion for {rubric.round}")
            elif rating is not None and (isinstance(rating, bool) or rating not in RATING_POINTS):
                errors.append(f"ratings.{criterion}: rating must be 1-4 or null, got {rating!r}")
        probes = {p.id: p for p in rubric.probes}
        for probe_id, answer in scorecard.probes.items():
            if probe_id not in probes:
                errors.append(f"probes.{probe_id}: unknown probe for {rubric.round}")
            elif answer not in {o.id for o in probes[probe_id].options}:
                errors.append(f"probes.{probe_id}: unknown option {answer!r}")
    applicable: set[str] = set()
    if not any(e.startswith(("round:", "lane:", "level:")) for e in errors):
        applicable = {f.id for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                         scorecard.level)}
    for index, flag_id in enumerate(scorecard.observed):
        if flag_id not in rubric_set.flags:
            errors.append(f"observed[{index}]: unknown flag {flag_id!r}")
        elif applicable and flag_id not in applicable:
            errors.append(f"observed[{index}]: flag {flag_id!r} does not apply to "
                          f"{scorecard.round}/{scorecard.lane}/{scorecard.level}")
    return errors
