"""Webhook events are queued by the services in the event's transaction, carry free text only
with the subscription's notes scope, and are posted from the outbox with retries and a log."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from interviewkit.domain import webhooks as rules
from interviewkit.extensions import db
from interviewkit.models import (
    LoopRound,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
    utcnow,
)
from interviewkit.services import debriefs as debrief_service
from interviewkit.services import loops as loop_service
from interviewkit.services import scorecards as scorecard_service
from interviewkit.services import webhooks
from tests.factories import UserFactory
from tests.web._scoring import complete_content, published_loop, submitted_card
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.db

NOTES = "Candidate hesitated on the rollback plan; private aside about their last employer."


def _subscribe(admin: User, url: str = "https://ats.example.com/hooks",
               events=rules.EVENTS, **options) -> tuple[WebhookSubscription, str]:
    return webhooks.create_subscription(admin, url, list(events), **options)


def _deliveries() -> list[WebhookDelivery]:
    return list(db.session.execute(sa.select(WebhookDelivery)
                                   .order_by(WebhookDelivery.id)).scalars())


def _ready_draft(owner: User):
    """A loop with questions, panels and times, not yet published."""
    loop = published_loop(owner=owner)
    loop.published_at = None
    db.session.flush()
    return loop


@pytest.fixture(autouse=True)
def _local_receivers(app):
    """The receivers here listen on 127.0.0.1: private targets are allowed in this module."""
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True


@pytest.fixture
def people(session):
    return {"admin": UserFactory(role="admin"), "owner": UserFactory(role="hiring_manager"),
            "panelist": UserFactory(role="interviewer", name="Priya Natarajan")}


def test_an_event_goes_to_each_active_subscription_to_it_with_one_event_id(session, people):
    both, _ = _subscribe(people["admin"], events=["loop.published", "loop.decided"])
    _subscribe(people["admin"], events=["scorecard.submitted"])
    also, _ = _subscribe(people["admin"], "https://b.example.com/", ["loop.published"])
    _subscribe(people["admin"], "https://off.example.com/", ["loop.published"], active=False)
    loop = _ready_draft(people["owner"])

    loop_service.publish(loop, people["owner"])

    sent = _deliveries()
    assert [(d.subscription_id, d.event, d.status) for d in sent] == [
        (both.id, "loop.published", "pending"), (also.id, "loop.published", "pending")]
    assert sent[0].event_id == sent[1].event_id and sent[0].event_id.startswith("evt_")
    payload = sent[0].payload
    assert payload["type"] == "loop.published" and payload["id"] == sent[0].event_id
    assert payload["data"]["loop"]["id"] == loop.id
    assert payload["data"]["loop"]["status"] == "scheduled"
    assert [r["kind"] for r in payload["data"]["rounds"]] == [r.kind for r in loop.rounds]
    assert payload["data"]["loop"]["url"].endswith(f"/loops/{loop.id}")


def test_a_refused_action_queues_nothing(session, people):
    _subscribe(people["admin"])
    loop = _ready_draft(people["owner"])
    loop.rounds[0].interviewers = []
    with pytest.raises(loop_service.LoopError):
        loop_service.publish(loop, people["owner"])
    assert _deliveries() == []


def _submit(loop_round: LoopRound, user: User, notes: str = NOTES, version: int = 0):
    body = {"version": version, **complete_content(loop_round.kind, notes=notes)}
    outcome = scorecard_service.write_scorecard(loop_round, user, "submit",
                                                "submit-key-0001", body)
    assert outcome.status == 200, outcome.body
    return outcome


def test_scorecard_notes_and_evidence_go_only_where_the_scope_allows(session, people):
    plain, _ = _subscribe(people["admin"], events=["scorecard.submitted"])
    scoped, _ = _subscribe(people["admin"], "https://notes.example.com/",
                           ["scorecard.submitted"], include_notes=True)
    loop = published_loop(owner=people["owner"], panel={"screen": [people["panelist"]]})
    screen = loop.round("screen")

    _submit(screen, people["panelist"])

    by_sub = {d.subscription_id: d for d in _deliveries()}
    assert set(by_sub) == {plain.id, scoped.id}
    without = by_sub[plain.id].payload["data"]["scorecard"]
    assert without["interviewer"] == {"id": people["panelist"].id, "name": "Priya Natarajan"}
    assert without["recommendation"] == "yes" and without["ratings"]
    assert "notes" not in without and "evidence" not in without
    assert all(set(f) == {"id", "label", "severity", "source", "decision"}
               for f in without["flags"])
    # Not a word of the free text anywhere in what is sent.
    assert "rollback plan" not in by_sub[plain.id].body
    assert "Said something specific" not in by_sub[plain.id].body
    assert by_sub[plain.id].payload["include_notes"] is False
    with_notes = by_sub[scoped.id].payload["data"]["scorecard"]
    assert with_notes["notes"] == NOTES
    assert set(with_notes["evidence"]) == set(without["ratings"])
    assert all({"because", "reason"} <= set(f) for f in with_notes["flags"])


def test_a_replayed_or_incomplete_submit_queues_nothing_more(session, people):
    _subscribe(people["admin"], events=["scorecard.submitted"])
    loop = published_loop(owner=people["owner"], panel={"screen": [people["panelist"]]})
    screen = loop.round("screen")
    incomplete = scorecard_service.write_scorecard(screen, people["panelist"], "submit",
                                                   "submit-key-0000", {"version": 0})
    assert incomplete.status == 422
    assert _deliveries() == []
    _submit(screen, people["panelist"], version=incomplete.body["version"])
    replay = scorecard_service.write_scorecard(
        screen, people["panelist"], "submit", "submit-key-0001",
        {"version": incomplete.body["version"], **complete_content("screen", notes=NOTES)})
    assert replay.status == 200 and not replay.commit
    assert len(_deliveries()) == 1


def test_the_decision_reason_goes_only_with_notes(session, people):
    plain, _ = _subscribe(people["admin"], events=["loop.decided"])
    scoped, _ = _subscribe(people["admin"], "https://n.example.com/", ["loop.decided"],
                           include_notes=True)
    loop = published_loop(owner=people["owner"], hours_from_now=-48)
    for loop_round in loop.rounds:
        submitted_card(loop_round, loop_round.interviewers[0])
    db.session.flush()
    db.session.expire(loop)

    debrief_service.decide(loop, people["owner"], "hire_other_level",
                           "Strong modelling, thin on incidents.", "junior")

    by_sub = {d.subscription_id: d.payload["data"] for d in _deliveries()}
    assert by_sub[plain.id]["decision"] == {
        "decision": "hire_other_level", "level": "junior",
        "decided_at": by_sub[plain.id]["decision"]["decided_at"],
        "decided_by": {"id": people["owner"].id, "name": people["owner"].name}}
    assert by_sub[plain.id]["loop"]["status"] == "decided"
    assert by_sub[scoped.id]["decision"]["reason"] == "Strong modelling, thin on incidents."


# --- delivery -------------------------------------------------------------------------------

def _queue_ping(app, url: str, **options) -> tuple[int, str]:
    with app.app_context():
        admin = UserFactory(role="admin")
        row, secret = _subscribe(admin, url, **options)
        delivery = webhooks.ping(admin, row)
        db.session.commit()
        return delivery.id, secret


def _attempts(delivery_id: int) -> list[tuple[int, int | None, str | None]]:
    return [(a.attempt, a.status_code, a.error) for a in db.session.execute(
        sa.select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
        .order_by(WebhookAttempt.attempt)).scalars()]


def test_a_delivery_is_posted_signed_and_logged(app):
    with Receiver() as receiver:
        delivery_id, secret = _queue_ping(app, receiver.url("/hooks"))
        with app.app_context():
            report = webhooks.deliver_all()
            assert (report.sent, report.retried, report.failed) == (1, 0, 0)
            row = db.session.get(WebhookDelivery, delivery_id)
            assert (row.status, row.attempts, row.last_status_code) == ("sent", 1, 204)
            assert _attempts(delivery_id) == [(1, 204, None)]
            body = row.body.encode()
    [got] = receiver.received
    assert got.body == body
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Interviewkit-Event"] == "ping"
    assert got.headers["Interviewkit-Event-Id"] == got.payload["id"]
    assert got.headers["Interviewkit-Attempt"] == "1"
    assert rules.verify(secret, got.headers["Interviewkit-Signature"], got.body, time.time())
    assert not rules.verify("whsec_wrong", got.headers["Interviewkit-Signature"], got.body,
                            time.time())


def test_failures_are_retried_with_back_off_then_sent_and_every_attempt_is_logged(app):
    with Receiver() as receiver:
        receiver.answer("/flaky", 500, 503)
        delivery_id, _ = _queue_ping(app, receiver.url("/flaky"))
        now = utcnow()
        with app.app_context():
            first = webhooks.deliver_all(now=now)
            assert (first.sent, first.retried) == (0, 1)
            row = db.session.get(WebhookDelivery, delivery_id)
            assert row.status == "pending" and row.next_attempt_at == now + timedelta(minutes=1)
            assert webhooks.deliver_all(now=now + timedelta(seconds=30)).claimed == 0
            assert webhooks.deliver_all(now=now + timedelta(minutes=1)).retried == 1
            assert webhooks.deliver_all(now=now + timedelta(minutes=3)).sent == 1
            assert _attempts(delivery_id) == [(1, 500, "HTTP 500 Internal Server Error"),
                                              (2, 503, "HTTP 503 Service Unavailable"),
                                              (3, 204, None)]
            assert db.session.get(WebhookDelivery, delivery_id).last_error is None
    assert [r.headers["Interviewkit-Attempt"] for r in receiver.received] == ["1", "2", "3"]
    assert len({r.headers["Interviewkit-Event-Id"] for r in receiver.received}) == 1


def test_a_receiver_that_never_answers_is_given_up_after_the_attempts_allowed(app):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    with Receiver() as receiver:
        closed = receiver.url("/gone")
    delivery_id, _ = _queue_ping(app, closed)  # the server is shut: connection refused
    now = utcnow()
    with app.app_context():
        assert webhooks.deliver_all(now=now).retried == 1
        assert webhooks.deliver_all(now=now + timedelta(hours=1)).failed == 1
        row = db.session.get(WebhookDelivery, delivery_id)
        assert row.status == "failed" and row.attempts == 2
        log = _attempts(delivery_id)
        assert [a[:2] for a in log] == [(1, None), (2, None)]
        assert all("ConnectionRefusedError" in error for _, _, error in log)


def test_a_redirect_is_not_followed(app):
    with Receiver() as receiver:
        receiver.answer("/moved", 302)
        delivery_id, _ = _queue_ping(app, receiver.url("/moved"))
        with app.app_context():
            assert webhooks.deliver_all().retried == 1
            assert _attempts(delivery_id)[0][1] == 302
    assert [r.path for r in receiver.received] == ["/moved"]


def test_a_subscription_switched_off_before_sending_sends_nothing(app):
    with Receiver() as receiver:
        delivery_id, _ = _queue_ping(app, receiver.url("/off"))
        with app.app_context():
            db.session.get(WebhookDelivery, delivery_id).subscription.active = False
            db.session.commit()
            assert webhooks.deliver_all().failed == 1
            assert "switched off" in db.session.get(WebhookDelivery, delivery_id).last_error
    assert receiver.received == []


def test_two_senders_never_claim_the_same_delivery(app):
    with app.app_context():
        admin = UserFactory(role="admin")
        row, _ = _subscribe(admin)
        ids = sorted(webhooks.ping(admin, row).id for _ in range(5))
        db.session.commit()
        from interviewkit.services.outbox import claim

        now = utcnow()
        first = claim(now, limit=3, worker="a", model=WebhookDelivery)
        second = claim(now, limit=10, worker="b", model=WebhookDelivery)
        assert sorted(first + second) == ids and not set(first) & set(second)


def test_outbox_send_delivers_webhooks_too(app, runner):
    with Receiver() as receiver:
        _queue_ping(app, receiver.url("/cli"))
        result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Webhooks: 1 sent, 0 to retry, 0 failed." in result.output
    assert len(receiver.at("/cli")) == 1
    status = runner.invoke(args=["outbox", "status"]).output
    assert "webhooks: 0 pending, 1 sent, 0 failed" in status
    assert json.loads(receiver.at("/cli")[0].body)["type"] == "ping"


# --- where deliveries may go (SSRF) ---------------------------------------------------------

def _fake_dns(monkeypatch, *answers: list[str]) -> list[str]:
    """Answer successive look-ups with the given addresses; return the names looked up."""
    import socket

    asked: list[str] = []
    queue = list(answers)

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_resolving_to_a_private_address_is_refused_when_subscribing(app, monkeypatch):
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
    _fake_dns(monkeypatch, ["93.184.215.14", "10.0.0.7"])
    with app.app_context():
        admin = UserFactory(role="admin")
        with pytest.raises(webhooks.WebhookError, match="resolves to 10.0.0.7") as refused:
            _subscribe(admin, "https://internal.example.com/hooks")
        assert refused.value.field == "url"
        with pytest.raises(webhooks.WebhookError, match="non-public"):
            _subscribe(admin, "http://169.254.169.254/latest/meta-data/")
        _fake_dns(monkeypatch, ["93.184.215.14"])
        row, _ = _subscribe(admin, "https://ats.example.com/hooks")  # public: kept
        with pytest.raises(webhooks.WebhookError, match="non-public"):
            webhooks.update_subscription(admin, row, url="http://[::1]:8080/")


def test_a_private_target_is_refused_at_delivery_and_nothing_is_sent(app, monkeypatch):
    with Receiver() as receiver:
        port = receiver.url("/").split(":")[2].split("/")[0]
        url = f"http://hooks.example.com:{port}/in"
        _fake_dns(monkeypatch, ["93.184.215.14"])
        delivery_id, _ = _queue_ping(app, url)
        # The name now points at the loopback address, where something listens.
        _fake_dns(monkeypatch, ["127.0.0.1"])
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
        with app.app_context():
            assert webhooks.deliver_all().retried == 1
            [(attempt, status, error)] = _attempts(delivery_id)
    assert status is None and "resolves to 127.0.0.1" in error
    assert receiver.received == []


def test_the_connection_goes_to_the_checked_address_so_rebinding_cannot_redirect_it(
        app, monkeypatch):
    app.config.update(WEBHOOK_ALLOW_PRIVATE_TARGETS=False, WEBHOOK_TIMEOUT_SECONDS=1)
    with Receiver() as receiver:
        port = receiver.url("/").split(":")[2].split("/")[0]
        _fake_dns(monkeypatch, ["93.184.215.14"])
        delivery_id, _ = _queue_ping(app, f"http://rebind.example.com:{port}/in")
        # Public for the check, loopback for any later look-up: only one look-up may happen.
        asked = _fake_dns(monkeypatch, ["93.184.215.14"], ["127.0.0.1"])
        with app.app_context():
            webhooks.deliver_all()
            [(_, status, _)] = _attempts(delivery_id)
    assert asked == ["rebind.example.com"]
    assert status is None and receiver.received == []


def test_the_host_header_names_the_host_while_the_checked_address_is_dialled(app, monkeypatch):
    with Receiver() as receiver:
        port = receiver.url("/").split(":")[2].split("/")[0]
        _fake_dns(monkeypatch, ["127.0.0.1"])
        delivery_id, _ = _queue_ping(app, f"http://ats.example.com:{port}/in?x=1")
        with app.app_context():
            assert webhooks.deliver_all().sent == 1
    [got] = receiver.received
    assert got.path == "/in?x=1" and got.headers["Host"] == f"ats.example.com:{port}"


def test_a_slow_look_up_is_cut_off(app, monkeypatch):
    from interviewkit.services import webhook_http

    def slow(*args, **kwargs):
        time.sleep(3)
        raise OSError("too late")

    monkeypatch.setattr(webhook_http.socket, "getaddrinfo", slow)
    transport = webhook_http.HttpTransport(timeout=5, dns_timeout=0.3)
    started = time.monotonic()
    answer = transport.post("https://slow-dns.example.com/", b"{}", {})
    assert time.monotonic() - started < 1.5
    assert answer.status_code is None and "no answer from DNS" in answer.error


def test_the_whole_attempt_is_bounded_even_when_the_receiver_trickles(app):
    """A receiver sending a byte now and then never trips a per-read timeout."""
    import socket
    import threading

    from interviewkit.services import webhook_http

    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle():
        conn, _ = server.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(40):  # 12 s of headers, 0.3 s apart
            if stop.wait(0.3):
                break
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
        conn.close()

    worker = threading.Thread(target=trickle, daemon=True)
    worker.start()
    transport = webhook_http.HttpTransport(timeout=1.0, allow_private=True)
    started = time.monotonic()
    try:
        answer = transport.post(f"http://127.0.0.1:{server.getsockname()[1]}/", b"{}", {})
    finally:
        stop.set()
        server.close()
    assert time.monotonic() - started < 2.5
    assert not answer.ok and "no answer in 1 s" in answer.error


# --- amendments, cancellations, and a scope narrowed after queueing --------------------------

AMENDED_NOTES = "On reflection: the rollback story was solid; private remark about salary."


def _amend(loop_round: LoopRound, user: User, version: int, notes: str = AMENDED_NOTES):
    body = {"version": version, **complete_content(loop_round.kind, notes=notes)}
    outcome = scorecard_service.write_scorecard(loop_round, user, "amend", "amend-key-0001",
                                                body)
    assert outcome.status == 200, outcome.body
    return outcome


def test_an_amendment_fires_scorecard_amended_with_notes_only_where_allowed(session, people):
    plain, _ = _subscribe(people["admin"], events=["scorecard.amended"])
    scoped, _ = _subscribe(people["admin"], "https://notes.example.com/",
                           ["scorecard.amended"], include_notes=True)
    loop = published_loop(owner=people["owner"], panel={"screen": [people["panelist"]]})
    screen = loop.round("screen")
    submitted = _submit(screen, people["panelist"])
    assert _deliveries() == []  # subscribed to amendments only

    _amend(screen, people["panelist"], submitted.body["version"])

    by_sub = {d.subscription_id: d for d in _deliveries()}
    assert set(by_sub) == {plain.id, scoped.id}
    assert {d.event for d in by_sub.values()} == {"scorecard.amended"}
    without = by_sub[plain.id].payload["data"]
    assert "notes" in without["changed"]
    assert without["scorecard"]["amended_at"] and without["scorecard"]["version"] == \
        submitted.body["version"] + 1
    assert "rollback" not in by_sub[plain.id].body and "salary" not in by_sub[plain.id].body
    assert "evidence" not in without["scorecard"]
    assert by_sub[scoped.id].payload["data"]["scorecard"]["notes"] == AMENDED_NOTES


def test_an_amendment_that_changes_nothing_or_is_refused_queues_nothing(session, people):
    _subscribe(people["admin"], events=["scorecard.amended"])
    loop = published_loop(owner=people["owner"], panel={"screen": [people["panelist"]]})
    screen = loop.round("screen")
    submitted = _submit(screen, people["panelist"])
    same = scorecard_service.write_scorecard(
        screen, people["panelist"], "amend", "amend-key-same",
        {"version": submitted.body["version"], **complete_content("screen", notes=NOTES)})
    assert same.status == 200
    stale = scorecard_service.write_scorecard(
        screen, people["panelist"], "amend", "amend-key-stale",
        {"version": 0, **complete_content("screen", notes=AMENDED_NOTES)})
    assert stale.status == 409
    assert _deliveries() == []


def test_a_cancellation_fires_loop_cancelled_with_the_reason_only_with_notes(session, people):
    plain, _ = _subscribe(people["admin"], events=["loop.cancelled"])
    scoped, _ = _subscribe(people["admin"], "https://n.example.com/", ["loop.cancelled"],
                           include_notes=True)
    loop = published_loop(owner=people["owner"])

    loop_service.cancel(loop, people["owner"], "Accepted another offer after a bad screen.")

    by_sub = {d.subscription_id: d for d in _deliveries()}
    plain_data = by_sub[plain.id].payload["data"]
    assert plain_data["loop"]["id"] == loop.id and plain_data["loop"]["status"] == "cancelled"
    assert plain_data["cancellation"]["cancelled_by"]["id"] == people["owner"].id
    assert "reason" not in plain_data["cancellation"]
    assert "another offer" not in by_sub[plain.id].body
    assert by_sub[scoped.id].payload["data"]["cancellation"]["reason"] == \
        "Accepted another offer after a bad screen."


def test_a_refused_cancellation_queues_nothing(session, people):
    _subscribe(people["admin"], events=["loop.cancelled"])
    loop = published_loop(owner=people["owner"])
    with pytest.raises(loop_service.LoopError):
        loop_service.cancel(loop, people["owner"], "   ")
    assert _deliveries() == []


def test_narrowing_the_scope_takes_notes_out_of_queued_deliveries(app, session, people):
    with Receiver() as receiver:
        row, secret = _subscribe(people["admin"], receiver.url("/ats"),
                                 ["scorecard.submitted", "loop.cancelled"], include_notes=True)
        loop = published_loop(owner=people["owner"], panel={"screen": [people["panelist"]]})
        _submit(loop.round("screen"), people["panelist"])
        db.session.commit()
        assert NOTES in _deliveries()[0].body  # queued with notes

        webhooks.update_subscription(people["admin"], row, include_notes=False)
        db.session.commit()

        assert all(NOTES not in d.body for d in _deliveries())
        assert webhooks.deliver_all().sent == 1
    [got] = receiver.received
    assert b"rollback plan" not in got.body and got.payload["include_notes"] is False
    assert "notes" not in got.payload["data"]["scorecard"]
    assert rules.verify(secret, got.headers["Interviewkit-Signature"], got.body, time.time())


def test_a_delivery_follows_the_scope_at_sending_time_whatever_was_queued(app, session,
                                                                           people):
    with Receiver() as receiver:
        row, _ = _subscribe(people["admin"], receiver.url("/ats"), ["loop.cancelled"],
                            include_notes=True)
        loop = published_loop(owner=people["owner"])
        loop_service.cancel(loop, people["owner"], "Withdrew: private family reasons.")
        db.session.commit()
        # Narrowed by any path that does not go through the service (a script, a restore).
        db.session.execute(sa.update(WebhookSubscription).values(include_notes=False))
        db.session.commit()
        assert webhooks.deliver_all().sent == 1
    [got] = receiver.received
    assert b"family" not in got.body and "reason" not in got.payload["data"]["cancellation"]
