"""Interview loops: the candidate, four rounds, their questions and interviewers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.ext.hybrid import hybrid_property

from ..domain.lifecycle import RoundState, loop_status
from ..extensions import db
from .clock import utcnow

LOOP_STATUSES = ("draft", "scheduled", "in_progress", "awaiting_debrief", "decided",
                 "cancelled")
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
    # Intake facts that shape the plan (issue 9).
    work_type: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    platform_team: so.Mapped[bool | None]
    framework: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    # Questions the manager swapped out: no re-plan brings them back.
    swapped_out_question_ids: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    seed: so.Mapped[int] = so.mapped_column(default=0)
    warnings: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    excluded_question_ids: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    published_at: so.Mapped[datetime | None]
    # The rubric set version the loop was published with; its scorecards are read against it.
    rubric_version: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("rubric_versions.version"))
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    decision_level: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    decision_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    decided_at: so.Mapped[datetime | None]
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    # A cancelled loop keeps its record (and any scorecards) but takes no more work.
    cancelled_at: so.Mapped[datetime | None]
    cancelled_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    cancel_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)

    owner: so.Mapped[User] = so.relationship(foreign_keys=[owner_id])  # noqa: F821
    decided_by: so.Mapped[User | None] = so.relationship(  # noqa: F821
        foreign_keys=[decided_by_id])
    cancelled_by: so.Mapped[User | None] = so.relationship(  # noqa: F821
        foreign_keys=[cancelled_by_id])
    rounds: so.Mapped[list[LoopRound]] = so.relationship(
        back_populates="loop", order_by="LoopRound.position", cascade="all, delete-orphan")

    @hybrid_property
    def status(self) -> str:
        """Where the loop stands, derived from its facts (never stored)."""
        states = []
        for loop_round in self.rounds:
            interviewer_ids = {u.id for u in loop_round.interviewers}
            cards = [c for c in loop_round.scorecards if c.interviewer_id in interviewer_ids]
            states.append(RoundState(
                scheduled_at=loop_round.scheduled_at, interviewers=len(interviewer_ids),
                submitted=sum(1 for c in cards if c.status == "submitted"),
                started=len(cards)))
        return loop_status(self.published_at is not None, self.decision is not None, states,
                           utcnow(), cancelled=self.cancelled_at is not None)

    @status.inplace.expression
    @classmethod
    def _status_expression(cls) -> sa.ColumnElement[str]:
        """The same rule as loop_status, in SQL, so list filters agree with the pages."""
        return status_expression(cls, utcnow())

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
    # What the interviewer must know before asking (a second incident story, "if time").
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Chosen by the manager (a swap): regenerate and re-plan keep it.
    manager_pinned: so.Mapped[bool] = so.mapped_column(default=False)

    round: so.Mapped[LoopRound] = so.relationship(back_populates="questions")
    # The pinned text: the version of the question the loop was planned (and published) with.
    question: so.Mapped[QuestionVersion] = so.relationship(  # noqa: F821
        primaryjoin="and_(foreign(LoopQuestion.question_id) == QuestionVersion.question_id, "
                    "foreign(LoopQuestion.question_version) == QuestionVersion.version)",
        viewonly=True)


def status_expression(loop: type[Loop], now: datetime) -> sa.ColumnElement[str]:
    """Return a CASE over correlated subqueries equal to Loop.status at the moment now."""
    from .scorecard import Scorecard

    # Correlate with the loop only: a query that already joins rounds, panels or scorecards
    # (the follow-ups page, a user's owed rounds) must not swallow these subqueries' tables.
    seat = sa.select(loop_round_interviewers.c.user_id).join(
        LoopRound, LoopRound.id == loop_round_interviewers.c.round_id).where(
        LoopRound.loop_id == loop.id).correlate(loop)
    unsubmitted_seat = seat.where(~sa.exists().where(
        Scorecard.round_id == loop_round_interviewers.c.round_id,
        Scorecard.interviewer_id == loop_round_interviewers.c.user_id,
        Scorecard.status == "submitted").correlate_except(Scorecard))
    started_seat = seat.where(sa.exists().where(
        Scorecard.round_id == loop_round_interviewers.c.round_id,
        Scorecard.interviewer_id == loop_round_interviewers.c.user_id
    ).correlate_except(Scorecard))
    round_begun = sa.select(LoopRound.id).where(
        LoopRound.loop_id == loop.id, LoopRound.scheduled_at.is_not(None),
        LoopRound.scheduled_at <= now).correlate(loop)
    return sa.case(
        (loop.cancelled_at.is_not(None), "cancelled"),
        (loop.decision.is_not(None), "decided"),
        (loop.published_at.is_(None), "draft"),
        (sa.and_(seat.exists(), ~unsubmitted_seat.exists()), "awaiting_debrief"),
        (sa.or_(started_seat.exists(), round_begun.exists()), "in_progress"),
        else_="scheduled")
