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
    __tablename__ = "login_attempts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    remote_addr: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    succeeded: so.Mapped[bool] = so.mapped_column(default=False)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
