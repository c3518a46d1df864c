"""The debrief page and the hiring decision."""

from __future__ import annotations

import re

import pytest

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, Loop, User
from interviewkit.services.demo import seed_demo
from tests.conftest import make_app, sign_in

pytestmark = pytest.mark.db


@pytest.fixture
def demo(app):
    """The demo data; returns ids of the loops and people the tests use."""
    with app.app_context():
        seed_demo()
        db.session.commit()
        by_email = {loop.candidate_email: loop.id
                    for loop in db.session.execute(db.select(Loop)).scalars()}
        people = {u.email: u.id for u in db.session.execute(db.select(User)).scalars()}
    return {"zoe": by_email["zoe.lefevre@example.net"],
            "daniel": by_email["daniel.okafor@example.net"],
            "aisha": by_email["aisha.rahman@example.net"],
            "manager": people["manager@example.com"],
            "recruiter": people["recruiter@example.com"]}


def client_for(app, user_id, client=None):
    client = client or app.test_client()
    with app.app_context():
        person = db.session.get(User, user_id)
        db.session.expunge(person)
    sign_in(client, person)
    return client


def test_the_debrief_shows_the_evidence_the_decision_needs(app, demo):
    text = client_for(app, demo["recruiter"]).get(
        f"/loops/{demo['zoe']}/debrief").get_data(as_text=True)
    # The matrix, with every rating's evidence behind a tap.
    assert text.count('<details class="evidence-details">') >= 17
    assert "Events to Kafka, nightly batch features" in text
    # Recommendations and the tally.
    assert re.search(r'tally-count">2</span> <span>Yes', text)
    assert re.search(r'tally-count">3</span> <span>No<', text)
    # The disagreement on one criterion within the design round.
    assert 'class="disagreement"' in text and "2-point split" in text
    assert "Ravi Reviewer rated 2, Ines Interviewer rated 4" in text
    # Flags by severity with who raised them and why; the dismissed proposal and its reason.
    assert "Blocking (" in text and "raised by Ravi Reviewer" in text
    assert "No production incident story" in text
    assert "Dismissed proposals" in text
    # Which proposals the demo notes draw depends on the rubric rules; the screen's is stable.
    assert "She built and deployed the scoring service herself" in text
    # The level signal.
    assert "Evidence points to mid-level, not senior, from 5 of 5 scorecards." in text
    assert "None missing" in text


def test_missing_scorecards_are_named(app, demo):
    text = client_for(app, demo["manager"]).get(
        f"/loops/{demo['daniel']}/debrief").get_data(as_text=True)
    assert "Waiting for scorecards" in text
    assert "Ines Interviewer — ML system design" in text
    assert "The decision opens once every scorecard is submitted." in text


def test_the_recruiter_reads_but_does_not_see_the_decision_form(app, demo):
    text = client_for(app, demo["recruiter"]).get(
        f"/loops/{demo['zoe']}/debrief").get_data(as_text=True)
    assert "Record decision" not in text
    assert "Morgan Manager, the hiring manager, records the decision." in text


def test_the_manager_records_a_decision_at_another_level_and_it_is_audited(app, demo):
    client = client_for(app, demo["manager"])
    page = client.get(f"/loops/{demo['zoe']}/debrief").get_data(as_text=True)
    assert "Record decision" in page
    response = client.post(f"/loops/{demo['zoe']}/decision", data={
        "decision": "hire_other_level", "level": "mid",
        "reason": "Strong design and coding; no incident ownership yet, so mid."})
    assert response.headers["Location"].endswith(f"/loops/{demo['zoe']}/debrief")
    with app.app_context():
        loop = db.session.get(Loop, demo["zoe"])
        assert (loop.status, loop.decision, loop.decision_level) == (
            "decided", "hire_other_level", "mid")
        assert loop.decided_by_id == demo["manager"] and loop.decided_at is not None
        entry = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "loop.decide", AuditEntry.entity_id == str(loop.id))
        ).scalar_one()
        assert entry.before["decision"] is None and entry.before["status"] == "awaiting_debrief"
        assert entry.after == {"decision": "hire_other_level", "level": "mid",
                               "reason": "Strong design and coding; no incident ownership "
                                         "yet, so mid.", "status": "decided"}
    after = client.get(f"/loops/{demo['zoe']}/debrief").get_data(as_text=True)
    assert "Decided: Hire at another level: mid-level." in after
    assert "Change decision" in after


@pytest.mark.parametrize("form, status, message", [
    ({"decision": "hire_other_level", "reason": "Good."}, 422, "Choose the level to hire at."),
    ({"decision": "hire_other_level", "level": "senior", "reason": "Good."}, 409,
     "That is the level the loop was run for"),
    ({"decision": "hire", "reason": "  "}, 422, "Say why"),
    ({"decision": "maybe", "reason": "Hmm."}, 422, "Not a valid choice"),
    ({"reason": "No decision."}, 422, "Choose a decision."),
])
def test_a_decision_that_cannot_stand_is_refused_at_its_field(app, demo, form, status, message):
    client = client_for(app, demo["manager"])
    response = client.post(f"/loops/{demo['zoe']}/decision", data=form)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Loop, demo["zoe"]).decision is None


def test_no_decision_before_every_scorecard_is_in(app, demo):
    response = client_for(app, demo["manager"]).post(
        f"/loops/{demo['daniel']}/decision", data={"decision": "hire", "reason": "Keen."})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Loop, demo["daniel"]).decision is None


def test_a_decided_loop_can_be_decided_again_and_both_are_audited(app, demo):
    client = client_for(app, demo["manager"])
    client.post(f"/loops/{demo['aisha']}/decision",
                data={"decision": "no_hire", "reason": "Reference check failed."})
    with app.app_context():
        loop = db.session.get(Loop, demo["aisha"])
        assert (loop.decision, loop.decision_level) == ("no_hire", None)
        entries = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "loop.decide", AuditEntry.entity_id == str(loop.id))
            .order_by(AuditEntry.id)).scalars().all()
        assert [e.after["decision"] for e in entries] == ["hire", "no_hire"]
        assert entries[1].before["decision"] == "hire"


def test_the_decision_form_needs_its_csrf_token(app, demo, tmp_path):
    csrf_app = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "csrf",
                        WTF_CSRF_ENABLED=True)
    client = client_for(csrf_app, demo["manager"], csrf_app.test_client())
    refused = client.post(f"/loops/{demo['zoe']}/decision",
                          data={"decision": "hire", "reason": "Good."})
    assert refused.status_code == 400
    page = client.get(f"/loops/{demo['zoe']}/debrief").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post(f"/loops/{demo['zoe']}/decision",
                       data={"decision": "hire", "reason": "Good.", "csrf_token": token})
    assert done.status_code == 302
