"""Issue 14 item 18: change one's password, admin reset links, the audit log page, and a
warning before deactivating someone who owes scorecards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, PasswordReset, User, utcnow
from interviewkit.services import users as user_service
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db

NEW = "saffron lighthouse quartet"


def login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def reset_url(client, admin, target) -> str:
    sign_in(client, admin)
    page = client.post(f"/admin/users/{target.id}/reset-link").get_data(as_text=True)
    match = re.search(r'value="(http://localhost/reset/[^"]+)"', page)
    assert match, page
    return match.group(1).replace("http://localhost", "")


def test_an_admin_reset_link_works_once_and_signs_the_user_out(app, make_user):
    admin, target = make_user("admin"), make_user("interviewer")
    elsewhere = app.test_client()
    login(elsewhere, target.email, PASSWORD)
    url = reset_url(app.test_client(), admin, target)
    visitor = app.test_client()
    assert visitor.get(url).status_code == 200
    weak = visitor.post(url, data={"new_password": "password12", "confirm": "password12"})
    assert "common or breached" in weak.get_data(as_text=True)
    done = visitor.post(url, data={"new_password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert elsewhere.get("/interviews/").status_code == 302      # signed out everywhere
    assert login(app.test_client(), target.email, NEW).status_code == 302
    assert visitor.get(url).status_code == 404                    # used: gone
    with app.app_context():
        actions = set(db.session.execute(sa.select(AuditEntry.action)).scalars())
    assert {"user.password_reset_link", "user.password_reset"} <= actions


def test_a_reset_link_expires_and_a_newer_one_replaces_it(app, make_user):
    admin, target = make_user("admin"), make_user("interviewer")
    first = reset_url(app.test_client(), admin, target)
    second = reset_url(app.test_client(), admin, target)
    assert app.test_client().get(first).status_code == 404
    with app.app_context():
        for reset in db.session.execute(sa.select(PasswordReset)).scalars():
            reset.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert app.test_client().get(second).status_code == 404


def test_only_admins_issue_reset_links(client, make_user):
    target = make_user("interviewer")
    sign_in(client, make_user("hiring_manager"))
    assert client.post(f"/admin/users/{target.id}/reset-link").status_code == 404


def test_the_audit_log_filters_by_loop_user_and_action(app, client, make_user):
    admin = make_user("admin")
    with app.app_context():
        alice = UserFactory(name="Alice Auditee")
        owner = UserFactory(role="hiring_manager", name="Olga Owner")
        loop = published_loop(owner=owner)
        other = published_loop(owner=owner)
        from interviewkit.services import audit

        audit.record(owner.id, "loop.publish", "loop", loop.id, None, {"status": "x"})
        audit.record(owner.id, "loop.publish", "loop", other.id, None, {"status": "y"})
        user_service.set_role(alice, "recruiter", admin.id)
        db.session.commit()
        ids = {"alice": alice.id, "loop": loop.id, "other": other.id}
    sign_in(client, admin)

    def rows(query: str) -> list[str]:
        page = client.get(f"/admin/audit{query}")
        assert page.status_code == 200
        return re.findall(r'<tr class="audit-entry">(.*?)</tr>', page.get_data(as_text=True),
                          re.S)

    assert len(rows("")) == 3
    by_loop = rows(f"?loop={ids['loop']}")
    assert len(by_loop) == 1 and f"loop {ids['loop']}" in by_loop[0]
    by_user = rows(f"?user={ids['alice']}")
    assert len(by_user) == 1 and "user.role" in by_user[0]
    assert len(rows("?action=loop.publish")) == 2
    assert rows("?loop=99999999999999999999") == rows("")  # out of range: no filter, no 500


def test_the_audit_log_is_for_admins_only(client, make_user):
    sign_in(client, make_user("recruiter"))
    assert client.get("/admin/audit").status_code == 404


def test_deactivating_someone_who_owes_scorecards_warns_and_offers_reassigning(app, client,
                                                                              make_user):
    admin = make_user("admin")
    with app.app_context():
        ines = UserFactory(name="Ines Owing")
        loop = published_loop(panel={"system_design": [ines], "screen": [ines]},
                              candidate_name="Cora Candidate")
        db.session.commit()
        ines_id, loop_id = ines.id, loop.id
    sign_in(client, admin)
    warning = client.post(f"/admin/users/{ines_id}/deactivate")
    text = warning.get_data(as_text=True)
    assert warning.status_code == 200 and "still owes 2 scorecards" in text
    assert "Cora Candidate" in text and f"/loops/{loop_id}#round-system_design" in text
    with app.app_context():
        assert db.session.get(User, ines_id).active          # nothing changed yet
    confirmed = client.post(f"/admin/users/{ines_id}/deactivate", data={"confirm": "1"})
    assert confirmed.status_code == 302
    with app.app_context():
        assert not db.session.get(User, ines_id).active


def test_deactivating_someone_who_owes_nothing_needs_no_warning(app, client, make_user):
    admin, idle = make_user("admin"), make_user("interviewer")
    sign_in(client, admin)
    assert client.post(f"/admin/users/{idle.id}/deactivate").status_code == 302
    with app.app_context():
        assert not db.session.get(User, idle.id).active


def test_every_page_links_to_changing_ones_own_password(client, make_user):
    sign_in(client, make_user("interviewer"))
    assert 'href="/account/password"' in client.get("/interviews/").get_data(as_text=True)


def test_admin_pages_show_times_in_the_viewers_zone(app, client):
    """The audit log and the deactivation warning name the admin's zone, not UTC (they printed
    UTC while every other page used the viewer's zone)."""
    from datetime import datetime

    from interviewkit.services import audit

    with app.app_context():
        admin = UserFactory(role="admin", time_zone="America/New_York")
        ines = UserFactory(name="Ines Interviewer")
        loop = published_loop(panel={"screen": [ines]})
        loop.round("screen").scheduled_at = datetime(2031, 5, 6, 13, 30)  # 09:30 EDT
        entry = audit.record(admin.id, "loop.publish", "loop", loop.id, None, {"status": "x"})
        entry.at = datetime(2031, 1, 15, 17, 5, 9)  # 12:05:09 EST
        db.session.commit()
        ids = {"ines": ines.id}
        db.session.refresh(admin)
        db.session.expunge(admin)
    sign_in(client, admin)
    audit_page = client.get("/admin/audit").get_data(as_text=True)
    assert "When (E" in audit_page and "2031-01-15 12:05:09 EST" in audit_page
    assert "UTC" not in audit_page
    warning = client.post(f"/admin/users/{ids['ines']}/deactivate").get_data(as_text=True)
    assert "6 May 2031, 09:30 EDT" in warning and "UTC" not in warning
