"""The printing entry points are where their users look for them."""

from __future__ import annotations

from interviewkit.extensions import db
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop


def _world(app):
    with app.app_context():
        manager = UserFactory(role="hiring_manager")
        recruiter = UserFactory(role="recruiter")
        interviewer = UserFactory(role="interviewer")
        loop = published_loop(owner=manager, panel={"coding": [interviewer]})
        coding = next(r for r in loop.rounds if r.kind == "coding")
        ids = (loop.id, coding.id)
        db.session.commit()
        users = {u.role: u for u in (manager, recruiter, interviewer)}
        for user in users.values():
            db.session.refresh(user)
            db.session.expunge(user)
        return users, ids


def test_recruiter_can_batch_print_from_the_loops_list(app, client):
    users, (loop_id, _) = _world(app)
    sign_in(client, users["recruiter"])
    page = client.get("/loops/").get_data(as_text=True)
    assert 'action="/loops/packets.pdf"' in page
    assert f'name="loop_id" value="{loop_id}" form="batch-form"' in page
    assert 'name="date"' in page


def test_manager_sees_no_batch_form_but_reaches_debrief_and_packet(app, client):
    users, (loop_id, _) = _world(app)
    sign_in(client, users["hiring_manager"])
    assert "packets.pdf" not in client.get("/loops/").get_data(as_text=True)
    detail = client.get(f"/loops/{loop_id}").get_data(as_text=True)
    assert f"/loops/{loop_id}/debrief" in detail and f"/loops/{loop_id}/packet.pdf" in detail
    debrief = client.get(f"/loops/{loop_id}/debrief").get_data(as_text=True)
    assert f"/loops/{loop_id}/print" in debrief


def test_interviewer_prints_the_kit_from_the_kit_page(app, client):
    users, (_, round_id) = _world(app)
    sign_in(client, users["interviewer"])
    kit = client.get(f"/interviews/rounds/{round_id}").get_data(as_text=True)
    assert f"/rounds/{round_id}/kit.pdf" in kit
    response = client.get(f"/rounds/{round_id}/kit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
