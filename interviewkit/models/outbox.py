"""Messages waiting to be sent (the outbox) and the calendar events sent for rounds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow

OUTBOX_STATUSES = ("pending", "sent", "failed")


class OutboxMessage(db.Model):
    """One email, written in the transaction that caused it and sent after commit."""

    __tablename__ = "outbox_messages"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    # Unique when set: what makes a periodic job (remind) safe to run twice or at once.
    dedupe_key: so.Mapped[str | None] = so.mapped_column(sa.String(160), unique=True)
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    round_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("loop_rounds.id", ondelete="SET NULL"), index=True)
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254))
    subject: so.Mapped[str] = so.mapped_column(sa.String(300))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    # An iCalendar attachment (METHOD:REQUEST or CANCEL), when the message is an invite.
    calendar: so.Mapped[str | None] = so.mapped_column(sa.Text)
    calendar_method: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    claimed_at: so.Mapped[datetime | None]
    sent_at: so.Mapped[datetime | None]
    last_error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    headers: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)

    __table_args__ = (
        sa.CheckConstraint(f"status IN {OUTBOX_STATUSES!r}", name="status_valid"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )


class CalendarEvent(db.Model):
    """What each interviewer of a round was last sent, so changes go out as updates."""

    __tablename__ = "calendar_events"

    round_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("loop_rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    uid: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    sequence: so.Mapped[int] = so.mapped_column(default=0)
    starts_at: so.Mapped[datetime]
    minutes: so.Mapped[int]
    # The panel as last sent (user ids), so a panel change updates everyone's attendee list.
    attendees: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    cancelled: so.Mapped[bool] = so.mapped_column(default=False)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
