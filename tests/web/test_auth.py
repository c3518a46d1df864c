"""Sign-in, throttling, idle timeout, deactivation, sign-out, role homes, safe redirects."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import LoginAttempt, utcnow
from interviewkit.services.users import set_active
from interviewkit.web.access import HOME_ENDPOINTS
from tests.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.db


def login(client, email: str, password: str, next_url: str | None = None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def path_of(response) -> str:
    return urlsplit(response.headers.get("Location", "")).path


def test_sign_in_with_the_right_password_lands_on_the_role_home(client, make_user):
    user = make_user("hiring_manager")
    response = login(client, user.email.upper(), PASSWORD)
    assert path_of(response) == "/"
    assert path_of(client.get("/")) == "/loops/"


@pytest.mark.parametrize("role", sorted(HOME_ENDPOINTS))
def test_each_role_has_its_own_home(app, client, make_user, role):
    sign_in(client, make_user(role))
    with app.test_request_context():
        from flask import url_for

        expected = url_for(HOME_ENDPOINTS[role])
    assert path_of(client.get("/")) == expected
    assert client.get(expected).status_code == 200


def test_wrong_password_is_an_error_at_the_field(client, make_user):
    user = make_user("admin")
    response = login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "Email or password is not right." in response.get_data(as_text=True)
    assert path_of(client.get("/admin/users")) == "/login"


def test_failures_are_throttled_and_logged_without_the_password(app, client, make_user,
                                                                caplog):
    user = make_user("admin")
    limit = app.config["LOGIN_MAX_FAILURES"]
    secret = "hunter2-wrong-guess"
    with caplog.at_level(logging.INFO):
        for _ in range(limit):
            assert login(client, user.email, secret).status_code == 200
        throttled = login(client, user.email, PASSWORD)
    assert throttled.status_code == 429
    assert "Too many failed attempts" in throttled.get_data(as_text=True)
    assert path_of(client.get("/admin/users")) == "/login"
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert user.email in logged and "throttled" in logged
    assert secret not in logged and PASSWORD not in logged
    with app.app_context():
        attempts = db.session.execute(sa.select(LoginAttempt)).scalars().all()
        assert len(attempts) == limit + 1 and not any(a.succeeded for a in attempts)


def test_idle_session_is_signed_out(app, client, make_user):
    sign_in(client, make_user("admin"))
    with client.session_transaction() as session:
        idle = app.config["IDLE_TIMEOUT_MINUTES"] * 60 + 5
        session["last_seen"] = utcnow().timestamp() - idle
    response = client.get("/admin/users")
    assert path_of(response) == "/login"
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == ["/admin/users?"]
    assert path_of(client.get("/admin/users")) == "/login"


def test_a_deactivated_users_next_request_is_refused(app, client, make_user):
    user = make_user("admin")
    sign_in(client, user)
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        from interviewkit.models import User

        set_active(db.session.get(User, user.id), False, actor_id=None)
        db.session.commit()
    assert path_of(client.get("/admin/users")) == "/login"
    assert login(client, user.email, PASSWORD).status_code == 200  # refused, not redirected


def test_logout_is_a_post_and_ends_the_session(client, make_user):
    sign_in(client, make_user("admin"))
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert path_of(response) == "/login"
    assert path_of(client.get("/admin/users")) == "/login"


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/bank/rubrics", "/bank/rubrics"),
    ("//evil.example.com/", "/"),
    ("https://evil.example.com/", "/"),
    ("/\\evil.example.com", "/"),
])
def test_next_only_redirects_inside_the_app(client, make_user, next_url, expected):
    user = make_user("admin")
    response = login(client, user.email, PASSWORD, next_url)
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert location.path == expected


def test_session_cookie_is_secure_httponly_and_samesite_over_https(app, client, make_user):
    user = make_user("recruiter")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                           base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert "HttpOnly" in plain.headers["Set-Cookie"]
    assert "Secure" not in plain.headers["Set-Cookie"]
