"""Webhooks: admin-managed subscriptions, events queued in the transaction that causes them,
and delivery from the outbox (the same claim, lease and back-off as mail).

The services that publish a loop, submit a scorecard and record a decision call `emit`, so an
event fires the same way from the web pages, the API and the command line. Each subscription
gets its own copy of the payload: free text about the candidate goes only to subscriptions
that include notes.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from ..domain import webhooks as rules
from ..extensions import db
from ..models import (
    Loop,
    LoopRound,
    Scorecard,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
    utcnow,
)
from . import audit
from .links import external_url
from .outbox import SendReport, claim, max_attempts, retry_later, worker_name
from .webhook_http import Answer, HttpTransport, check_target

__all__ = ["Answer", "HttpTransport"]

USER_AGENT = "interviewkit-webhooks/1"
MAX_DESCRIPTION = 200


class WebhookError(ValueError):
    """Raised when a subscription cannot be saved as asked; `field` names the input at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


# --- subscriptions ------------------------------------------------------------------------

def subscriptions(limit: int | None = None,
                  after_id: int | None = None) -> list[WebhookSubscription]:
    """Return subscriptions by id; `limit` and `after_id` page through them."""
    query = sa.select(WebhookSubscription).order_by(WebhookSubscription.id)
    if after_id is not None:
        query = query.where(WebhookSubscription.id > after_id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def _checked(url: str, events: list[str] | tuple[str, ...], description: str
             ) -> tuple[str, list[str], str]:
    allow_private = allow_private_targets()
    try:
        url = rules.check_url(url, allow_private)
    except rules.WebhookUrlError as error:
        raise WebhookError(str(error), "url") from None
    if not allow_private:
        _refuse_private_name(url)
    try:
        events = rules.check_events(list(events))
    except ValueError as error:
        raise WebhookError(str(error), "events") from None
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise WebhookError(f"Keep the description under {MAX_DESCRIPTION} characters.",
                           "description")
    return url, events, description


def _refuse_private_name(url: str) -> None:
    """Refuse a host name that resolves to a non-public address now.

    A name that does not resolve (yet) is accepted: every delivery resolves and checks it
    again, and connects only to the addresses it checked."""
    timeout = float(current_app.config.get("WEBHOOK_DNS_TIMEOUT_SECONDS") or 5)
    try:
        check_target(url, False, timeout)
    except rules.WebhookUrlError as error:
        raise WebhookError(str(error), "url") from None
    except (OSError, UnicodeError):
        pass


def _snapshot(row: WebhookSubscription) -> dict[str, Any]:
    # Never the secret: the audit log is read by every admin.
    return {"url": row.url, "events": list(row.events), "include_notes": row.include_notes,
            "active": row.active, "description": row.description}


def create_subscription(actor: User, url: str, events: list[str] | tuple[str, ...],
                        include_notes: bool = False, description: str = "",
                        active: bool = True) -> tuple[WebhookSubscription, str]:
    """Register a URL for events; return the row and its secret (shown to the admin once)."""
    url, events, description = _checked(url, events, description)
    secret = rules.new_secret()
    row = WebhookSubscription(url=url, events=events, include_notes=bool(include_notes),
                              description=description, active=bool(active), secret=secret,
                              secret_prefix=secret[:12], created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record(actor.id, "webhook.create", "webhook", row.id, None, _snapshot(row))
    return row, secret


def update_subscription(actor: User, row: WebhookSubscription, *, url: str | None = None,
                        events: list[str] | None = None, include_notes: bool | None = None,
                        description: str | None = None,
                        active: bool | None = None) -> WebhookSubscription:
    """Change what a subscription receives; fields left as None stay as they are."""
    before = _snapshot(row)
    url, events, description = _checked(
        row.url if url is None else url, row.events if events is None else events,
        row.description if description is None else description)
    row.url, row.events, row.description = url, events, description
    if include_notes is not None:
        if row.include_notes and not include_notes:
            _narrow_queued(row)
        row.include_notes = bool(include_notes)
    if active is not None:
        row.active = bool(active)
    after = _snapshot(row)
    if after != before:
        row.updated_at = utcnow()
        db.session.flush()
        audit.record(actor.id, "webhook.update", "webhook", row.id, before, after)
    return row


def _narrow_queued(row: WebhookSubscription) -> None:
    """Take the notes out of deliveries not yet sent, now that the scope excludes them."""
    queued = db.session.execute(sa.select(WebhookDelivery).where(
        WebhookDelivery.subscription_id == row.id,
        WebhookDelivery.status == "pending")).scalars()
    for delivery in queued:
        _rescope(delivery, include_notes=False)


def _rescope(delivery: WebhookDelivery, include_notes: bool) -> None:
    envelope = json.loads(delivery.body)
    scoped = rules.scoped_envelope(envelope, include_notes)
    if scoped is not envelope:
        delivery.body = _dump(scoped)


def _dump(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


def rotate_secret(actor: User, row: WebhookSubscription) -> str:
    """Give a subscription a new secret; deliveries from now on are signed with it."""
    secret = rules.new_secret()
    row.secret = secret
    row.secret_prefix = secret[:12]
    row.updated_at = utcnow()
    db.session.flush()
    audit.record(actor.id, "webhook.rotate_secret", "webhook", row.id, None,
                 {"secret_prefix": row.secret_prefix})
    return secret


def delete_subscription(actor: User, row: WebhookSubscription) -> None:
    """Remove a subscription with its deliveries and their log."""
    audit.record(actor.id, "webhook.delete", "webhook", row.id, _snapshot(row), None)
    db.session.execute(sa.delete(WebhookDelivery).where(
        WebhookDelivery.subscription_id == row.id))
    db.session.delete(row)
    db.session.flush()


def deliveries(row: WebhookSubscription, limit: int = 50, before_id: int | None = None,
               status: str | None = None) -> list[WebhookDelivery]:
    """Return a subscription's deliveries, newest first, with their attempts."""
    query = (sa.select(WebhookDelivery).where(WebhookDelivery.subscription_id == row.id)
             .order_by(WebhookDelivery.id.desc()).limit(limit))
    if before_id is not None:
        query = query.where(WebhookDelivery.id < before_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return list(db.session.execute(query.options(so.selectinload(WebhookDelivery.log)))
                .scalars())


def counts(row: WebhookSubscription) -> dict[str, int]:
    found = db.session.execute(
        sa.select(WebhookDelivery.status, sa.func.count())
        .where(WebhookDelivery.subscription_id == row.id)
        .group_by(WebhookDelivery.status)).all()
    return {status: count for status, count in found}


def redeliver(actor: User, delivery: WebhookDelivery, now: datetime | None = None) -> None:
    """Send a delivery again at the next run of the senders (a failed one gets one more try)."""
    delivery.status = "pending"
    delivery.next_attempt_at = now or utcnow()
    delivery.claimed_by = None
    db.session.flush()
    audit.record(actor.id, "webhook.redeliver", "webhook", delivery.subscription_id, None,
                 {"delivery": delivery.id, "event": delivery.event})


def ping(actor: User, row: WebhookSubscription) -> WebhookDelivery:
    """Queue a `ping` to one subscription, to check that its receiver answers."""
    event_id = _event_id()
    data = {"subscription": {"id": row.id, "events": list(row.events),
                             "include_notes": row.include_notes},
            "requested_by": _person(actor)}
    delivery = _queue(row, rules.PING, event_id, utcnow(), data)
    db.session.flush()
    return delivery


# --- events ---------------------------------------------------------------------------------

# Builds an event's data for one subscription: given whether its notes may be included.
PayloadBuilder = Callable[[bool], dict[str, Any]]


def emit(event: str, build: PayloadBuilder, now: datetime | None = None) -> int:
    """Queue the event for every active subscription to it, in the caller's transaction.

    Returns how many deliveries were queued."""
    if event not in rules.EVENTS:
        raise ValueError(f"unknown event {event!r}")
    subscribed = [row for row in db.session.execute(
        sa.select(WebhookSubscription).where(WebhookSubscription.active)
        .order_by(WebhookSubscription.id)).scalars() if event in (row.events or ())]
    if not subscribed:
        return 0
    event_id, moment = _event_id(), now or utcnow()
    for row in subscribed:
        _queue(row, event, event_id, moment, build(row.include_notes))
    db.session.flush()
    return len(subscribed)


def _event_id() -> str:
    return "evt_" + uuid.uuid4().hex


def _queue(row: WebhookSubscription, event: str, event_id: str, moment: datetime,
           data: dict[str, Any]) -> WebhookDelivery:
    envelope = {"id": event_id, "type": event, "created_at": _time(moment),
                "include_notes": row.include_notes, "data": data}
    delivery = WebhookDelivery(subscription=row, event=event, event_id=event_id,
                               body=_dump(envelope),
                               status="pending", attempts=0, next_attempt_at=moment,
                               created_at=moment)
    db.session.add(delivery)
    return delivery


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment is not None else None


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def _loop_data(loop: Loop) -> dict[str, Any]:
    return {"id": loop.id, "candidate_name": loop.candidate_name,
            "candidate_email": loop.candidate_email, "role_title": loop.role_title,
            "lane": loop.lane, "level": loop.level, "domain": loop.domain,
            "status": loop.status, "owner": _person(loop.owner),
            "published_at": _time(loop.published_at),
            "url": external_url("loops.detail", loop_id=loop.id)}


def loop_published(loop: Loop) -> PayloadBuilder:
    """The loop and its schedule: rounds, times and panels (no free text)."""
    def build(include_notes: bool) -> dict[str, Any]:
        return {"loop": _loop_data(loop), "rounds": [
            {"id": r.id, "kind": r.kind, "scheduled_at": _time(r.scheduled_at),
             "minutes": r.minutes, "interviewers": [_person(u) for u in r.interviewers]}
            for r in loop.rounds]}
    return build


def _scoped(event: str, full: Callable[[], dict[str, Any]]) -> PayloadBuilder:
    """Build the full data once; a subscription without notes gets it through the one
    definition of what notes are (`rules.without_notes`)."""
    built: list[dict[str, Any]] = []

    def build(include_notes: bool) -> dict[str, Any]:
        if not built:
            built.append(full())
        return built[0] if include_notes else rules.without_notes(event, built[0])
    return build


def _scorecard_data(card: Scorecard, loop_round: LoopRound, interviewer: User
                    ) -> dict[str, Any]:
    flags = [{k: flag.get(k) for k in ("id", "label", "severity", "source", "decision")}
             | {"because": flag.get("because", ""), "reason": flag.get("reason", "")}
             for flag in card.settled_flags or []]
    return {"id": card.id, "round_id": loop_round.id, "round": loop_round.kind,
            "interviewer": _person(interviewer), "version": card.version,
            "recommendation": card.recommendation, "ratings": dict(card.ratings or {}),
            "submitted_at": _time(card.submitted_at), "amended_at": _time(card.amended_at),
            "flags": flags, "notes": card.notes or "", "evidence": dict(card.evidence or {})}


def scorecard_submitted(card: Scorecard, loop_round: LoopRound,
                        interviewer: User) -> PayloadBuilder:
    """Ratings, recommendation and settled flags; notes, evidence and the words behind each
    flag only for subscriptions that include notes."""
    return _scoped("scorecard.submitted", lambda: {
        "loop": _loop_data(loop_round.loop),
        "scorecard": _scorecard_data(card, loop_round, interviewer)})


def scorecard_amended(card: Scorecard, loop_round: LoopRound, interviewer: User,
                      changed: list[str]) -> PayloadBuilder:
    """The scorecard as amended and the names of the fields that changed; free text only
    for subscriptions that include notes."""
    return _scoped("scorecard.amended", lambda: {
        "loop": _loop_data(loop_round.loop),
        "scorecard": _scorecard_data(card, loop_round, interviewer),
        "changed": sorted(changed)})


def loop_decided(loop: Loop, decided_by: User) -> PayloadBuilder:
    """The decision and level; the manager's written reason only with notes."""
    return _scoped("loop.decided", lambda: {
        "loop": _loop_data(loop) | {"status": "decided"},
        "decision": {"decision": loop.decision, "level": loop.decision_level,
                     "decided_at": _time(loop.decided_at), "decided_by": _person(decided_by),
                     "reason": loop.decision_reason or ""}})


def loop_cancelled(loop: Loop, cancelled_by: User) -> PayloadBuilder:
    """Who cancelled the loop and when; the written reason only with notes."""
    return _scoped("loop.cancelled", lambda: {
        "loop": _loop_data(loop),
        "cancellation": {"cancelled_at": _time(loop.cancelled_at),
                         "cancelled_by": _person(cancelled_by),
                         "reason": loop.cancel_reason or ""}})


# --- delivery -------------------------------------------------------------------------------

def allow_private_targets() -> bool:
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE_TARGETS"))


def transport_from_config() -> HttpTransport:
    config = current_app.config
    return HttpTransport(float(config.get("WEBHOOK_TIMEOUT_SECONDS") or 10),
                         allow_private=allow_private_targets(),
                         dns_timeout=float(config.get("WEBHOOK_DNS_TIMEOUT_SECONDS") or 5))


def headers_for(delivery: WebhookDelivery, secret: str, timestamp: int) -> dict[str, str]:
    body = delivery.body.encode("utf-8")
    return {"Content-Type": "application/json", "User-Agent": USER_AGENT,
            "Interviewkit-Event": delivery.event, "Interviewkit-Event-Id": delivery.event_id,
            "Interviewkit-Delivery": str(delivery.id),
            "Interviewkit-Attempt": str(delivery.attempts + 1),
            rules.SIGNATURE_HEADER: rules.signature_header(secret, timestamp, body)}


def deliver_due(transport: HttpTransport | None = None, now: datetime | None = None,
                limit: int = 50, worker: str | None = None) -> SendReport:
    """Claim and post one batch of due deliveries; each attempt goes in the delivery log."""
    now = now or utcnow()
    report = SendReport()
    transport = transport or transport_from_config()
    ids = claim(now, limit, worker, model=WebhookDelivery)
    report.claimed = len(ids)
    attempts_allowed = max_attempts()
    for delivery_id in ids:
        delivery = db.session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.status != "pending":
            continue
        subscription = delivery.subscription
        if not subscription.active:
            delivery.status = "failed"
            delivery.claimed_by = None
            delivery.last_error = "The subscription was switched off before this was sent."
            db.session.commit()
            report.failed += 1
            continue
        # The scope may have been narrowed since this was queued (or since it was first sent,
        # for a redelivery): what goes out follows the subscription as it is now.
        _rescope(delivery, subscription.include_notes)
        body = delivery.body.encode("utf-8")
        # The receiver compares the signed time with its own clock: the real time, even when
        # the sender runs with --now.
        headers = headers_for(delivery, subscription.secret, int(time.time()))
        url = subscription.url
        db.session.commit()  # hold no transaction open while waiting on the receiver
        answer = transport.post(url, body, headers)
        delivery = db.session.get(WebhookDelivery, delivery_id)
        attempt_number = delivery.attempts + 1
        db.session.add(WebhookAttempt(delivery_id=delivery.id, attempt=attempt_number,
                                      at=utcnow(), status_code=answer.status_code,
                                      error=(answer.error or "")[:2000] or None,
                                      duration_ms=answer.duration_ms))
        delivery.last_status_code = answer.status_code
        if answer.ok:
            delivery.status = "sent"
            delivery.sent_at = utcnow()
            delivery.attempts = attempt_number
            delivery.claimed_by = None
            delivery.last_error = None
            report.sent += 1
        elif retry_later(delivery, answer.error or "failed", now, attempts_allowed):
            report.failed += 1
        else:
            report.retried += 1
        db.session.commit()
    return report


def deliver_all(transport: HttpTransport | None = None, now: datetime | None = None,
                worker: str | None = None, batch: int = 50) -> SendReport:
    """Post batches until nothing due is left unclaimed."""
    total = SendReport()
    worker = worker or worker_name()
    while True:
        report = deliver_due(transport, now, batch, worker)
        total.claimed += report.claimed
        total.sent += report.sent
        total.retried += report.retried
        total.failed += report.failed
        if report.claimed == 0:
            return total
