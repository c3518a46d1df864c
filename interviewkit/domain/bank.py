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
from .yaml_source import SourceDocument, parse_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,79}$")
MAX_TITLE = 100
MINUTES_RANGE = (5, 60)

REQUIRED_FIELDS = ("id", "title", "prompt", "round", "lanes", "levels", "signals", "minutes",
                   "strong_answer", "weak_answer")
OPTIONAL_FIELDS = ("domains", "follow_ups")
TAG_FIELDS: dict[str, tuple[str, ...]] = {
    "lanes": catalog.LANE_IDS,
    "levels": catalog.LEVEL_IDS,
    "signals": catalog.SIGNAL_IDS,
    "domains": catalog.DOMAIN_IDS,
}


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
        for key in ("lanes", "levels", "domains"):
            data[key] = sorted(data[key])
        encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


def load_bank(directory: str | Path) -> list[Question]:
    """Load every *.yaml file in a directory; raise ContentError listing all problems."""
    root = Path(directory)
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))
    if not files:
        raise ContentError([Problem(str(root), 0, "(files)", "no *.yaml question files found")])
    return parse_bank({_display_name(path): path.read_text(encoding="utf-8") for path in files})


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
    follow_ups = entry.get("follow_ups", []) or []
    if not isinstance(follow_ups, list) or not all(isinstance(f, str) for f in follow_ups):
        report("follow_ups", "must be a list of text")
        follow_ups = []
    if len(problems) > before:
        return None
    return Question(
        id=qid, title=title.strip(), prompt=entry["prompt"].strip(), round=round_id,
        lanes=frozenset(tags["lanes"]), levels=frozenset(tags["levels"]),
        signals=tuple(tags["signals"]), minutes=minutes,
        strong_answer=entry["strong_answer"].strip(), weak_answer=entry["weak_answer"].strip(),
        domains=frozenset(tags.get("domains", [])),
        follow_ups=tuple(f.strip() for f in follow_ups),
        source=f"{doc.file}:{doc.line_of(base)}",
    )
