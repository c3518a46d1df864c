"""Create and change users, their passwords and their signed-in sessions."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.passwords import password_problem
from ..extensions import db
from ..models import (
    Loop,
    LoopRound,
    PasswordReset,
    Scorecard,
    User,
    UserSession,
    loop_round_interviewers,
    utcnow,
)
from ..models.user import ROLES
from . import audit


class UserError(ValueError):
    """Raised when a user cannot be created or changed as asked."""


# Checked against when there is no usable account, so an unknown or deactivated email costs
# the same hash as a real one and the answer's timing does not tell them apart.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def verify_password(user: User | None, password: str) -> bool:
    """Return whether the password is the active user's, computing one hash in every case."""
    usable = user is not None and user.active
    matches = check_password_hash(user.password_hash if usable else _DUMMY_HASH, password)
    return usable and matches


def check_new_password(password: str, email: str | None) -> None:
    """Raise UserError when the password breaks the policy (length, common, own email)."""
    problem = password_problem(password, email)
    if problem:
        raise UserError(problem)


def create_user(email: str, name: str, role: str, password: str,
                actor_id: int | None = None) -> User:
    """Add a user with a hashed password; raise UserError on a taken email or bad role."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; valid: {', '.join(ROLES)}")
    check_new_password(password, email)
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
        end_all_sessions(user)
    audit.record(actor_id, "user.activate" if active else "user.deactivate", "user", user.id,
                 {"active": before}, {"active": active})


# Sessions -------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    """Record a new signed-in browser; return the id its session cookie carries."""
    sid = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=_digest(sid), user_id=user.id))
    db.session.flush()
    return sid


def user_with_live_session(user_id: int, sid: str | None) -> User | None:
    """Return the user when `sid` names one of their live sessions, in one query (every
    signed-in request asks this)."""
    if not sid:
        return None
    return db.session.execute(
        db.select(User).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.id == _digest(sid))).scalar_one_or_none()


def end_session(sid: str | None) -> None:
    """End one browser's session: every copy of its cookie stops working."""
    if sid:
        db.session.execute(db.delete(UserSession).where(UserSession.id == _digest(sid)))


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere (password change, reset, deactivation)."""
    db.session.execute(db.delete(UserSession).where(UserSession.user_id == user.id))
    user.session_token = secrets.token_hex(8)


# Passwords -------------------------------------------------------------------------------

def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one; ends every session."""
    if not verify_password(user, current):
        raise UserError("Your current password is not right.")
    if current == new:
        raise UserError("Choose a password different from your current one.")
    check_new_password(new, user.email)
    user.set_password(new)
    end_all_sessions(user)
    audit.record(user.id, "user.password_change", "user", user.id)


def issue_reset(user: User, actor_id: int, hours: int = 24) -> str:
    """Create a one-time reset link token for a user (earlier unused links stop working)."""
    if not user.active:
        raise UserError(f"{user.name} is deactivated; reactivate them first.")
    now = utcnow()
    db.session.execute(db.update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=_digest(token),
                                 created_by_id=actor_id, created_at=now,
                                 expires_at=now + timedelta(hours=hours)))
    audit.record(actor_id, "user.password_reset_link", "user", user.id, None,
                 {"expires_in_hours": hours})
    return token


def find_reset(token: str, now: datetime | None = None) -> PasswordReset | None:
    """Return the live (unused, unexpired) reset for a token, or None."""
    reset = db.session.execute(db.select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token))).scalar_one_or_none()
    now = now or utcnow()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    user = db.session.get(User, reset.user_id)
    if user is None or not user.active:
        return None
    return reset


def use_reset(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link then stops working."""
    reset = find_reset(token)
    if reset is None:
        raise UserError("This reset link has expired or was already used. "
                        "Ask an admin for a new one.")
    user = db.session.get(User, reset.user_id)
    check_new_password(new_password, user.email)
    user.set_password(new_password)
    reset.used_at = utcnow()
    end_all_sessions(user)
    audit.record(user.id, "user.password_reset", "user", user.id)
    return user


def owed_rounds(user: User) -> list[LoopRound]:
    """Rounds of live loops (scheduled or in progress) where the user still owes a scorecard."""
    rounds = db.session.execute(
        db.select(LoopRound).join(Loop).join(
            loop_round_interviewers,
            loop_round_interviewers.c.round_id == LoopRound.id).where(
            loop_round_interviewers.c.user_id == user.id, Loop.published_at.is_not(None),
            Loop.status.in_(("scheduled", "in_progress"))).order_by(
            LoopRound.scheduled_at, LoopRound.id)).scalars().all()
    submitted = set(db.session.execute(db.select(Scorecard.round_id).where(
        Scorecard.interviewer_id == user.id, Scorecard.status == "submitted")).scalars())
    return [r for r in rounds if r.id not in submitted]
