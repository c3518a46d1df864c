"""Webhook subscriptions over the API (admins only): the secret shown once, URLs and events
checked, changes audited without the secret, and the delivery log paged."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, WebhookDelivery, WebhookSubscription
from tests.api.conftest import bearer

HOOK = {"url": "https://ats.example.com/hooks", "events": ["loop.published"]}


@pytest.fixture
def admin_token(make_user, make_token):
    return make_token(make_user("admin"))


def test_create_read_change_rotate_and_delete(app, client, admin_token):
    created = client.post("/api/v1/webhooks", json=HOOK, headers=bearer(admin_token))
    assert created.status_code == 201
    hook = created.get_json()
    assert hook["include_notes"] is False and hook["active"] is True  # notes off by default
    assert hook["deliveries"] == {}
    secret = hook["secret"]
    listed = client.get("/api/v1/webhooks", headers=bearer(admin_token)).get_json()["data"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]

    url = f"/api/v1/webhooks/{hook['id']}"
    changed = client.patch(url, json={"include_notes": True,
                                      "events": ["loop.decided", "scorecard.submitted"]},
                           headers=bearer(admin_token))
    assert changed.status_code == 200
    assert changed.get_json()["events"] == ["scorecard.submitted", "loop.decided"]
    assert changed.get_json()["url"] == HOOK["url"]  # not sent, not changed

    rotated = client.post(f"{url}/secret", headers=bearer(admin_token)).get_json()
    assert rotated["secret"] != secret and rotated["secret_prefix"] == rotated["secret"][:12]
    with app.app_context():
        assert db.session.get(WebhookSubscription, hook["id"]).secret == rotated["secret"]
        audit = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.entity_type == "webhook")).scalars().all()
        assert [a.action for a in audit] == ["webhook.create", "webhook.update",
                                             "webhook.rotate_secret"]
        logged = str([(a.before, a.after) for a in audit])
        assert secret not in logged and rotated["secret"] not in logged

    ping = client.post(f"{url}/ping", headers=bearer(admin_token))
    assert ping.status_code == 202 and ping.get_json()["event"] == "ping"
    assert client.delete(url, headers=bearer(admin_token)).status_code == 204
    assert client.get(url, headers=bearer(admin_token)).status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(WebhookDelivery)).first() is None


@pytest.mark.parametrize("body, field", [
    ({**HOOK, "url": "ftp://ats.example.com/"}, "url"),
    ({**HOOK, "url": "https://user:pw@ats.example.com/"}, "url"),
    ({**HOOK, "url": "http://169.254.169.254/latest/meta-data/"}, "url"),
    ({**HOOK, "url": "http://[::1]:8080/"}, "url"),
    ({**HOOK, "events": []}, "events"),
    ({**HOOK, "events": ["loop.deleted"]}, "events.0"),
    ({**HOOK, "secret": "mine"}, "secret"),
])
def test_bad_subscriptions_name_the_field_and_create_nothing(app, client, admin_token, body,
                                                            field):
    answer = client.post("/api/v1/webhooks", json=body, headers=bearer(admin_token))
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.get_json()["errors"]]
    with app.app_context():
        assert db.session.execute(db.select(WebhookSubscription)).first() is None


def test_the_delivery_log_pages_newest_first_and_redelivers(app, client, admin_token):
    hook = client.post("/api/v1/webhooks", json=HOOK, headers=bearer(admin_token)).get_json()
    url = f"/api/v1/webhooks/{hook['id']}"
    ids = [client.post(f"{url}/ping", headers=bearer(admin_token)).get_json()["id"]
           for _ in range(3)]
    first = client.get(f"{url}/deliveries?limit=2", headers=bearer(admin_token)).get_json()
    assert [d["id"] for d in first["data"]] == ids[::-1][:2]
    rest = client.get(f"{url}/deliveries?limit=2&cursor={first['next_cursor']}",
                      headers=bearer(admin_token)).get_json()
    assert [d["id"] for d in rest["data"]] == [ids[0]] and rest["next_cursor"] is None
    with app.app_context():
        db.session.get(WebhookDelivery, ids[0]).status = "failed"
        db.session.commit()
    failed = client.get(f"{url}/deliveries?status=failed", headers=bearer(admin_token))
    assert [d["id"] for d in failed.get_json()["data"]] == [ids[0]]
    again = client.post(f"{url}/deliveries/{ids[0]}/redeliver", headers=bearer(admin_token))
    assert again.status_code == 202 and again.get_json()["status"] == "pending"
    other = client.post("/api/v1/webhooks", json=HOOK, headers=bearer(admin_token)).get_json()
    assert client.post(f"/api/v1/webhooks/{other['id']}/deliveries/{ids[0]}/redeliver",
                       headers=bearer(admin_token)).status_code == 404


def test_a_read_only_admin_token_cannot_change_webhooks(client, make_user, make_token):
    token = make_token(make_user("admin"), scope="read")
    assert client.get("/api/v1/webhooks", headers=bearer(token)).status_code == 200
    assert client.post("/api/v1/webhooks", json=HOOK,
                       headers=bearer(token)).status_code == 403
