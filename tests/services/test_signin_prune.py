"""Old sign-in attempts are deleted by the worker and by a command; recent ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import LoginAttempt, utcnow

pytestmark = pytest.mark.db


def _attempts(app, *ages_in_days: float) -> None:
    with app.app_context():
        now = utcnow()
        for age in ages_in_days:
            db.session.add(LoginAttempt(email="a@example.com", remote_addr="10.0.0.1",
                                        at=now - timedelta(days=age)))
        db.session.commit()


def _left(app) -> list[float]:
    with app.app_context():
        now = utcnow()
        return sorted(round((now - at).total_seconds() / 86400) for at in db.session.scalars(
            sa.select(LoginAttempt.at)))


def test_the_worker_deletes_attempts_older_than_the_retention(app):
    _attempts(app, 0, 3, 29, 31, 400)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert _left(app) == [0, 3, 29]


def test_the_command_takes_its_own_retention(app):
    _attempts(app, 0, 3, 8, 31)
    result = app.test_cli_runner().invoke(args=["users", "prune-attempts", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 sign-in attempts older than 7 days." in result.output
    assert _left(app) == [0, 3]
