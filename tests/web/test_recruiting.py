"""The recruiter's follow-ups: who owes what, overdue first, and loops ready for debrief."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop, User
from interviewkit.services.demo import seed_demo
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db


@pytest.fixture
def follow_page(app):
    with app.app_context():
        seed_demo()
        recruiter = db.session.execute(db.select(User).where(
            User.email == "recruiter@example.com")).scalar_one()
        # A loop whose only interview is long past, with nobody's scorecard in.
        late = published_loop(candidate_name="Sigríður Jónsdóttir", hours_from_now=-72,
                              panel={"screen": [UserFactory(name="Olu Late")]})
        late.round("deep_dive").interviewers = []
        db.session.commit()
        db.session.refresh(recruiter)
        db.session.expunge(recruiter)
    client = app.test_client()
    sign_in(client, recruiter)
    response = client.get("/follow-ups/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_loops_awaiting_scorecards_come_overdue_first_with_who_owes_what(follow_page):
    awaiting = follow_page.split('id="ready-h"')[0]
    order = [awaiting.index(name) for name in
             ("Sigríður Jónsdóttir", "Daniel Okafor", "Mei Tanaka")]
    assert order == sorted(order)
    daniel = awaiting[awaiting.index("Daniel Okafor"):awaiting.index("Mei Tanaka")]
    assert "<strong>Ines Interviewer</strong> owes the ML system design scorecard" in daniel
    assert "Overdue:" in daniel and "Draft" in daniel
    assert "owes the Production-style coding scorecard" in daniel
    assert "1 of 4 scorecards in" in daniel


def test_the_longest_overdue_loop_names_its_missing_panel(follow_page):
    awaiting = follow_page.split('id="ready-h"')[0]
    late = awaiting[awaiting.index("Sigríður Jónsdóttir"):awaiting.index("Daniel Okafor")]
    assert "Olu Late" in late and "days ago" in late
    assert "Domain / applied-scientist deep dive: no interviewer assigned." in late


def test_ready_and_decided_loops_are_listed_and_drafts_are_not(follow_page):
    ready = follow_page.split('id="ready-h"')[1].split('id="decided-h"')[0]
    assert "Zoë Lefèvre" in ready and "Open debrief" in ready
    assert "/packet.pdf" in ready  # recruiters print the packet straight from here
    decided = follow_page.split('id="decided-h"')[1]
    assert "Aisha Rahman" in decided and "Hire" in decided
    assert "Łukasz Nowak" not in follow_page


def test_an_unscheduled_round_is_never_overdue(app, client):
    from interviewkit.services.debriefs import follow_up

    with app.app_context():
        loop = published_loop(hours_from_now=-5)
        loop.round("screen").scheduled_at = None
        db.session.flush()
        from interviewkit.models import utcnow

        found = follow_up(db.session.get(Loop, loop.id), utcnow())
        screen = next(o for o in found.owed if o.round_kind == "screen")
        assert not screen.overdue
        assert len(found.overdue) == 3
        db.session.rollback()
