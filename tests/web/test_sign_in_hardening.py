"""Issue 15 items 1-4: sessions end for every cookie copy, a throttle that cannot lock an
owner out, no enumeration by timing, and a password policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import LoginAttempt, User, utcnow
from interviewkit.services import users as user_service
from tests.factories import PASSWORD

pytestmark = pytest.mark.db


def login(client, email, password, addr="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": addr})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str, path: str = "/interviews/"):
    fresh = app.test_client()
    fresh.set_cookie("session", cookie)
    return fresh.get(path)


def age_attempts(app, seconds: int) -> None:
    """Move every recorded attempt into the past, as if time had passed."""
    with app.app_context():
        for attempt in db.session.execute(sa.select(LoginAttempt)).scalars():
            attempt.at -= timedelta(seconds=seconds)
        db.session.commit()


# 1. Sign-out and password change end every copy of the session cookie -------------------

def test_a_copied_cookie_stops_working_after_sign_out(app, client, make_user):
    user = make_user("interviewer")
    assert login(client, user.email, PASSWORD).status_code == 302
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200
    client.post("/logout")
    again = replay(app, copied)
    assert again.status_code == 302 and "/login" in again.headers["Location"]


def test_signing_out_one_browser_keeps_the_other_signed_in(app, make_user):
    user = make_user("interviewer")
    laptop, tablet = app.test_client(), app.test_client()
    login(laptop, user.email, PASSWORD)
    login(tablet, user.email, PASSWORD)
    laptop.post("/logout")
    assert tablet.get("/interviews/").status_code == 200


def test_a_password_change_signs_out_every_other_copy(app, client, make_user):
    user = make_user("interviewer")
    other = app.test_client()
    login(other, user.email, PASSWORD)
    login(client, user.email, PASSWORD)
    copied = session_cookie(client)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "violet harbour lantern",
        "confirm": "violet harbour lantern"})
    assert response.status_code == 302
    assert client.get("/interviews/").status_code == 200   # this browser stays in
    assert other.get("/interviews/").status_code == 302    # the other is signed out
    assert replay(app, copied).status_code == 302          # and so is the old cookie
    assert login(app.test_client(), user.email, "violet harbour lantern").status_code == 302


def test_a_password_change_needs_the_current_password_and_a_good_new_one(client, make_user):
    user = make_user("interviewer")
    login(client, user.email, PASSWORD)
    wrong = client.post("/account/password", data={
        "current_password": "not-it-at-all", "new_password": "violet harbour lantern",
        "confirm": "violet harbour lantern"})
    assert "current password is not right" in wrong.get_data(as_text=True)
    weak = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "password12", "confirm": "password12"})
    assert "common or breached" in weak.get_data(as_text=True)


# 2. Throttling: slows attackers, never locks the owner out -------------------------------

def test_refused_attempts_do_not_extend_the_wait(app, make_user):
    user = make_user("interviewer")
    attacker = app.test_client()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        login(attacker, user.email, "wrong-guess-123")
    for _ in range(10):   # hammering while throttled is refused and counts for nothing
        assert login(attacker, user.email, "wrong-guess-123").status_code == 429
    age_attempts(app, app.config["LOGIN_BACKOFF_SECONDS"] + 1)
    owner = app.test_client()
    assert login(owner, user.email, PASSWORD, addr="10.0.0.9").status_code == 302


def test_the_wait_doubles_with_each_further_failure(app, make_user):
    user = make_user("interviewer")
    client = app.test_client()
    base = app.config["LOGIN_BACKOFF_SECONDS"]
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, user.email, "wrong-guess-123")
    age_attempts(app, base + 1)
    assert login(client, user.email, "wrong-guess-123").status_code == 200  # one more try
    age_attempts(app, base + 1)        # not enough now: the wait doubled
    blocked = login(client, user.email, PASSWORD)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_a_known_device_signs_in_while_the_account_is_under_attack(app, make_user):
    user = make_user("interviewer")
    owner = app.test_client()
    assert login(owner, user.email, PASSWORD).status_code == 302
    owner.post("/logout")
    attacker = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        login(attacker, user.email, "wrong-guess-123", addr="203.0.113.5")
    assert login(attacker, user.email, PASSWORD, addr="203.0.113.5").status_code == 429
    assert login(owner, user.email, PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_slowed(app, make_user):
    users = [make_user("interviewer") for _ in range(5)]  # below each account limit
    client = app.test_client()
    limit = app.config["LOGIN_ADDRESS_MAX_FAILURES"]
    for i in range(limit):
        login(client, users[i % 5].email, f"guess-number-{i}", addr="198.51.100.7")
    fresh_account = make_user("interviewer")
    blocked = login(client, fresh_account.email, PASSWORD, addr="198.51.100.7")
    assert blocked.status_code == 429
    assert login(app.test_client(), fresh_account.email, PASSWORD,
                 addr="198.51.100.8").status_code == 302


# 3. No enumeration by timing: one hash for every answer ---------------------------------

def test_every_sign_in_computes_exactly_one_hash(app, make_user, monkeypatch):
    calls = []
    real = user_service.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(user_service, "check_password_hash", counting)
    active = make_user("interviewer")
    gone = make_user("interviewer")
    with app.app_context():
        user_service.set_active(db.session.get(User, gone.id), False, None)
        db.session.commit()
    for email in (active.email, "nobody-here@example.org", gone.email):
        calls.clear()
        response = login(app.test_client(), email, "wrong-guess-123")
        assert response.status_code == 200
        assert len(calls) == 1, email
    assert login(app.test_client(), gone.email, PASSWORD).status_code == 200  # still refused


# 4. Password policy ----------------------------------------------------------------------

@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password12"])
def test_an_admin_cannot_set_a_common_password(client, make_user, password):
    from tests.conftest import sign_in

    sign_in(client, make_user("admin"))
    response = client.post("/admin/users/new", data={
        "name": "Bo Weak", "email": "bo@example.org", "role": "interviewer",
        "password": password})
    assert "common or breached" in response.get_data(as_text=True) or \
        "different characters" in response.get_data(as_text=True)
    assert user_service.find_by_email is not None
    with client.application.app_context():
        assert db.session.execute(sa.select(User).where(
            User.email == "bo@example.org")).scalar_one_or_none() is None


def test_a_password_holding_the_email_is_refused(app, session):
    with pytest.raises(user_service.UserError, match="email"):
        user_service.create_user("grace.hopper@example.org", "Grace", "interviewer",
                                 "grace.hopper@example.org!")
    assert utcnow() is not None
