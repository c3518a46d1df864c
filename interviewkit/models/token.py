"""Personal access tokens for the JSON API: stored hashed, named, scoped, revocable."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow

TOKEN_SCOPES = ("read", "read_write")


class ApiToken(db.Model):
    """A token acts as its owner, with the owner's role; `read` tokens may only read."""

    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    scope: so.Mapped[str] = so.mapped_column(sa.String(20))
    # SHA-256 of the whole token; the token itself is shown once and never stored.
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The first characters, so a person can tell their tokens apart in the list.
    prefix: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime | None]
    last_used_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship()  # noqa: F821

    __table_args__ = (sa.CheckConstraint(f"scope IN {TOKEN_SCOPES!r}", name="scope_valid"),)

    @property
    def can_write(self) -> bool:
        return self.scope == "read_write"

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
