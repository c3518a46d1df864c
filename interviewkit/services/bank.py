"""Import the question bank from YAML into the database, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from ..domain import catalog
from ..domain.bank import Question, load_bank
from ..extensions import db
from ..models import BankQuestion, QuestionVersion, utcnow


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.retired)} retired, {len(self.restored)} restored, "
                f"{self.unchanged} unchanged")


def import_bank(directory: str | Path) -> ImportReport:
    """Parse the bank (raising ContentError on any problem) and sync it into the session."""
    return sync_questions(load_bank(directory))


def sync_questions(questions: Iterable[Question]) -> ImportReport:
    """Add new questions, version changed ones, retire missing ones; never delete."""
    report = ImportReport()
    existing = {row.id: row for row in db.session.execute(db.select(BankQuestion)).scalars()}
    seen: set[str] = set()
    new_rows: list[dict] = []
    now = utcnow()
    for question in questions:
        seen.add(question.id)
        digest = question.content_hash()
        row = existing.get(question.id)
        if row is None:
            new_rows.append({**_columns(question, digest), "id": question.id, "version": 1,
                             "times_used": 0, "active": True, "imported_at": now})
            report.added.append(question.id)
            continue
        if not row.active:
            row.active = True
            row.retired_at = None
            report.restored.append(question.id)
        if row.content_hash != digest:
            for name, value in _columns(question, digest).items():
                setattr(row, name, value)
            row.version += 1
            row.imported_at = now
            report.updated.append(question.id)
        elif question.id not in report.restored:
            report.unchanged += 1
        if row.source != question.source:
            row.source = question.source
    if new_rows:
        # One multi-row INSERT: a 10,000-question bank imports in seconds, not minutes.
        db.session.execute(sa.insert(BankQuestion), new_rows)
    for qid, row in existing.items():
        if qid not in seen and row.active:
            row.active = False
            row.retired_at = now
            report.retired.append(qid)
    db.session.flush()
    keep_current_versions()
    return report


VERSION_COLUMNS = ("title", "prompt", "round", "signals", "minutes", "follow_ups",
                   "strong_answer", "weak_answer", "content_hash", "imported_at",
                   "concept", "deployment_targets", "work_types", "shapes", "extends",
                   "level_bar", "separates", "hints", "pushes")


def keep_current_versions() -> int:
    """Store each question's current text as its version where not stored yet; return how many.

    Versions are only ever added: a loop that pinned an older one keeps reading it.
    """
    stored = sa.exists().where(QuestionVersion.question_id == BankQuestion.id,
                               QuestionVersion.version == BankQuestion.version)
    columns = [getattr(BankQuestion, name) for name in VERSION_COLUMNS]
    result = db.session.execute(sa.insert(QuestionVersion).from_select(
        ["question_id", "version", *VERSION_COLUMNS],
        sa.select(BankQuestion.id, BankQuestion.version, *columns).where(~stored)))
    db.session.flush()
    return result.rowcount or 0


def _columns(question: Question, digest: str) -> dict:
    return {
        "title": question.title, "prompt": question.prompt, "round": question.round,
        "lanes": sorted(question.lanes), "levels": sorted(question.levels),
        "signals": list(question.signals), "domains": sorted(question.domains),
        "minutes": question.minutes, "follow_ups": list(question.follow_ups),
        "strong_answer": question.strong_answer, "weak_answer": question.weak_answer,
        "source": question.source, "content_hash": digest,
        "concept": question.concept, "deployment_targets": sorted(question.deployment_targets),
        "work_types": sorted(question.work_types), "shapes": sorted(question.shapes),
        "extends": sorted(question.extends), "level_bar": dict(question.level_bar),
        "separates": question.separates, "hints": list(question.hints),
        "pushes": list(question.pushes),
    }


def to_domain(row: BankQuestion) -> Question:
    """Return the pure domain question for a stored row."""
    return Question(
        id=row.id, title=row.title, prompt=row.prompt, round=row.round,
        lanes=frozenset(row.lanes), levels=frozenset(row.levels), signals=tuple(row.signals),
        minutes=row.minutes, strong_answer=row.strong_answer, weak_answer=row.weak_answer,
        domains=frozenset(row.domains or ()), follow_ups=tuple(row.follow_ups or ()),
        source=row.source, concept=row.concept or "",
        deployment_targets=frozenset(row.deployment_targets or ()),
        work_types=frozenset(row.work_types or ()), shapes=frozenset(row.shapes or ()),
        extends=frozenset(row.extends or ()),
        level_bar=tuple((lv, (row.level_bar or {})[lv]) for lv in catalog.LEVEL_IDS
                        if lv in (row.level_bar or {})),
        separates=row.separates or "", hints=tuple(row.hints or ()),
        pushes=tuple(row.pushes or ()))


def active_questions() -> list[Question]:
    """Return every active question as domain objects."""
    rows = db.session.execute(db.select(BankQuestion).where(BankQuestion.active)).scalars()
    return [to_domain(row) for row in rows]


def usage_counts() -> dict[str, int]:
    """Return how many published loops used each question."""
    rows = db.session.execute(db.select(BankQuestion.id, BankQuestion.times_used))
    return {qid: used for qid, used in rows}
