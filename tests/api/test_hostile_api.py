"""An attack pass on the API and the webhooks admin pages: whatever arrives, the answer is a
4xx (a JSON problem on the API), never a 500."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import bearer
from tests.conftest import sign_in

INTAKE = {"candidate_name": "Ana Sousa", "candidate_email": "ana@example.net",
          "role_title": "ML Engineer", "lane": "applied", "level": "mid"}
HOOK = {"url": "https://ats.example.com/hooks", "events": ["loop.published"]}
JSON = {"Content-Type": "application/json"}


def _raw(obj) -> str:
    """JSON text as a hostile client writes it (lone surrogates kept as escapes)."""
    return json.dumps(obj)


@pytest.fixture
def tokens(make_user, make_token):
    return {"manager": make_token(make_user("hiring_manager")),
            "admin": make_token(make_user("admin")),
            "interviewer": make_token(make_user("interviewer"))}


PROBES = [
    # Broken characters and strings a database cannot store.
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "candidate_name": "Ana \ud800"})),
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "role_title": "MLE \udfff"})),
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "candidate_name": "Ana\u0000"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "description": "x \ud800"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "https://a\ud800.example/"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "https://xn--.example/"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "https://" + "a" * 300 + "/"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "http://[::1/"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "http://a.example:0/"})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "url": "http://\u3002/"})),
    # Bodies of the wrong shape, size or encoding.
    ("manager", "POST", "/api/v1/loops", "[]"),
    ("manager", "POST", "/api/v1/loops", "null"),
    ("manager", "POST", "/api/v1/loops", '"text"'),
    ("manager", "POST", "/api/v1/loops", "1e999"),
    ("manager", "POST", "/api/v1/loops", "NaN"),
    ("manager", "POST", "/api/v1/loops", "1" * 5000),
    ("manager", "POST", "/api/v1/loops", b"\xff\xfe{\x00}\x00"),
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "unknown": 1})),
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "level": 10 ** 40})),
    ("manager", "POST", "/api/v1/loops", _raw({**INTAKE, "candidate_name": "x" * 100000})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "events": None})),
    ("admin", "POST", "/api/v1/webhooks", _raw({**HOOK, "events": ["loop.published"] * 5000})),
    ("admin", "PATCH", "/api/v1/webhooks/1", _raw({"events": None})),
    ("admin", "PATCH", "/api/v1/webhooks/99999999999999999999", _raw({"active": False})),
    ("admin", "POST", "/api/v1/webhooks/1/deliveries/99999999999999999999/redeliver", ""),
    ("manager", "PUT", "/api/v1/loops/1/rounds/screen/panel",
     _raw({"interviewer_ids": [2 ** 64], "scheduled_at": "2030-01-01T10:00:00Z"})),
    ("manager", "PUT", "/api/v1/loops/1/rounds/screen/panel",
     _raw({"interviewer_ids": [1], "scheduled_at": "99999-01-01T10:00:00Z"})),
    ("manager", "PUT", "/api/v1/loops/1/rounds/screen/panel",
     _raw({"interviewer_ids": [1], "scheduled_at": "0001-01-01T00:00:00+14:00"})),
    # Queries: huge integers, repeated and odd cursors.
    ("manager", "GET", "/api/v1/loops?limit=99999999999999999999999", None),
    ("manager", "GET", "/api/v1/loops?limit=1e3", None),
    ("manager", "GET", "/api/v1/loops?limit=-1", None),
    ("manager", "GET", "/api/v1/loops?cursor=" + "A" * 5000, None),
    ("manager", "GET", "/api/v1/loops?cursor=%00%ff", None),
    ("manager", "GET", "/api/v1/loops?status=%ff", None),
    ("manager", "GET", "/api/v1/loops?q=%00", None),
    ("manager", "GET", "/api/v1/loops?q=" + "%25" * 3000, None),
    ("manager", "GET", "/api/v1/loops?owner=99999999999999999999", None),
    ("manager", "GET", "/api/v1/questions?cursor=" + "_" * 150, None),
    ("admin", "GET", "/api/v1/users?role=nobody&limit=0", None),
    ("admin", "GET", "/api/v1/webhooks/1/deliveries?status=%00", None),
    ("interviewer", "GET", "/api/v1/rounds/99999999999999999999/scorecard", None),
    ("manager", "GET", "/api/v1/loops/-1", None),
    ("manager", "GET", "/api/v1/questions/%00", None),
    ("manager", "GET", "/api/v1/questions/" + "q" * 5000, None),
    ("manager", "GET", "/api/v1/questions/x/versions/99999999999999999999", None),
]


@pytest.mark.parametrize("who, method, path, body", PROBES)
def test_hostile_requests_get_a_4xx_json_problem(client, tokens, who, method, path, body):
    headers = {**bearer(tokens[who]), **(JSON if body is not None else {})}
    data = body.encode("utf-8") if isinstance(body, str) else body
    answer = client.open(path, method=method, data=data, headers=headers)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.get_data()[:300])
    assert answer.content_type == "application/problem+json"
    assert answer.get_json()["status"] == answer.status_code


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer " + "x" * 10000},
    {"Authorization": "Bearer \u00ff\u00fe"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer"},
])
def test_hostile_authorization_headers_are_401(client, headers):
    answer = client.get("/api/v1/me", headers=headers)
    assert answer.status_code == 401 and answer.content_type == "application/problem+json"


@pytest.mark.parametrize("key", ["x" * 5000, "\u00ff" * 10, "", " "])
def test_hostile_idempotency_keys_are_refused_cleanly(client, tokens, key):
    answer = client.put("/api/v1/rounds/1/scorecard/draft", json={"version": 0},
                        headers={**bearer(tokens["interviewer"]), "Idempotency-Key": key})
    assert 400 <= answer.status_code < 500
    assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize("method, path, data", [
    ("POST", "/admin/webhooks", {"url": "https://a.example/" + "a" * 100000,
                                 "events": ["loop.published"]}),
    ("POST", "/admin/webhooks", {"url": "https://a.example/", "events": ["nope"]}),
    ("POST", "/admin/webhooks", {"url": "http://[::1/", "events": ["loop.published"]}),
    ("POST", "/admin/webhooks", {"url": "https://a.example/", "events": ["loop.published"],
                                 "description": "x" * 10000}),
    ("POST", "/admin/webhooks/99999999999999999999", {}),
    ("GET", "/admin/webhooks/99999999999999999999", None),
    ("POST", "/admin/webhooks/1/deliveries/99999999999999999999/redeliver", {}),
])
def test_hostile_webhook_admin_requests_are_4xx(client, make_user, method, path, data):
    sign_in(client, make_user("admin"))
    answer = client.open(path, method=method, data=data)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.get_data()[:300])


def test_a_huge_before_on_the_delivery_log_is_ignored(app, client, make_user):
    from interviewkit.extensions import db
    from interviewkit.models import User
    from interviewkit.services import webhooks

    admin = make_user("admin")
    with app.app_context():
        row, _ = webhooks.create_subscription(db.session.get(User, admin.id),
                                              "https://ats.example.com/", ["loop.published"])
        db.session.commit()
        row_id = row.id
    sign_in(client, admin)
    for before in ("99999999999999999999", "-5", "x", "²"):
        assert client.get(f"/admin/webhooks/{row_id}?before={before}").status_code == 200
