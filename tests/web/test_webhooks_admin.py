"""The admin webhooks pages, and events queued when the action comes from the web pages."""

from __future__ import annotations

import re
import uuid

import pytest

from interviewkit.extensions import db
from interviewkit.models import (
    Loop,
    LoopRound,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from interviewkit.services import webhooks as webhook_service
from tests.conftest import sign_in
from tests.web._scoring import complete_content, published_loop, submitted_card

pytestmark = pytest.mark.db

FORM = {"url": "https://ats.example.com/hooks", "description": "Greenhouse",
        "events": ["loop.published", "loop.decided"], "active": "y"}


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def _as(client, user):
    sign_in(client, user)
    return client


def _subscriptions(app) -> list[WebhookSubscription]:
    with app.app_context():
        return list(db.session.execute(db.select(WebhookSubscription)).scalars())


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(app, client, admin):
    page = _as(client, admin).post("/admin/webhooks", data=FORM)
    assert page.status_code == 200
    secret = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', page.text).group(1)
    [row] = _subscriptions(app)
    assert row.secret == secret and row.events == ["loop.published", "loop.decided"]
    assert row.include_notes is False and row.active is True and row.description == "Greenhouse"
    listed = client.get("/admin/webhooks")
    assert secret not in listed.text and "https://ats.example.com/hooks" in listed.text
    assert "No notes" in listed.text
    detail = client.get(f"/admin/webhooks/{row.id}")
    assert secret not in detail.text and row.secret_prefix in detail.text


@pytest.mark.parametrize("change, message", [
    ({"url": "ftp://ats.example.com/"}, "Use an http:// or https:// URL."),
    ({"url": "https://u:p@ats.example.com/"}, "no user name or password"),
    ({"events": []}, "Choose at least one event."),
    ({"url": ""}, "Enter the URL to send events to."),
    ({"url": "http://169.254.169.254/latest/meta-data/"}, "non-public address"),
    ({"url": "http://127.0.0.1:6379/"}, "non-public address"),
    ({"url": "http://[fd00::1]/"}, "non-public address"),
    ({"url": "http://localhost/"}, "non-public address"),
])
def test_a_bad_webhook_form_says_why_and_saves_nothing(app, client, admin, change, message):
    page = _as(client, admin).post("/admin/webhooks", data={**FORM, **change})
    assert page.status_code == 400 and message in page.text
    assert "new-secret" not in page.text
    assert _subscriptions(app) == []


def test_change_rotate_ping_redeliver_and_delete(app, client, admin):
    _as(client, admin).post("/admin/webhooks", data=FORM)
    [row] = _subscriptions(app)
    url = f"/admin/webhooks/{row.id}"

    saved = client.post(url, data={**FORM, "include_notes": "y", "active": "",
                                   "events": ["scorecard.submitted"]})
    assert saved.headers["Location"].endswith(url)
    [row] = _subscriptions(app)
    assert (row.include_notes, row.active, row.events) == (True, False,
                                                           ["scorecard.submitted"])

    rotated = client.post(f"{url}/secret")
    new_secret = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', rotated.text).group(1)
    assert new_secret != row.secret and _subscriptions(app)[0].secret == new_secret

    assert client.post(f"{url}/ping").headers["Location"].endswith(url)
    with app.app_context():
        delivery = db.session.execute(db.select(WebhookDelivery)).scalar_one()
        delivery.status = "failed"
        delivery.attempts = 1
        db.session.add(WebhookAttempt(delivery_id=delivery.id, attempt=1, status_code=502,
                                      error="HTTP 502 Bad Gateway", duration_ms=31))
        db.session.commit()
        delivery_id = delivery.id
    log = client.get(url).text
    assert "HTTP 502" in log and "HTTP 502 Bad Gateway" in log and "Failed" in log
    assert '"type":"ping"' not in log  # the log never shows what was sent
    again = client.post(f"{url}/deliveries/{delivery_id}/redeliver")
    assert again.headers["Location"].endswith(f"{url}#d{delivery_id}")
    with app.app_context():
        assert db.session.get(WebhookDelivery, delivery_id).status == "pending"

    gone = client.post(f"{url}/delete")
    assert gone.headers["Location"].endswith("/admin/webhooks")
    assert _subscriptions(app) == []
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["hiring_manager", "recruiter", "interviewer"])
def test_only_admins_reach_the_webhooks_pages(app, client, make_user, admin, role):
    with app.app_context():
        row, _ = webhook_service.create_subscription(db.session.get(User, admin.id),
                                                     FORM["url"], FORM["events"])
        db.session.commit()
        row_id = row.id
    _as(client, make_user(role))
    for method, path in (("GET", "/admin/webhooks"), ("POST", "/admin/webhooks"),
                         ("GET", f"/admin/webhooks/{row_id}"),
                         ("POST", f"/admin/webhooks/{row_id}/secret"),
                         ("POST", f"/admin/webhooks/{row_id}/delete")):
        assert client.open(path, method=method, data=FORM).status_code == 404, path
    assert len(_subscriptions(app)) == 1


def test_the_admin_nav_links_to_webhooks(client, admin):
    assert 'href="/admin/webhooks"' in _as(client, admin).get("/admin/users").text


# --- events from the web pages ----------------------------------------------------------------

def _events(app) -> list[str]:
    with app.app_context():
        return [d.event for d in db.session.execute(
            db.select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars()]


def test_publishing_submitting_and_deciding_on_the_web_pages_fire_events(app, make_user, admin):
    owner_id = make_user("hiring_manager").id
    with app.app_context():
        webhook_service.create_subscription(db.session.get(User, admin.id),
                                            FORM["url"], list(webhook_service.rules.EVENTS))
        owner = db.session.get(User, owner_id)
        loop = published_loop(owner=owner, hours_from_now=-48)
        loop.published_at = None
        panelist = loop.round("screen").interviewers[0]
        others = [(r.id, r.interviewers[0].id) for r in loop.rounds if r.kind != "screen"]
        db.session.commit()
        ids = {"loop": loop.id, "screen": loop.round("screen").id}
        for person in (owner, panelist):
            db.session.refresh(person)
            db.session.expunge(person)
    manager = _as(app.test_client(), owner)
    assert manager.post(f"/loops/{ids['loop']}/publish").status_code == 302
    assert _events(app) == ["loop.published"]

    tablet = _as(app.test_client(), panelist)
    submitted = tablet.post(f"/interviews/rounds/{ids['screen']}/scorecard/submit",
                            json={"version": 0, **complete_content("screen")},
                            headers={"Accept": "application/json",
                                     "Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 200, submitted.get_json()
    assert _events(app) == ["loop.published", "scorecard.submitted"]

    with app.app_context():
        for round_id, person_id in others:
            submitted_card(db.session.get(LoopRound, round_id), db.session.get(User, person_id))
        db.session.commit()
    decided = manager.post(f"/loops/{ids['loop']}/decision", data={
        "decision": "no_hire", "reason": "Not yet at this level."})
    assert decided.status_code == 302
    with app.app_context():
        assert db.session.get(Loop, ids["loop"]).decision == "no_hire"
    assert _events(app) == ["loop.published", "scorecard.submitted", "loop.decided"]
