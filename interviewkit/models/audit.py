"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    action: so.Mapped[str] = so.mapped_column(sa.String(60))
    entity_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    entity_id: so.Mapped[str] = so.mapped_column(sa.String(80))
    before: so.Mapped[Any | None] = so.mapped_column(sa.JSON)
    after: so.Mapped[Any | None] = so.mapped_column(sa.JSON)

    actor: so.Mapped[User | None] = so.relationship()  # noqa: F821

    __table_args__ = (sa.Index("ix_audit_log_entity", "entity_type", "entity_id"),)
