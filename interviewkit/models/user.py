"""Users, their roles, and sign-in attempts (for throttling)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .clock import utcnow

ROLES = ("admin", "hiring_manager", "interviewer", "recruiter")
ROLE_NAMES = {"admin": "Admin", "hiring_manager": "Hiring manager",
              "interviewer": "Interviewer", "recruiter": "Recruiter"}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Changing it signs the user out everywhere (deactivation, password change).
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    # IANA zone for entering and showing times; None until chosen (the organisation's applies).
    time_zone: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # Secret part of the private calendar feed URL; None when the feed is switched off.
    calendar_token: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    # Optional messages this person turned off (see services.notifications.OPTIONAL).
    muted_messages: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES!r}", name="role_valid"),)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginAttempt(db.Model):
    """One sign-in attempt. Throttled attempts are kept for the log but never count as
    failures, so refusing someone cannot extend their own wait."""

    __tablename__ = "login_attempts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    remote_addr: so.Mapped[str] = so.mapped_column(sa.String(64), default="", index=True)
    succeeded: so.Mapped[bool] = so.mapped_column(default=False)
    throttled: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)


class UserSession(db.Model):
    """A signed-in browser. The session cookie names one row; deleting the row ends every
    copy of that cookie (sign-out), deleting all of a user's rows signs them out everywhere."""

    __tablename__ = "user_sessions"

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class PasswordReset(db.Model):
    """A one-time, expiring link an admin issued so a user can set a new password."""

    __tablename__ = "password_resets"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime]
    used_at: so.Mapped[datetime | None]
