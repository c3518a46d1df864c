"""Create and change users."""

from __future__ import annotations

import secrets

from ..extensions import db
from ..models import User
from ..models.user import ROLES
from . import audit


class UserError(ValueError):
    """Raised when a user cannot be created or changed as asked."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def create_user(email: str, name: str, role: str, password: str,
                actor_id: int | None = None) -> User:
    """Add a user with a hashed password; raise UserError on a taken email or bad role."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; valid: {', '.join(ROLES)}")
    if len(password) < 10:
        raise UserError("password must be at least 10 characters")
    if find_by_email(email) is not None:
        raise UserError(f"a user with email {normalise_email(email)} already exists")
    user = User(email=normalise_email(email), name=name.strip(), role=role,
                session_token=secrets.token_hex(8), active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor_id, "user.create", "user", user.id, None,
                 {"email": user.email, "role": role})
    return user


def set_role(user: User, role: str, actor_id: int | None) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}")
    before = user.role
    user.role = role
    audit.record(actor_id, "user.role", "user", user.id, {"role": before}, {"role": role})


def set_active(user: User, active: bool, actor_id: int | None) -> None:
    """Activate or deactivate; deactivation signs the user out everywhere."""
    before = user.active
    user.active = active
    if not active:
        user.session_token = secrets.token_hex(8)
    audit.record(actor_id, "user.activate" if active else "user.deactivate", "user", user.id,
                 {"active": before}, {"active": active})
