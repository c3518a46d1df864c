"""Parse and lint the rubrics (one per round) and the weak-signal flag catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from .catalog import LANE_IDS, LEVEL_IDS, RATING_POINTS, ROUND_IDS, SEVERITIES
from .flags.rules import FlagRule, RuleScope, RuleSite, build_flag_rule, dotted
from .problems import ContentError, Problem
from .yaml_source import SourceDocument, parse_yaml, read_source

# The weak signals DOMAIN.md names; the catalogue must define every one of them.
REQUIRED_FLAG_IDS: tuple[str, ...] = (
    "training-only", "no-incident-story", "framework-name-dropping", "solo-framing",
    "no-tradeoffs", "notebook-handoff", "no-skew-awareness", "ab-test-handwave",
    "no-cost-judgment", "no-decay-experience", "no-eval-harness", "no-experiment-rigor",
    "no-domain-fluency", "no-safety-properties",
    # The level red flags of DOMAIN.md that are not one of the weak signals above.
    "no-cross-team-leadership", "no-llm-building-basics", "no-agent-failure-modes",
)
# Per lane: a rubric may hold more criteria and probes, some for some lanes only.
CRITERIA_PER_ROUND = (3, 6)
PROBES_PER_ROUND = (2, 6)
# Shorter than this an anchor cannot describe behaviour; it is a placeholder.
MIN_ANCHOR_CHARS = 25
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_FLAG_SLUG = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Criterion:
    """A rated criterion with a behavioural anchor for every point at every level."""

    id: str
    name: str
    measures: str
    anchors: Mapping[str, Mapping[int, str]]
    lanes: tuple[str, ...] = LANE_IDS

    def anchor(self, level: str, point: int) -> str:
        """Return what a rating of `point` looks like at `level`."""
        return self.anchors[level][point]


@dataclass(frozen=True)
class ProbeOption:
    id: str
    label: str


@dataclass(frozen=True)
class Probe:
    """A short question the interviewer answers with a tap."""

    id: str
    question: str
    options: tuple[ProbeOption, ...]
    lanes: tuple[str, ...] = LANE_IDS

    def option(self, option_id: str) -> ProbeOption:
        """Return an option by id; raise KeyError when unknown."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


@dataclass(frozen=True)
class FlagDefinition:
    """A weak signal from the catalogue: where it applies and how severe it is by level."""

    id: str
    label: str
    description: str
    rounds: tuple[str, ...]
    lanes: tuple[str, ...]
    severity: Mapping[str, str]
    # lane -> level -> severity, where a lane weighs the flag differently from the default.
    lane_severity: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Questions of the bank asked to surface this weak signal: it must be raisable there.
    questions: tuple[str, ...] = ()

    def severity_for(self, level: str, lane: str | None = None) -> str | None:
        """Return the severity at a level in a lane, or None where the flag does not apply."""
        if lane is not None and level in self.lane_severity.get(lane, {}):
            return self.lane_severity[lane][level]
        return self.severity.get(level)

    def applies_to(self, round_id: str, lane: str, level: str) -> bool:
        """Return whether the flag can be raised in this round, lane and level."""
        return (round_id in self.rounds and lane in self.lanes
                and self.severity_for(level, lane) is not None)


