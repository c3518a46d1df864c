"""Webhook subscriptions, their deliveries (an outbox of HTTP posts) and each attempt made."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow
from .outbox import OUTBOX_STATUSES


class WebhookSubscription(db.Model):
    """A URL an admin registered for some events, with the secret deliveries are signed with."""

    __tablename__ = "webhook_subscriptions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    url: so.Mapped[str] = so.mapped_column(sa.String(2000))
    description: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    events: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # Free text about the candidate (scorecard notes and evidence, flag reasons, the
    # decision's reason) is only sent when this is on; off unless an admin turns it on.
    include_notes: so.Mapped[bool] = so.mapped_column(default=False)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # Kept to sign each delivery (so it cannot be a hash); shown to the admin only once.
    secret: so.Mapped[str] = so.mapped_column(sa.String(100))
    secret_prefix: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    created_by: so.Mapped[User | None] = so.relationship()  # noqa: F821


class WebhookDelivery(db.Model):
    """One event for one subscription: written in the transaction of the event, posted after
    commit by the outbox senders with the same claim, lease and back-off as mail."""

    __tablename__ = "webhook_deliveries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    subscription_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True)
    event: so.Mapped[str] = so.mapped_column(sa.String(40))
    # The same for every attempt, so a receiver can drop a delivery it already handled.
    event_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    # The exact bytes posted on every attempt (JSON text); each attempt signs them afresh.
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    claimed_at: so.Mapped[datetime | None]
    sent_at: so.Mapped[datetime | None]
    last_status_code: so.Mapped[int | None]
    last_error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)

    subscription: so.Mapped[WebhookSubscription] = so.relationship()
    log: so.Mapped[list[WebhookAttempt]] = so.relationship(
        back_populates="delivery", order_by="WebhookAttempt.attempt",
        cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {OUTBOX_STATUSES!r}", name="status_valid"),
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    @property
    def payload(self) -> dict[str, Any]:
        import json

        return json.loads(self.body)


class WebhookAttempt(db.Model):
    """The delivery log: one row per attempt, with what the receiver answered."""

    __tablename__ = "webhook_attempts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    delivery_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempt: so.Mapped[int]
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    status_code: so.Mapped[int | None]
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    duration_ms: so.Mapped[int] = so.mapped_column(default=0)

    delivery: so.Mapped[WebhookDelivery] = so.relationship(back_populates="log")
