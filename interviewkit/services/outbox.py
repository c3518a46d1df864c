"""The outbox: messages written in the transaction that causes them, sent after commit.

Senders (``interviewkit outbox send`` / ``worker``) may run on several hosts at once. Each
claims a batch before sending: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, and on
SQLite a single ``UPDATE … WHERE claimed_by IS NULL`` (SQLite lets one writer in at a time, so
that statement is the claim). A claim older than the lease is taken as abandoned by a crashed
sender and can be claimed again.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..domain.schedule import retry_delay
from ..extensions import db
from ..models import OutboxMessage, User, WebhookDelivery, utcnow
from .mail import LogTransport, SmtpTransport, Transport, build_email, parse_smtp_url

CLAIM_LEASE = timedelta(minutes=10)


def enqueue(*, kind: str, to: User | str, subject: str, body: str,
            calendar: str | None = None, calendar_method: str | None = None,
            round_id: int | None = None, dedupe_key: str | None = None,
            now: datetime | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction (flushed, not committed)."""
    user = to if isinstance(to, User) else None
    message = OutboxMessage(
        kind=kind, recipient=user.email if user else str(to), user_id=user.id if user else None,
        subject=subject, body=body, calendar=calendar, calendar_method=calendar_method,
        round_id=round_id, dedupe_key=dedupe_key, status="pending", attempts=0,
        next_attempt_at=now or utcnow(), created_at=now or utcnow(), headers={})
    db.session.add(message)
    db.session.flush()
    return message


def already_queued(dedupe_key: str) -> bool:
    return db.session.execute(
        sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ).first() is not None


def enqueue_once(dedupe_key: str, **fields) -> OutboxMessage | None:
    """Queue and commit a message unless one with this key exists; safe against a racing job.

    Commits on its own, so only for jobs (remind), never inside a request's transaction.
    """
    if already_queued(dedupe_key):
        return None
    try:
        message = enqueue(dedupe_key=dedupe_key, **fields)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run queued it first
        return None
    return message


# --- sending ----------------------------------------------------------------------------------

@dataclass
class SendReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"{self.sent} sent, {self.retried} to retry, {self.failed} failed"


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{secrets.token_hex(6)}"


# What the senders claim: rows with status, next_attempt_at, attempts, claimed_by,
# claimed_at and last_error (mail, and webhook deliveries in services/webhooks.py).
Claimable = type[OutboxMessage] | type[WebhookDelivery]


def claim(now: datetime, limit: int = 50, worker: str | None = None,
          model: Claimable = OutboxMessage) -> list[int]:
    """Claim up to `limit` due rows for one sender and commit the claim; return their ids."""
    token = f"{worker or worker_name()}:{secrets.token_hex(4)}"[:64]
    stale = now - CLAIM_LEASE
    due = (sa.select(model.id)
           .where(model.status == "pending", model.next_attempt_at <= now,
                  sa.or_(model.claimed_by.is_(None), model.claimed_at < stale))
           .order_by(model.id).limit(limit))
    db.session.commit()  # start the claim in a fresh transaction
    if db.engine.dialect.name == "postgresql":
        ids = list(db.session.execute(due.with_for_update(skip_locked=True)).scalars())
        if ids:
            db.session.execute(sa.update(model).where(model.id.in_(ids))
                               .values(claimed_by=token, claimed_at=now)
                               .execution_options(synchronize_session=False))
    else:
        db.session.execute(sa.update(model)
                           .where(model.id.in_(due.scalar_subquery()))
                           .values(claimed_by=token, claimed_at=now)
                           .execution_options(synchronize_session=False))
        ids = list(db.session.execute(sa.select(model.id).where(
            model.claimed_by == token).order_by(model.id)).scalars())
    db.session.commit()
    return ids


def max_attempts() -> int:
    return int(current_app.config.get("OUTBOX_MAX_ATTEMPTS") or 8)


def retry_later(row: OutboxMessage | WebhookDelivery, error: str, now: datetime,
                attempts_allowed: int) -> bool:
    """Count a failed attempt: due again after the back-off, or failed for good at the limit.
    Returns whether the row has now failed for good."""
    row.attempts += 1
    row.last_error = error[:2000]
    row.claimed_by = None
    if row.attempts >= attempts_allowed:
        row.status = "failed"
        return True
    row.next_attempt_at = now + retry_delay(row.attempts)
    return False


def transport_from_config() -> Transport:
    """Return the SMTP transport, or the demo's log file when no SMTP URL is set in demo mode."""
    url = current_app.config.get("SMTP_URL") or ""
    if url:
        return SmtpTransport(parse_smtp_url(url))
    if current_app.config.get("DEMO") or current_app.testing:
        return LogTransport(mail_log_path())
    raise RuntimeError("INTERVIEWKIT_SMTP_URL is not set, so no mail can be sent. Set it to "
                       "smtp+starttls://user:password@host:587 (or run with INTERVIEWKIT_DEMO=1 "
                       "to write mail to a local log).")


def mail_log_path() -> str:
    return current_app.config.get("MAIL_LOG") or f"{current_app.instance_path}/mail.log"


def send_due(transport: Transport | None = None, now: datetime | None = None,
             limit: int = 50, worker: str | None = None) -> SendReport:
    """Claim and send one batch of due messages; failures are retried with back-off."""
    now = now or utcnow()
    report = SendReport()
    # Before claiming: a sender with no way to send must not hold messages for a lease.
    transport = transport or transport_from_config()
    ids = claim(now, limit, worker)
    report.claimed = len(ids)
    if not ids:
        return report
    sender = current_app.config["MAIL_FROM"]
    attempts_allowed = max_attempts()
    try:
        connection = transport.__enter__()
    except Exception as error:  # noqa: BLE001 - any connection failure is retried later
        for message_id in ids:
            _failed(message_id, error, now, attempts_allowed, report)
        return report
    try:
        for message_id in ids:
            message = db.session.get(OutboxMessage, message_id)
            if message is None or message.status != "pending":
                continue
            try:
                connection.send(build_email(message, sender))
            except Exception as error:  # noqa: BLE001
                _failed(message_id, error, now, attempts_allowed, report)
                continue
            message.status = "sent"
            message.sent_at = utcnow()
            message.attempts += 1
            message.claimed_by = None
            message.last_error = None
            db.session.commit()
            report.sent += 1
    finally:
        transport.__exit__(None, None, None)
    return report


def _failed(message_id: int, error: Exception, now: datetime, attempts_allowed: int,
            report: SendReport) -> None:
    db.session.rollback()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return
    if retry_later(message, f"{type(error).__name__}: {error}", now, attempts_allowed):
        report.failed += 1
    else:
        report.retried += 1
    db.session.commit()


def send_all(transport: Transport | None = None, now: datetime | None = None,
             worker: str | None = None, batch: int = 50) -> SendReport:
    """Send batches until nothing due is left unclaimed."""
    total = SendReport()
    while True:
        report = send_due(transport, now, batch, worker)
        total.sent += report.sent
        total.retried += report.retried
        total.failed += report.failed
        if report.claimed == 0:
            return total


def counts(model: Claimable = OutboxMessage) -> dict[str, int]:
    rows = db.session.execute(sa.select(model.status, sa.func.count())
                              .group_by(model.status)).all()
    return {status: count for status, count in rows}