@dataclass(frozen=True)
class Rubric:
    """One round's criteria, probes and flag rules."""

    round: str
    title: str
    criteria: tuple[Criterion, ...]
    probes: tuple[Probe, ...]
    flag_rules: tuple[FlagRule, ...]
    # Advice for the interviewer on rating this round (e.g. judging AI-assisted work).
    guidance: str = ""

    def criterion(self, criterion_id: str) -> Criterion:
        """Return a criterion by id; raise KeyError when unknown."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def probe(self, probe_id: str) -> Probe:
        """Return a probe by id; raise KeyError when unknown."""
        for probe in self.probes:
            if probe.id == probe_id:
                return probe
        raise KeyError(probe_id)

    def for_lane(self, lane: str) -> Rubric:
        """Return the rubric as one lane sees it: only the criteria and probes for that lane."""
        return replace(self, criteria=tuple(c for c in self.criteria if lane in c.lanes),
                       probes=tuple(p for p in self.probes if lane in p.lanes))


@dataclass(frozen=True)
class RubricSet:
    """Every round's rubric and the flag catalogue they share."""

    rubrics: Mapping[str, Rubric]
    flags: Mapping[str, FlagDefinition]

    def for_round(self, round_id: str, lane: str | None = None) -> Rubric:
        """Return the rubric of a round (as one lane sees it); raise KeyError when none."""
        rubric = self.rubrics[round_id]
        return rubric.for_lane(lane) if lane is not None else rubric

    def flags_for(self, round_id: str, lane: str, level: str) -> tuple[FlagDefinition, ...]:
        """Return the catalogue's flags that apply to a round, lane and level, by id."""
        return tuple(flag for _, flag in sorted(self.flags.items())
                     if flag.applies_to(round_id, lane, level))


def load_rubric_set(directory: str | Path) -> RubricSet:
    """Load every *.yaml in a directory; raise ContentError listing all problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentError([Problem(str(directory), 1, "(directory)", "no such directory")])
    sources = {str(path): read_source(path)
               for path in sorted(directory.glob("*.yaml"))}
    return parse_rubric_set(sources)


def parse_rubric_set(sources: Mapping[str, str]) -> RubricSet:
    """Parse filename -> YAML text; raise ContentError listing all problems."""
    problems: list[Problem] = []
    rubric_set = _parse(sources, problems)
    if problems:
        raise ContentError(problems)
    return rubric_set


class TargetQuestion(Protocol):
    """What the reachability check needs of a bank question (domain.bank.Question has it)."""

    id: str
    round: str
    lanes: Iterable[str]
    levels: Iterable[str]


def lint_rubric_sources(sources: Mapping[str, str],
                        questions: Iterable[TargetQuestion] | None = None) -> list[Problem]:
    """Return every problem in filename -> YAML text, sorted by file and line.

    Given the question bank, also check that every flag a question targets can be raised in
    that question's round, for the question's lanes and levels.
    """
    problems: list[Problem] = []
    rubric_set = _parse(sources, problems)
    if questions is not None:
        problems.extend(_check_reachability(sources, rubric_set, list(questions)))
    return sorted(problems)


def _check_reachability(sources: Mapping[str, str], rubric_set: RubricSet,
                        questions: list[TargetQuestion]) -> list[Problem]:
    problems: list[Problem] = []
    by_id = {q.id: q for q in questions}
    catalogue = next((doc for doc in _documents(sources)
                      if isinstance(doc.data, dict) and "flags" in doc.data), None)
    if catalogue is None:
        return problems
    entries = catalogue.data.get("flags") or []
    for index, entry in enumerate(entries):
        flag = rubric_set.flags.get(entry.get("id")) if isinstance(entry, dict) else None
        if flag is None:
            continue
        for q_index, question_id in enumerate(flag.questions):
            path = ("flags", index, "questions", q_index)
            question = by_id.get(question_id)
            if question is None:
                problems.append(catalogue.problem(path, dotted(path),
                                                  f"no question {question_id!r} in the bank"))
                continue
            reason = _unreachable(rubric_set, flag, question)
            if reason:
                problems.append(catalogue.problem(
                    path, dotted(path),
                    f"{flag.id!r} cannot be raised where {question_id!r} asks for it: {reason}"))
    return problems


def _unreachable(rubric_set: RubricSet, flag: FlagDefinition, question: TargetQuestion) -> str:
    """Say why a flag cannot be raised in a question's round, or return '' when it can."""
    if question.round not in flag.rounds:
        return f"the flag's rounds leave out {question.round}"
    lanes = [lane for lane in question.lanes if lane in flag.lanes]
    if not lanes:
        return "the flag applies to none of the question's lanes"
    if not any(flag.severity_for(level, lane) for lane in lanes for level in question.levels):
        return "the flag applies at none of the question's levels"
    rubric = rubric_set.rubrics.get(question.round)
    rules = [rule for rule in (rubric.flag_rules if rubric else ()) if rule.flag == flag.id]
    if not rules:
        return f"the {question.round} rubric has no rule for it (only a tick could raise it)"
    return ""


