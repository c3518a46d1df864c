"""The outbox sender: SMTP settings, retries with back-off, abandoned claims, the demo log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import OutboxMessage, utcnow
from interviewkit.services import outbox
from interviewkit.services.mail import MailConfigError, build_email, parse_smtp_url
from tests.conftest import make_app
from tests.mail.smtp_sink import SmtpServer, free_port

pytestmark = pytest.mark.db


def test_smtp_urls_name_security_login_and_default_ports():
    s = parse_smtp_url("smtp+starttls://ik%40corp.example:p%3Ass@mail.corp.example")
    assert (s.host, s.port, s.security, s.username, s.password) == (
        "mail.corp.example", 587, "starttls", "ik@corp.example", "p:ss")
    assert parse_smtp_url("smtps://mail.example").port == 465
    assert parse_smtp_url("smtp://127.0.0.1:2525").port == 2525
    with pytest.raises(MailConfigError, match="must start with smtp://"):
        parse_smtp_url("http://mail.example")
    with pytest.raises(MailConfigError, match="names no host"):
        parse_smtp_url("smtp://")


def queue_one(app, **fields) -> int:
    with app.app_context():
        message = outbox.enqueue(kind="test", to="ana@example.com", subject="Hello",
                                 body="Plain words.", **fields)
        db.session.commit()
        return message.id


def test_an_unreachable_server_is_retried_with_back_off_then_given_up(_migrated, tmp_path):
    app = make_app(_migrated, tmp_path, SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
                   OUTBOX_MAX_ATTEMPTS=3)
    try:
        message_id = queue_one(app)
        now = utcnow()
        with app.app_context():
            report = outbox.send_due(now=now)
            assert (report.sent, report.retried, report.failed) == (0, 1, 0)
            row = db.session.get(OutboxMessage, message_id)
            assert row.status == "pending" and row.attempts == 1
            assert row.next_attempt_at == now + timedelta(minutes=1)
            assert "ConnectionRefusedError" in row.last_error and row.claimed_by is None
            # Not due again until the back-off has passed.
            assert outbox.send_due(now=now + timedelta(seconds=30)).claimed == 0
            outbox.send_due(now=now + timedelta(minutes=1))
            final = outbox.send_due(now=now + timedelta(minutes=4))
            assert final.failed == 1
            assert db.session.get(OutboxMessage, message_id).status == "failed"
    finally:
        from tests.conftest import _reset_to_shipped_content

        _reset_to_shipped_content(app)


def test_a_claim_abandoned_by_a_crashed_sender_is_taken_over_after_the_lease(app):
    message_id = queue_one(app)
    now = utcnow()
    with app.app_context():
        assert outbox.claim(now, worker="crashed") == [message_id]
        assert outbox.claim(now + timedelta(minutes=5), worker="other") == []
        assert outbox.claim(now + outbox.CLAIM_LEASE + timedelta(seconds=1),
                            worker="other") == [message_id]


def test_without_an_smtp_url_the_demo_writes_mail_to_its_log(app):
    queue_one(app, calendar="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", calendar_method="CANCEL")
    with app.app_context():
        assert outbox.send_all().sent == 1
        log = Path(outbox.mail_log_path()).read_text(encoding="utf-8")
    assert "Subject: Hello" in log and "method=\"CANCEL\"" in log


def test_the_email_carries_the_invite_inline_and_as_an_attachment(app):
    message_id = queue_one(app, calendar="BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
                           calendar_method="REQUEST")
    with app.app_context():
        email = build_email(db.session.get(OutboxMessage, message_id), "ik <ik@example.com>")
    types = [part.get_content_type() for part in email.walk()]
    assert "text/plain" in types and "text/calendar" in types and "application/ics" in types
    assert f"outbox-{message_id}" in email["Message-ID"]


def test_the_commands_send_and_report(app, runner):
    queue_one(app)
    with SmtpServer() as server:
        app.config["SMTP_URL"] = server.url
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
        assert "Outbox: 1 sent, 0 to retry, 0 failed." in result.output
        assert len(server.sink.messages) == 1
    assert runner.invoke(args=["outbox", "status"]).output.strip() == "0 pending, 1 sent, 0 failed"
    bad = runner.invoke(args=["remind", "--now", "yesterday"])
    assert bad.exit_code == 2 and "ISO 8601" in bad.output
    assert runner.invoke(args=["remind", "--now", "2031-01-01T00:00Z"]).output == \
        "Queued 0 messages.\n"
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)
                                  ).scalar_one() == 1


def test_outside_the_demo_a_sender_without_smtp_settings_refuses_and_claims_nothing(app):
    message_id = queue_one(app)
    app.config["TESTING"] = False
    try:
        with app.app_context():
            with pytest.raises(RuntimeError, match="INTERVIEWKIT_SMTP_URL is not set"):
                outbox.send_due()
            row = db.session.get(OutboxMessage, message_id)
            assert row.claimed_by is None and row.status == "pending"
    finally:
        app.config["TESTING"] = True
