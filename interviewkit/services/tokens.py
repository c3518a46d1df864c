"""Create, list, revoke and check personal access tokens. Services flush; requests commit."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from ..extensions import db
from ..models import ApiToken, User, utcnow
from ..models.token import TOKEN_SCOPES
from . import audit

TOKEN_PREFIX = "ik_"
MAX_NAME = 80
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(ValueError):
    """Raised when a token cannot be created as asked; the message is for the user."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(user: User, name: str, scope: str,
                 expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for a user; return the row and the token text, which is never stored."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise TokenError(f"Give the token a name of 1 to {MAX_NAME} characters.")
    if scope not in TOKEN_SCOPES:
        raise TokenError("Choose read or read-write.")
    if expires_at is not None and expires_at <= utcnow():
        raise TokenError("The expiry date must be in the future.")
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, scope=scope, token_hash=digest(text),
                   prefix=text[:10], expires_at=expires_at)
    db.session.add(row)
    db.session.flush()
    audit.record(user.id, "token.create", "api_token", row.id, None,
                 {"name": name, "scope": scope,
                  "expires_at": expires_at.isoformat() if expires_at else None})
    return row, text


def tokens_for(user: User) -> list[ApiToken]:
    """Return a user's tokens, newest first, revoked ones included."""
    return list(db.session.execute(
        db.select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).scalars())


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of the user's own tokens; None when they have no such token."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.flush()
        audit.record(user.id, "token.revoke", "api_token", row.id, None, {"name": row.name})
    return row


def authenticate(text: str, now: datetime | None = None) -> ApiToken | None:
    """Return the live token for a bearer text, its owner active; None otherwise."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 200:
        return None
    now = now or utcnow()
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == digest(text))).scalar_one_or_none()
    if row is None or not row.is_live(now) or not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now  # left unflushed: the caller decides when to commit it
    return row


class RateLimiter:
    """A sliding window of request times per token, in this process.

    Each app server process counts its own requests, so behind N processes a token gets up to
    N times the limit; the limit protects the servers, not a quota."""

    def __init__(self) -> None:
        self._hits: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, token_id: int, limit: int, window: float,
              now: float | None = None) -> float | None:
        """Count a request; return None if allowed, else the seconds until one is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(token_id, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return max(hits[0] + window - now, 0.0)
            hits.append(now)
            return None

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


rate_limiter = RateLimiter()
