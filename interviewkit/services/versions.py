"""Newer question versions for a draft loop: what changed, and adopting them in one step."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import catalog
from ..extensions import db
from ..models import BankQuestion, Loop, QuestionVersion, User
from . import audit

# What a manager reads when told a question changed, in the order the kit shows them.
FIELD_NAMES = {"title": "title", "prompt": "prompt", "minutes": "length",
               "follow_ups": "follow-up questions", "strong_answer": "strong answer",
               "weak_answer": "weak answer", "signals": "signals",
               "level_bar": "level bars", "separates": "what separates a 2 from a 3",
               "hints": "hints", "pushes": "pushes"}


class VersionError(ValueError):
    """Raised when a loop's versions cannot change (it is published)."""


@dataclass(frozen=True)
class VersionChange:
    round: str
    question_id: str
    title: str
    old: int
    new: int
    fields: tuple[str, ...]

    @property
    def text(self) -> str:
        round_name = catalog.name_of(catalog.ROUNDS, self.round)
        what = ", ".join(FIELD_NAMES[f] for f in self.fields) or "wording"
        return f"{round_name}: “{self.title}” — {what} changed (version {self.old} → {self.new})"


def newer_versions(loop: Loop) -> list[VersionChange]:
    """Return the loop's questions whose bank text is newer than the version it pinned."""
    pinned = [(loop_round.kind, q) for loop_round in loop.rounds for q in loop_round.questions]
    if not pinned:
        return []
    ids = {q.question_id for _, q in pinned}
    latest = dict(db.session.execute(db.select(BankQuestion.id, BankQuestion.version)
                                     .where(BankQuestion.id.in_(ids))).all())
    wanted = {(q.question_id, latest[q.question_id]) for _, q in pinned
              if latest.get(q.question_id, 0) > q.question_version}
    if not wanted:
        return []
    rows = db.session.execute(db.select(QuestionVersion).where(
        QuestionVersion.question_id.in_({qid for qid, _ in wanted}))).scalars()
    versions = {(row.question_id, row.version): row for row in rows}
    changes = []
    for kind, q in pinned:
        new = latest.get(q.question_id, 0)
        if new <= q.question_version or (q.question_id, new) not in versions:
            continue
        old_row, new_row = q.question, versions[(q.question_id, new)]
        fields = tuple(name for name in FIELD_NAMES
                       if getattr(old_row, name) != getattr(new_row, name))
        changes.append(VersionChange(kind, q.question_id, new_row.title, q.question_version,
                                     new, fields))
    return changes


def adopt_newer_versions(loop: Loop, actor: User) -> list[VersionChange]:
    """Move a draft loop's questions to their newest versions; return what changed (audited)."""
    if loop.published_at is not None:
        raise VersionError("This loop is published; its questions stay as they were published.")
    changes = newer_versions(loop)
    if not changes:
        return []
    by_id = {c.question_id: c.new for c in changes}
    for loop_round in loop.rounds:
        for q in loop_round.questions:
            if q.question_id in by_id:
                q.question_version = by_id[q.question_id]
    db.session.flush()
    for loop_round in loop.rounds:
        for q in loop_round.questions:
            db.session.expire(q, ["question"])
    audit.record(actor.id, "loop.adopt_versions", "loop", loop.id,
                 {c.question_id: c.old for c in changes},
                 {c.question_id: c.new for c in changes})
    return changes
