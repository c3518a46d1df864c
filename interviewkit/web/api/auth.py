"""Bearer tokens: who is calling, whether their token may write, and how often."""

from __future__ import annotations

import math

from flask import current_app, g, request

from ...extensions import db
from ...models import User
from ...services import tokens as token_service
from .problems import ApiProblem
from .registry import Operation

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="interviewkit"'}


def authenticate(op: Operation) -> User:
    """Return the token's owner, or stop with 401, 403 (scope) or 429 (rate)."""
    header = request.headers.get("Authorization", "")
    scheme, _, text = header.partition(" ")
    if scheme.lower() != "bearer" or not text.strip():
        raise ApiProblem(401, "Send a personal access token: Authorization: Bearer <token>.",
                         headers=CHALLENGE, code="token_missing")
    token = token_service.authenticate(text.strip())
    if token is not None and db.session.dirty:
        # The last-used time is bookkeeping: kept even when the request itself only reads.
        db.session.commit()
    if token is None:
        raise ApiProblem(401, "This token is unknown, revoked or expired, or its owner's "
                              "account is deactivated.",
                         headers={"WWW-Authenticate": CHALLENGE["WWW-Authenticate"]
                                  + ', error="invalid_token"'}, code="token_invalid")
    wait = token_service.rate_limiter.check(
        token.id, int(current_app.config["API_RATE_LIMIT"]),
        float(current_app.config["API_RATE_WINDOW_SECONDS"]))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise ApiProblem(429, f"This token made too many requests; try again in {seconds} "
                              f"seconds.", headers={"Retry-After": str(seconds)},
                         extra={"retry_after": seconds}, code="rate_limited")
    if op.writes and not token.can_write:
        raise ApiProblem(403, "This token is read-only; create a read-write token to make "
                              "changes.", code="insufficient_scope")
    user = token.user
    # The rest of the app (templates, helpers) sees the token's owner as the current user.
    g._login_user = user
    g.api_token = token
    return user
