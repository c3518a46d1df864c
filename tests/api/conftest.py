"""Fixtures for the JSON API: users with tokens, and a client that sends them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interviewkit.extensions import db
from interviewkit.models import ApiToken, User, utcnow
from interviewkit.services import tokens as token_service


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    token_service.rate_limiter.reset()
    yield
    token_service.rate_limiter.reset()


@pytest.fixture
def make_token(app):
    """Issue a token for a user; `state` may be "live", "revoked" or "expired"."""

    def make(user: User, scope: str = "read_write", state: str = "live") -> str:
        with app.app_context():
            owner = db.session.get(User, user.id)
            row, text = token_service.create_token(owner, f"{state} {scope}", scope)
            if state == "revoked":
                token_service.revoke(owner, row.id)
            elif state == "expired":
                db.session.get(ApiToken, row.id).expires_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            return text

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
