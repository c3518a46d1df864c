"""User administration: create, change role, deactivate, reactivate; all audited."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, User
from tests.conftest import sign_in

pytestmark = pytest.mark.db

NEW = {"name": "Nadia New", "email": "Nadia@Example.org", "role": "recruiter",
       "password": "a-long-enough-password"}


@pytest.fixture
def admin(make_user):
    return make_user("admin", name="Ada Admin")


@pytest.fixture
def as_admin(client, admin):
    sign_in(client, admin)
    return client


def audit(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.entity_id) for e in db.session.execute(
            sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.execute(sa.select(User).where(User.email == email)).scalar()
        if user is not None:
            db.session.expunge(user)
        return user


def test_users_page_lists_people_with_labelled_controls(as_admin, make_user):
    other = make_user("interviewer", name="Ines Interviewer")
    page = as_admin.get("/admin/users").get_data(as_text=True)
    assert "Ines Interviewer" in page and "Ada Admin" in page
    assert f'<label class="visually-hidden" for="u{other.id}-role">Role for Ines Interviewer' \
        in page
    assert 'aria-label="Deactivate Ines Interviewer"' in page
    for field in ("name", "email", "role", "password"):
        assert f'for="{field}"' in page


def test_create_user_hashes_the_password_and_audits(app, as_admin, admin):
    response = as_admin.post("/admin/users/new", data=NEW)
    assert urlsplit(response.headers["Location"]).path == "/admin/users"
    user = user_by_email(app, "nadia@example.org")
    assert user.role == "recruiter" and user.active
    assert user.password_hash != NEW["password"] and user.check_password(NEW["password"])
    assert ("user.create", str(user.id)) in audit(app)
    assert "Added Nadia New" in as_admin.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "error"), [
    ({"email": "nope"}, "Enter a valid email address."),
    ({"password": "short"}, "Use 10 to 200 characters."),
    ({"name": ""}, "Enter the person&#39;s name."),
    ({"role": "superuser"}, "Not a valid choice."),
])
def test_bad_new_user_rerenders_with_the_field_error(app, as_admin, changes, error):
    response = as_admin.post("/admin/users/new", data={**NEW, **changes})
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert user_by_email(app, "nadia@example.org") is None


def test_a_taken_email_is_an_error_at_the_email_field(app, as_admin, make_user):
    make_user("interviewer", email="nadia@example.org")
    response = as_admin.post("/admin/users/new", data=NEW)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A user with email nadia@example.org already exists" in page
    assert 'id="email"' in page and "is-invalid" in page


def test_change_role_is_audited(app, as_admin, make_user):
    person = make_user("interviewer")
    response = as_admin.post(f"/admin/users/{person.id}/role",
                             data={f"u{person.id}-role": "hiring_manager"})
    assert urlsplit(response.headers["Location"]).path == "/admin/users"
    assert user_by_email(app, person.email).role == "hiring_manager"
    assert ("user.role", str(person.id)) in audit(app)


def test_deactivation_signs_the_user_out_and_reactivation_lets_them_back(app, as_admin,
                                                                         make_user):
    person = make_user("interviewer")
    their_client = app.test_client()
    sign_in(their_client, person)
    assert their_client.get("/bank/rubrics").status_code == 200

    as_admin.post(f"/admin/users/{person.id}/deactivate")

    assert not user_by_email(app, person.email).active
    assert urlsplit(their_client.get("/bank/rubrics").headers["Location"]).path == "/login"
    as_admin.post(f"/admin/users/{person.id}/reactivate")
    assert user_by_email(app, person.email).active
    actions = [a for a, entity in audit(app) if entity == str(person.id)]
    assert actions == ["user.deactivate", "user.activate"]


def test_an_admin_cannot_lock_themselves_out(app, as_admin, admin):
    as_admin.post(f"/admin/users/{admin.id}/deactivate")
    as_admin.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "interviewer"})
    me = user_by_email(app, admin.email)
    assert me.active and me.role == "admin"
    assert audit(app) == []
