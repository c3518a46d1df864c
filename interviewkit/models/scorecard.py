"""Scorecards (draft or submitted, versioned) and idempotency keys for their writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow

SCORECARD_STATUSES = ("draft", "submitted")


class Scorecard(db.Model):
    __tablename__ = "scorecards"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("loop_rounds.id", ondelete="CASCADE"), index=True)
    interviewer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    # Optimistic concurrency: every save must name the version it was based on.
    version: so.Mapped[int] = so.mapped_column(default=1)
    ratings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    evidence: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    probes: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    observed_flags: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # Proposed flags the interviewer answered: {flag_id: {"decision", "reason", "because"}}.
    flag_decisions: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # What submitting settled, kept as the record the debrief reads: one entry per flag with
    # id, label, severity, source, quoted words, rule, decision and reason.
    settled_flags: so.Mapped[list[dict[str, Any]] | None] = so.mapped_column(sa.JSON)
    rubric_version: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("rubric_versions.version"))
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    recommendation: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Indexed: the insights' cache key reads the latest change on every view.
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    submitted_at: so.Mapped[datetime | None]
    amended_at: so.Mapped[datetime | None]

    round: so.Mapped[LoopRound] = so.relationship(back_populates="scorecards")  # noqa: F821
    interviewer: so.Mapped[User] = so.relationship()  # noqa: F821

    # Every UPDATE also checks the version it read, so two saves racing past the service's
    # version check still cannot both win: the second flush fails as stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    __table_args__ = (
        sa.UniqueConstraint("round_id", "interviewer_id", name="uq_scorecards_round_interviewer"),
        sa.CheckConstraint(f"status IN {SCORECARD_STATUSES!r}", name="status_valid"),
    )


class IdempotencyKey(db.Model):
    """A write already carried out, so a retried request gets the first answer back."""

    __tablename__ = "idempotency_keys"

    key: so.Mapped[str] = so.mapped_column(sa.String(80), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    # What the key was used for ("draft:12"): a key replayed for another write is refused.
    scope: so.Mapped[str] = so.mapped_column(sa.String(40))
    scorecard_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("scorecards.id", ondelete="CASCADE"))
    response: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    status_code: so.Mapped[int] = so.mapped_column(default=200)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
