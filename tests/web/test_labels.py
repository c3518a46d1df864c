"""Issue 14 item 12: no raw labels ("hiring_manager") and no email broken mid-word."""

from __future__ import annotations

import re

import pytest

from interviewkit.extensions import db
from interviewkit.services import users as user_service
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web.test_loops import plan

pytestmark = pytest.mark.db


def test_the_audit_log_names_roles_and_statuses_as_people_read_them(app, client, make_user):
    admin = make_user("admin")
    with app.app_context():
        person = UserFactory(role="interviewer", name="Ravi Reviewer")
        user_service.set_role(person, "hiring_manager", admin.id)
        from interviewkit.services import audit

        audit.record(admin.id, "loop.cancel", "loop", 1, {"status": "awaiting_debrief"},
                     {"status": "cancelled", "reason": "Role closed."})
        db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = "".join(re.findall(r'<tr class="audit-entry">(.*?)</tr>', page, re.S))
    assert "Hiring manager" in rows and "Interviewer" in rows
    assert "Awaiting debrief" in rows and "Cancelled" in rows
    assert "hiring_manager" not in rows and "awaiting_debrief" not in rows


def test_emails_wrap_only_at_the_at_sign_and_dots(client, make_user):
    manager = make_user("hiring_manager")
    sign_in(client, manager)
    loop_id = plan(client, candidate_email="maximilian.vandenberghe@research.example.org")
    for url in (f"/loops/{loop_id}", "/loops/"):
        page = client.get(url).get_data(as_text=True)
        assert ('<span class="email-text">maximilian<wbr>.vandenberghe<wbr>@research'
                '<wbr>.example<wbr>.org</span>') in page
        assert not re.search(r'text-break[^>]*>\s*maximilian', page)


def test_email_breaks_escapes_what_it_is_given(app):
    from interviewkit.web import email_breaks

    assert str(email_breaks("<b>x@y")) == '<span class="email-text">&lt;b&gt;x<wbr>@y</span>'