def _documents(sources: Mapping[str, str]) -> list[SourceDocument]:
    docs = []
    for file, text in sorted(sources.items()):
        try:
            docs.append(parse_yaml(text, file))
        except ContentError:
            continue
    return docs


class _Reader:
    """Field access on one YAML document that reports problems instead of raising."""

    def __init__(self, doc: SourceDocument, problems: list[Problem]) -> None:
        self.doc, self.problems = doc, problems

    def report(self, path: tuple[Any, ...], message: str) -> None:
        self.problems.append(self.doc.problem(path, _field(path), message))

    def mapping(self, value: Any, path: tuple[Any, ...], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.report(path, "must be a mapping")
            return {}
        for key in value:
            if key not in allowed:
                self.report(path + (key,), f"unknown field; expected one of "
                                           f"{', '.join(sorted(allowed))}")
        return value

    def text(self, data: Mapping[str, Any], path: tuple[Any, ...], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.report(path + (key,), "missing" if value is None else "must be non-empty text")
            return ""
        return value.strip()

    def slug(self, data: Mapping[str, Any], path: tuple[Any, ...], key: str,
             pattern: re.Pattern[str] = _SLUG) -> str:
        value = self.text(data, path, key)
        if value and not pattern.fullmatch(value):
            self.report(path + (key,), f"{value!r} is not a lowercase id")
        return value

    def items(self, data: Mapping[str, Any], path: tuple[Any, ...], key: str,
              bounds: tuple[int, int] | None = None) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            self.report(path + (key,), "missing" if value is None else "must be a list")
            return []
        if bounds and not bounds[0] <= len(value) <= bounds[1]:
            self.report(path + (key,), f"needs {bounds[0]}-{bounds[1]} entries, has {len(value)}")
        return value

    def ids(self, data: Mapping[str, Any], path: tuple[Any, ...], key: str,
            known: tuple[str, ...]) -> tuple[str, ...]:
        values = self.items(data, path, key)
        for index, value in enumerate(values):
            if value not in known:
                self.report(path + (key, index), f"unknown {key[:-1]} {value!r}")
        if not values and isinstance(data.get(key), list):
            self.report(path + (key,), "must not be empty")
        return tuple(v for v in values if v in known)


def _parse(sources: Mapping[str, str], problems: list[Problem]) -> RubricSet:
    catalogue: list[SourceDocument] = []
    rubric_docs: list[SourceDocument] = []
    for file, text in sorted(sources.items()):
        try:
            doc = parse_yaml(text, file)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(doc.data, dict) and "flags" in doc.data:
            catalogue.append(doc)
        elif isinstance(doc.data, dict) and "round" in doc.data:
            rubric_docs.append(doc)
        else:
            problems.append(doc.problem((), "(document)", "expected a rubric (round: ...) or "
                                                          "the flag catalogue (flags: ...)"))
    flags: dict[str, FlagDefinition] = {}
    if len(catalogue) != 1:
        where = catalogue[1].file if catalogue else "(rubrics)"
        problems.append(Problem(where, 1, "flags",
                                f"need exactly one flag catalogue, found {len(catalogue)}"))
    for doc in catalogue[:1]:
        flags = _parse_catalogue(_Reader(doc, problems))
    rubrics: dict[str, Rubric] = {}
    for doc in rubric_docs:
        rubric = _parse_rubric(_Reader(doc, problems), flags)
        if rubric is None:
            continue
        if rubric.round in rubrics:
            problems.append(doc.problem(("round",), "round",
                                        f"a second rubric for round {rubric.round!r}"))
        rubrics[rubric.round] = rubric
    if not any(p.field == "(syntax)" for p in problems):
        for round_id in ROUND_IDS:
            if round_id not in rubrics and not any(
                    isinstance(d.data, dict) and d.data.get("round") == round_id
                    for d in rubric_docs):
                problems.append(Problem("(rubrics)", 1, "round", f"no rubric for {round_id!r}"))
    _check_rule_ids(rubric_docs, rubrics, problems)
    return RubricSet(MappingProxyType(rubrics), MappingProxyType(flags))


def _check_rule_ids(docs: list[SourceDocument], rubrics: Mapping[str, Rubric],
                    problems: list[Problem]) -> None:
    """Keep rule ids unique across rubrics, so a debrief can name the rule that fired."""
    seen: dict[str, str] = {}
    for doc in docs:
        rubric = rubrics.get(doc.data.get("round")) if isinstance(doc.data, dict) else None
        if rubric is None:
            continue
        for index, rule in enumerate(rubric.flag_rules):
            if rule.id in seen:
                problems.append(doc.problem(("flag_rules", index, "id"),
                                            f"flag_rules[{index}].id",
                                            f"rule id {rule.id!r} already used in {seen[rule.id]}"))
            seen.setdefault(rule.id, doc.file)


def _parse_catalogue(reader: _Reader) -> dict[str, FlagDefinition]:
    data = reader.mapping(reader.doc.data, (), {"flags"})
    flags: dict[str, FlagDefinition] = {}
    for index, item in enumerate(reader.items(data, (), "flags")):
        path: tuple[Any, ...] = ("flags", index)
        entry = reader.mapping(item, path, {"id", "label", "description", "rounds", "lanes",
                                            "severity", "lane_severity", "questions"})
        flag_id = reader.slug(entry, path, "id", _FLAG_SLUG)
        label = reader.text(entry, path, "label")
        description = reader.text(entry, path, "description")
        rounds = reader.ids(entry, path, "rounds", ROUND_IDS)
        lanes = reader.ids(entry, path, "lanes", LANE_IDS)
        severity = _parse_severity(reader, entry, path)
        lane_severity = _parse_lane_severity(reader, entry, path, lanes)
        questions = _parse_questions(reader, entry, path)
        if flag_id in flags:
            reader.report(path + ("id",), f"duplicate flag id {flag_id!r}")
        elif flag_id:
            flags[flag_id] = FlagDefinition(flag_id, label, description, rounds, lanes,
                                            MappingProxyType(severity),
                                            MappingProxyType(lane_severity), questions)
    for flag_id in REQUIRED_FLAG_IDS:
        if flag_id not in flags:
            reader.report(("flags",), f"the weak signal {flag_id!r} is missing")
    return flags


def _parse_lane_severity(reader: _Reader, entry: Mapping[str, Any], path: tuple[Any, ...],
                         lanes: tuple[str, ...]) -> dict[str, Mapping[str, str]]:
    raw = entry.get("lane_severity")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.report(path + ("lane_severity",), "must map lanes to level: severity")
        return {}
    by_lane: dict[str, Mapping[str, str]] = {}
    for lane, levels in raw.items():
        where = path + ("lane_severity", lane)
        if lane not in LANE_IDS:
            reader.report(where, f"unknown lane {lane!r}")
        elif lane not in lanes:
            reader.report(where, f"the flag does not apply to lane {lane!r}")
        else:
            by_lane[lane] = MappingProxyType(
                _parse_severity(reader, {"severity": levels}, where, None))
    return by_lane


def _parse_questions(reader: _Reader, entry: Mapping[str, Any],
                     path: tuple[Any, ...]) -> tuple[str, ...]:
    raw = entry.get("questions")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(q, str) for q in raw):
        reader.report(path + ("questions",), "must be a list of question ids")
        return ()
    return tuple(raw)


def _parse_severity(reader: _Reader, entry: Mapping[str, Any],
                    path: tuple[Any, ...], key: str | None = "severity") -> dict[str, str]:
    raw = entry.get("severity")
    at = path + ((key,) if key else ())
    if not isinstance(raw, dict) or not raw:
        reader.report(at, "must map at least one level to a severity")
        return {}
    severity: dict[str, str] = {}
    for level, value in raw.items():
        if level not in LEVEL_IDS:
            reader.report(at + (level,), f"unknown level {level!r}")
        elif value not in SEVERITIES:
            reader.report(at + (level,),
                          f"must be one of {', '.join(SEVERITIES)}, got {value!r}")
        else:
            severity[level] = value
    return severity


def _parse_rubric(reader: _Reader, flags: Mapping[str, FlagDefinition]) -> Rubric | None:
    data = reader.mapping(reader.doc.data, (),
                          {"round", "title", "criteria", "probes", "flag_rules", "guidance"})
    round_id = data.get("round")
    if round_id not in ROUND_IDS:
        reader.report(("round",), f"unknown round {round_id!r}")
        return None
    title = reader.text(data, (), "title")
    criteria = _parse_criteria(reader, data)
    probes = _parse_probes(reader, data)
    scope = RuleScope(
        round=round_id,
        criteria={c.id: c.name for c in criteria},
        probes={p.id: p.question for p in probes},
        probe_options={p.id: {o.id: o.label for o in p.options} for p in probes},
        flags={f.id: f.label for f in flags.values()})
    rules: list[FlagRule] = []
    seen: set[str] = set()
    for index, item in enumerate(reader.items(data, (), "flag_rules")):
        site = RuleSite(reader.doc, ("flag_rules", index), scope, reader.problems)
        rule = build_flag_rule(item, site)
        if rule is None:
            continue
        if rule.id in seen:
            site.report(f"duplicate rule id {rule.id!r}", "id")
        seen.add(rule.id)
        if round_id not in flags[rule.flag].rounds:
            site.report(f"flag {rule.flag!r} does not apply to round {round_id!r} "
                        f"(see its rounds in the catalogue)", "flag")
        rules.append(rule)
    guidance = ""
    if "guidance" in data:
        guidance = " ".join(reader.text(data, (), "guidance").split())
    return Rubric(round_id, title, tuple(criteria), tuple(probes), tuple(rules), guidance)


def _parse_criteria(reader: _Reader, data: Mapping[str, Any]) -> list[Criterion]:
    criteria: list[Criterion] = []
    for index, item in enumerate(reader.items(data, (), "criteria")):
        path: tuple[Any, ...] = ("criteria", index)
        entry = reader.mapping(item, path, {"id", "name", "measures", "anchors", "lanes"})
        criterion_id = reader.slug(entry, path, "id")
        if any(c.id == criterion_id for c in criteria):
            reader.report(path + ("id",), f"duplicate criterion id {criterion_id!r}")
        anchors = _parse_anchors(reader, entry.get("anchors"), path + ("anchors",))
        criteria.append(Criterion(criterion_id, reader.text(entry, path, "name"),
                                  reader.text(entry, path, "measures"), anchors,
                                  _lanes(reader, entry, path)))
    _check_per_lane(reader, "criteria", [c.lanes for c in criteria], CRITERIA_PER_ROUND)
    return criteria


def _lanes(reader: _Reader, entry: Mapping[str, Any], path: tuple[Any, ...]) -> tuple[str, ...]:
    """Return the lanes a criterion or probe is for: all of them unless it says."""
    if "lanes" not in entry:
        return LANE_IDS
    return reader.ids(entry, path, "lanes", LANE_IDS)


def _check_per_lane(reader: _Reader, key: str, lanes_of: list[tuple[str, ...]],
                    bounds: tuple[int, int]) -> None:
    if not lanes_of:
        return
    for lane in LANE_IDS:
        count = sum(lane in lanes for lanes in lanes_of)
        if not bounds[0] <= count <= bounds[1]:
            reader.report((key,), f"lane {lane!r} sees {count} {key}; needs "
                                  f"{bounds[0]}-{bounds[1]}")


def _parse_anchors(reader: _Reader, raw: Any,
                   path: tuple[Any, ...]) -> Mapping[str, Mapping[int, str]]:
    if not isinstance(raw, dict):
        reader.report(path, "missing" if raw is None else "must map each level to anchors")
        return MappingProxyType({})
    for level in raw:
        if level not in LEVEL_IDS:
            reader.report(path + (level,), f"unknown level {level!r}")
    anchors: dict[str, Mapping[int, str]] = {}
    for level in LEVEL_IDS:
        points = raw.get(level)
        if not isinstance(points, dict):
            reader.report(path + (level,), f"missing anchors for level {level!r}")
            continue
        by_point: dict[int, str] = {}
        for key in points:
            if _point(key) is None:
                reader.report(path + (level, key), f"unknown rating point {key!r}; use 1-4")
        for point in RATING_POINTS:
            key = point if point in points else str(point)
            text = points.get(key)
            where = path + (level, point)
            if not isinstance(text, str) or not text.strip():
                reader.report(where, f"missing anchor for rating {point} at {level}")
            elif len(text.strip()) < MIN_ANCHOR_CHARS:
                reader.report(where, "too short to describe observable behaviour")
            else:
                by_point[point] = " ".join(text.split())
        if len(set(by_point.values())) < len(by_point):
            reader.report(path + (level,), "two ratings share the same anchor text")
        anchors[level] = MappingProxyType(by_point)
    # A 3 for a junior is not a 3 for a staff engineer: identical text means a copy-paste.
    for point in RATING_POINTS:
        texts: dict[str, str] = {}
        for level in LEVEL_IDS:
            text = anchors.get(level, {}).get(point)
            if text is None:
                continue
            if text in texts:
                reader.report(path + (level, point),
                              f"same anchor as {texts[text]}; say what {point} means at {level}")
            texts.setdefault(text, level)
    return MappingProxyType(anchors)


def _field(path: tuple[Any, ...]) -> str:
    """Name a path as a field; rating points are mapping keys, so 'anchors.senior.3'."""
    if len(path) >= 4 and path[-3] == "anchors" and isinstance(path[-1], int):
        return f"{dotted(path[:-1])}.{path[-1]}"
    return dotted(path)


def _point(key: Any) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool) and key in RATING_POINTS:
        return key
    if isinstance(key, str) and key.isdigit() and int(key) in RATING_POINTS:
        return int(key)
    return None


def _parse_probes(reader: _Reader, data: Mapping[str, Any]) -> list[Probe]:
    probes: list[Probe] = []
    for index, item in enumerate(reader.items(data, (), "probes")):
        path: tuple[Any, ...] = ("probes", index)
        entry = reader.mapping(item, path, {"id", "question", "options", "lanes"})
        probe_id = reader.slug(entry, path, "id")
        if any(p.id == probe_id for p in probes):
            reader.report(path + ("id",), f"duplicate probe id {probe_id!r}")
        options: list[ProbeOption] = []
        for option_index, raw in enumerate(reader.items(entry, path, "options", (2, 5))):
            option_path = path + ("options", option_index)
            option = reader.mapping(raw, option_path, {"id", "label"})
            option_id = reader.slug(option, option_path, "id")
            if any(o.id == option_id for o in options):
                reader.report(option_path + ("id",), f"duplicate option id {option_id!r}")
            options.append(ProbeOption(option_id, reader.text(option, option_path, "label")))
        probes.append(Probe(probe_id, reader.text(entry, path, "question"), tuple(options),
                            _lanes(reader, entry, path)))
    _check_per_lane(reader, "probes", [p.lanes for p in probes], PROBES_PER_ROUND)
    return probes
