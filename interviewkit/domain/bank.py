"""Parse question bank YAML files into Question objects, reporting file:line:field errors."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from . import catalog
from .problems import ContentError, Problem
from .yaml_source import SourceDocument, parse_yaml, read_source

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,79}$")
MAX_TITLE = 100
MINUTES_RANGE = (5, 60)

REQUIRED_FIELDS = ("id", "title", "prompt", "round", "lanes", "levels", "signals", "minutes",
                   "strong_answer", "weak_answer", "concept")
OPTIONAL_FIELDS = ("domains", "follow_ups", "deployment_targets", "work_types", "shapes",
                   "extends", "level_bar", "separates")
TAG_FIELDS: dict[str, tuple[str, ...]] = {
    "lanes": catalog.LANE_IDS,
    "levels": catalog.LEVEL_IDS,
    "signals": catalog.SIGNAL_IDS,
    "domains": catalog.DOMAIN_IDS,
    "deployment_targets": catalog.DEPLOYMENT_TARGET_IDS,
    "work_types": catalog.WORK_TYPE_IDS,
    "shapes": catalog.PROBLEM_SHAPE_IDS,
}
CONCEPT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,59}$")
# A follow-up ladder: hints help a struggling candidate, probes are asked of everyone,
# pushes take a strong candidate further.
LADDER_STEPS = ("hint", "probe", "push")


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    round: str
    lanes: frozenset[str]
    levels: frozenset[str]
    signals: tuple[str, ...]
    minutes: int
    strong_answer: str
    weak_answer: str
    domains: frozenset[str] = frozenset()
    follow_ups: tuple[str, ...] = ()
    source: str = ""
    concept: str = ""
    deployment_targets: frozenset[str] = frozenset()
    work_types: frozenset[str] = frozenset()
    shapes: frozenset[str] = frozenset()
    extends: frozenset[str] = frozenset()
    level_bar: tuple[tuple[str, str], ...] = ()
    separates: str = ""
    hints: tuple[str, ...] = ()
    pushes: tuple[str, ...] = ()

    @property
    def idea(self) -> str:
        """Return the idea the question tests; a question without a concept is its own idea."""
        return self.concept or self.id

    @property
    def is_extension(self) -> bool:
        """Return whether the question only makes sense after a main problem it extends."""
        return bool(self.extends)

    def extends_question(self, main: Question) -> bool:
        """Return whether this extension fits after `main` (by its id or one of its shapes)."""
        return main.id in self.extends or not self.extends.isdisjoint(main.shapes)

    def bar_for(self, level: str) -> str:
        """Return what meets the bar at a level, or '' when the question does not say."""
        return dict(self.level_bar).get(level, "")

    @cached_property
    def signal_mask(self) -> int:
        """Return the signals as a bit set (catalog order), for fast coverage arithmetic."""
        return catalog.signal_mask(self.signals)

    def fits(self, lane: str, level: str) -> bool:
        """Return whether the question is tagged with both the lane and the level."""
        return lane in self.lanes and level in self.levels

    def content_hash(self) -> str:
        """Return a digest of everything an interviewer reads or the planner uses."""
        data = asdict(self)
        data.pop("source")
        for key in ("lanes", "levels", "domains", "deployment_targets", "work_types", "shapes",
                    "extends"):
            data[key] = sorted(data[key])
        encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


def load_bank(directory: str | Path) -> list[Question]:
    """Load every *.yaml file in a directory; raise ContentError listing all problems."""
    root = Path(directory)
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))
    if not files:
        raise ContentError([Problem(str(root), 0, "(files)", "no *.yaml question files found")])
    return parse_bank({_display_name(path): read_source(path, _display_name(path))
                       for path in files})


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def lint_bank(sources: Mapping[str, str]) -> list[Problem]:
    """Return every problem in the given files (name → YAML text); empty when clean."""
    try:
        parse_bank(sources)
    except ContentError as exc:
        return exc.problems
    return []


def parse_bank(sources: Mapping[str, str]) -> list[Question]:
    """Parse question files (name → YAML text) into questions, all or nothing."""
    problems: list[Problem] = []
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    extension_sites: list[tuple[Question, SourceDocument, int]] = []
    for name, text in sources.items():
        try:
            doc = parse_yaml(text, name)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        for index, entry in _entries(doc, problems):
            question = _parse_question(doc, index, entry, problems)
            if question is None:
                continue
            where = f"{name}:{doc.line_of(('questions', index, 'id'))}"
            if question.id in first_seen:
                problems.append(doc.problem(("questions", index, "id"), "id",
                                            f"duplicate id {question.id!r}, "
                                            f"first defined at {first_seen[question.id]}"))
                continue
            first_seen[question.id] = where
            questions.append(question)
            extension_sites.append((question, doc, index))
    known = {q.id: q for q in questions}
    for question, doc, index in extension_sites:
        for target in sorted(question.extends):
            if target in catalog.PROBLEM_SHAPE_IDS:
                continue
            main = known.get(target)
            if main is None or main.round != question.round or main.is_extension:
                problems.append(doc.problem(
                    ("questions", index, "extends"), "extends",
                    f"{question.id}: {target!r} is neither a problem shape "
                    f"({', '.join(catalog.PROBLEM_SHAPE_IDS)}) nor a main question of the "
                    f"same round"))
    if problems:
        raise ContentError(problems)
    return questions


def _entries(doc: SourceDocument, problems: list[Problem]) -> Iterable[tuple[int, dict]]:
    if not isinstance(doc.data, dict) or "questions" not in doc.data:
        problems.append(doc.problem((), "questions", "file must be a mapping with a "
                                    "'questions:' list"))
        return
    unknown = set(doc.data) - {"questions"}
    for key in sorted(unknown, key=str):
        problems.append(doc.problem((key,), str(key), "unknown top-level key"))
    entries = doc.data["questions"]
    if not isinstance(entries, list):
        problems.append(doc.problem(("questions",), "questions", "must be a list"))
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(doc.problem(("questions", index), f"questions[{index}]",
                                        "each question must be a mapping"))
            continue
        yield index, entry


def _parse_question(doc: SourceDocument, index: int, entry: dict,
                    problems: list[Problem]) -> Question | None:
    base = ("questions", index)
    label = str(entry.get("id", f"questions[{index}]"))
    before = len(problems)

    def report(field: str, message: str) -> None:
        problems.append(doc.problem(base + (field,), field, f"{label}: {message}"))

    for key in sorted(set(entry) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS), key=str):
        report(str(key), "unknown field")
    for key in REQUIRED_FIELDS:
        if key not in entry or entry[key] in (None, "", []):
            problems.append(doc.problem(base, key, f"{label}: missing required field"))

    qid = entry.get("id")
    if qid is not None and (not isinstance(qid, str) or not ID_PATTERN.match(qid)):
        report("id", "must be 3-80 characters of lowercase letters, digits and hyphens")
    for key in ("title", "prompt", "strong_answer", "weak_answer"):
        if key in entry and entry[key] is not None and not isinstance(entry[key], str):
            report(key, "must be text")
    title = entry.get("title")
    if isinstance(title, str) and len(title) > MAX_TITLE:
        report("title", f"must be at most {MAX_TITLE} characters")
    round_id = entry.get("round")
    if round_id is not None and round_id not in catalog.ROUND_IDS:
        report("round", f"unknown round {round_id!r}; valid: {', '.join(catalog.ROUND_IDS)}")
    minutes = entry.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                or not MINUTES_RANGE[0] <= minutes <= MINUTES_RANGE[1]):
        report("minutes", f"must be a whole number from {MINUTES_RANGE[0]} to "
                          f"{MINUTES_RANGE[1]}")
    tags: dict[str, list[str]] = {}
    for key, vocabulary in TAG_FIELDS.items():
        value = entry.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            report(key, "must be a list of ids")
            continue
        for position, tag in enumerate(value):
            if tag not in vocabulary:
                problems.append(doc.problem(base + (key, position), key,
                                            f"{label}: unknown {key[:-1]} {tag!r}; "
                                            f"valid: {', '.join(vocabulary)}"))
        if len(set(value)) != len(value):
            report(key, "lists a value twice")
        tags[key] = value
    ladder = _parse_follow_ups(entry.get("follow_ups"), report)
    concept = entry.get("concept")
    if concept is not None and (not isinstance(concept, str)
                                or not CONCEPT_PATTERN.match(concept)):
        report("concept", "must be 3-60 characters of lowercase letters, digits and hyphens")
    extends = entry.get("extends", []) or []
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        report("extends", "must be a list of problem shapes or question ids")
        extends = []
    if extends and tags.get("shapes"):
        report("shapes", "an extension declares what it extends, not shapes of its own")
    if tags.get("shapes") and round_id not in ("system_design", "coding"):
        report("shapes", "only system-design and coding problems have shapes")
    level_bar = _parse_level_bar(entry, tags.get("levels", []), report)
    separates = entry.get("separates", "")
    if separates is not None and not isinstance(separates, str):
        report("separates", "must be text")
    if (isinstance(tags.get("levels"), list) and "junior" in tags["levels"]
            and set(tags.get("signals", [])) & set(catalog.JUNIOR_NEVER_SIGNALS)):
        report("levels", "a junior cannot have led others; drop junior or the leadership signal")
    if len(problems) > before:
        return None
    return Question(
        id=qid, title=title.strip(), prompt=entry["prompt"].strip(), round=round_id,
        lanes=frozenset(tags["lanes"]), levels=frozenset(tags["levels"]),
        signals=tuple(tags["signals"]), minutes=minutes,
        strong_answer=entry["strong_answer"].strip(), weak_answer=entry["weak_answer"].strip(),
        domains=frozenset(tags.get("domains", [])),
        follow_ups=ladder["probe"],
        source=f"{doc.file}:{doc.line_of(base)}",
        concept=concept,
        deployment_targets=frozenset(tags.get("deployment_targets", [])),
        work_types=frozenset(tags.get("work_types", [])),
        shapes=frozenset(tags.get("shapes", [])),
        extends=frozenset(extends),
        level_bar=level_bar,
        separates=(separates or "").strip(),
        hints=ladder["hint"], pushes=ladder["push"],
    )


def _parse_follow_ups(value, report) -> dict[str, tuple[str, ...]]:
    """Read follow-ups: a flat list (all probes) or a ladder of hint / probe / push lists."""
    ladder: dict[str, tuple[str, ...]] = {step: () for step in LADDER_STEPS}
    if value in (None, []):
        return ladder
    if isinstance(value, list):
        if not all(isinstance(f, str) for f in value):
            report("follow_ups", "must be a list of text")
            return ladder
        ladder["probe"] = tuple(f.strip() for f in value)
        return ladder
    if not isinstance(value, dict):
        report("follow_ups", "must be a list of text or a mapping of hint, probe and push lists")
        return ladder
    for key in sorted(set(value) - set(LADDER_STEPS), key=str):
        report("follow_ups", f"unknown ladder step {key!r}; valid: {', '.join(LADDER_STEPS)}")
    for step in LADDER_STEPS:
        items = value.get(step, []) or []
        if not isinstance(items, list) or not all(isinstance(f, str) for f in items):
            report("follow_ups", f"{step} must be a list of text")
            continue
        ladder[step] = tuple(f.strip() for f in items)
    return ladder


def _parse_level_bar(entry: dict, levels, report) -> tuple[tuple[str, str], ...]:
    """Read `level_bar`: what meets the bar at each of the question's levels, all of them."""
    value = entry.get("level_bar")
    if value in (None, {}):
        return ()
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        report("level_bar", "must map each of the question's levels to text")
        return ()
    if not isinstance(levels, list):
        return ()
    unknown = [k for k in value if k not in levels]
    missing = [lv for lv in levels if lv not in value]
    if unknown:
        report("level_bar", f"names levels the question is not tagged for: {', '.join(unknown)}")
    if missing:
        report("level_bar", f"says nothing for: {', '.join(missing)}")
    order = {lv: i for i, lv in enumerate(catalog.LEVEL_IDS)}
    return tuple(sorted(((k, v.strip()) for k, v in value.items()),
                        key=lambda kv: order.get(kv[0], 99)))
