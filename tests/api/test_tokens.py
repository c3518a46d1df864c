"""Personal access tokens: the settings page, hashing, scopes, revocation, expiry, rate."""

from __future__ import annotations

import re

from interviewkit.extensions import db
from interviewkit.models import ApiToken
from interviewkit.services.tokens import digest
from tests.api.conftest import bearer
from tests.conftest import make_app, sign_in


def _create(client, name="Tracker sync", scope="read", expires_on=""):
    return client.post("/settings/tokens/", data={"name": name, "scope": scope,
                                                  "expires_on": expires_on})


def test_a_token_is_shown_once_stored_hashed_and_listed_with_last_use(app, client, make_user):
    user = make_user("recruiter")
    sign_in(client, user)
    page = _create(client)
    assert page.status_code == 200
    text = re.search(r'id="new-token"[^>]*value="(ik_[^"]+)"', page.text).group(1)
    with app.app_context():
        row = db.session.execute(db.select(ApiToken)).scalar_one()
        assert row.token_hash == digest(text) and text not in (row.token_hash, row.prefix)
        assert row.scope == "read" and row.last_used_at is None
    again = client.get("/settings/tokens/")
    assert text not in again.text and "Tracker sync" in again.text and "Never" in again.text

    me = client.get("/api/v1/me", headers=bearer(text))
    assert me.status_code == 200 and me.get_json()["id"] == user.id
    listed = client.get("/settings/tokens/")
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>", listed.text)
    with app.app_context():
        assert db.session.execute(db.select(ApiToken)).scalar_one().last_used_at is not None


def test_bad_token_forms_are_refused_and_nothing_is_created(app, client, make_user):
    sign_in(client, make_user("interviewer"))
    assert _create(client, name="").status_code == 400
    assert _create(client, scope="admin").status_code == 400
    past = _create(client, expires_on="2001-01-01")
    assert past.status_code == 400 and "future" in past.text
    with app.app_context():
        assert db.session.execute(db.select(ApiToken)).first() is None


def test_revoking_ends_the_token_and_only_its_owner_can(app, client, make_user, make_token):
    owner, other = make_user("interviewer"), make_user("interviewer")
    text = make_token(owner)
    with app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    sign_in(client, other)
    assert client.post(f"/settings/tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/me", headers=bearer(text)).status_code == 200
    sign_in(client, owner)
    done = client.post(f"/settings/tokens/{token_id}/revoke")
    assert done.headers["Location"].endswith("/settings/tokens/")
    refused = client.get("/api/v1/me", headers=bearer(text))
    assert refused.status_code == 401
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["code"] == "token_invalid"
    assert "Bearer" in refused.headers["WWW-Authenticate"]


def test_expired_and_unknown_tokens_and_deactivated_owners_get_401(app, client, make_user,
                                                                  make_token):
    user = make_user("recruiter")
    assert client.get("/api/v1/loops",
                      headers=bearer(make_token(user, state="expired"))).status_code == 401
    assert client.get("/api/v1/loops", headers=bearer("ik_not-a-real-token")).status_code == 401
    assert client.get("/api/v1/loops", headers={"Authorization": "Basic eDp5"}).status_code == 401
    live = make_token(user)
    from interviewkit.models import User

    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/api/v1/loops", headers=bearer(live)).status_code == 401


def test_a_read_token_cannot_write(client, make_user, make_token):
    manager = make_user("hiring_manager")
    refused = client.post("/api/v1/loops", headers=bearer(make_token(manager, scope="read")),
                          json={"candidate_name": "A", "candidate_email": "a@example.net",
                                "role_title": "MLE", "lane": "applied", "level": "mid"})
    assert refused.status_code == 403 and refused.get_json()["code"] == "insufficient_scope"


def test_token_requests_need_no_csrf_token_but_forms_still_do(_migrated, tmp_path, make_user,
                                                              make_token):
    manager = make_user("hiring_manager")
    token = make_token(manager)
    strict = make_app(_migrated, tmp_path, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    created = client.post("/api/v1/loops", headers=bearer(token), json={
        "candidate_name": "Ravi Menon", "candidate_email": "ravi@example.net",
        "role_title": "ML Engineer", "lane": "applied", "level": "mid"})
    assert created.status_code == 201, created.get_json()
    sign_in(client, manager)
    assert _create(client).status_code == 400  # the settings form without its CSRF token


def test_each_token_is_rate_limited_with_retry_after(_migrated, tmp_path, make_user,
                                                     make_token):
    user = make_user("recruiter")
    first, second = make_token(user), make_token(user)
    limited = make_app(_migrated, tmp_path, API_RATE_LIMIT=3, API_RATE_WINDOW_SECONDS=60)
    client = limited.test_client()
    assert [client.get("/api/v1/me", headers=bearer(first)).status_code
            for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/me", headers=bearer(first))
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.get_json()["retry_after"] == int(refused.headers["Retry-After"])
    # Another token of the same user has its own allowance.
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200


def test_the_rate_window_slides():
    from interviewkit.services.tokens import RateLimiter

    limiter = RateLimiter()
    assert limiter.check(1, 2, 10.0, now=0.0) is None
    assert limiter.check(1, 2, 10.0, now=4.0) is None
    assert limiter.check(1, 2, 10.0, now=5.0) == 5.0
    assert limiter.check(1, 2, 10.0, now=10.5) is None  # the first request left the window


def test_the_cli_creates_a_token_that_works(app, client, runner, make_user):
    user = make_user("hiring_manager", email="cli.manager@example.org")
    result = runner.invoke(args=["tokens", "create", "--email", "cli.manager@example.org",
                                 "--name", "README session", "--scope", "read_write"])
    assert result.exit_code == 0, result.output
    text = result.output.strip()
    assert client.get("/api/v1/me", headers=bearer(text)).get_json()["id"] == user.id
    missing = runner.invoke(args=["tokens", "create", "--email", "nobody@example.org",
                                  "--name", "x"])
    assert missing.exit_code == 2
