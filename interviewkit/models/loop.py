"""Interview loops: the candidate, four rounds, their questions and interviewers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow

LOOP_STATUSES = ("draft", "scheduled", "in_progress", "awaiting_debrief", "decided")
DECISIONS = ("hire", "no_hire", "hire_other_level")

loop_round_interviewers = sa.Table(
    "loop_round_interviewers", db.metadata,
    sa.Column("round_id", sa.ForeignKey("loop_rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
)


class Loop(db.Model):
    __tablename__ = "loops"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    candidate_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    candidate_email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    role_title: so.Mapped[str] = so.mapped_column(sa.String(200))
    lane: so.Mapped[str] = so.mapped_column(sa.String(20))
    level: so.Mapped[str] = so.mapped_column(sa.String(20))
    domain: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    deployment_target: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft", index=True)
    seed: so.Mapped[int] = so.mapped_column(default=0)
    warnings: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    excluded_question_ids: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    published_at: so.Mapped[datetime | None]
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    decision_level: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    decision_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    decided_at: so.Mapped[datetime | None]
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    owner: so.Mapped[User] = so.relationship(foreign_keys=[owner_id])  # noqa: F821
    decided_by: so.Mapped[User | None] = so.relationship(  # noqa: F821
        foreign_keys=[decided_by_id])
    rounds: so.Mapped[list[LoopRound]] = so.relationship(
        back_populates="loop", order_by="LoopRound.position", cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {LOOP_STATUSES!r}", name="status_valid"),
    )

    def round(self, kind: str) -> LoopRound | None:
        return next((r for r in self.rounds if r.kind == kind), None)


class LoopRound(db.Model):
    __tablename__ = "loop_rounds"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    loop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("loops.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    position: so.Mapped[int]
    minutes: so.Mapped[int]
    scheduled_at: so.Mapped[datetime | None]

    loop: so.Mapped[Loop] = so.relationship(back_populates="rounds")
    questions: so.Mapped[list[LoopQuestion]] = so.relationship(
        back_populates="round", order_by="LoopQuestion.position", cascade="all, delete-orphan")
    interviewers: so.Mapped[list[User]] = so.relationship(  # noqa: F821
        secondary=loop_round_interviewers, order_by="User.name")
    scorecards: so.Mapped[list[Scorecard]] = so.relationship(  # noqa: F821
        back_populates="round", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("loop_id", "kind", name="uq_loop_rounds_loop_kind"),)


class LoopQuestion(db.Model):
    __tablename__ = "loop_questions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("loop_rounds.id", ondelete="CASCADE"), index=True)
    question_id: so.Mapped[str] = so.mapped_column(sa.ForeignKey("questions.id"), index=True)
    question_version: so.Mapped[int]
    position: so.Mapped[int]
    minutes: so.Mapped[int]
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    round: so.Mapped[LoopRound] = so.relationship(back_populates="questions")
    question: so.Mapped[BankQuestion] = so.relationship()  # noqa: F821
