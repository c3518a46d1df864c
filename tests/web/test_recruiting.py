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


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start:page.index("</section>", start)]


def test_owed_scorecards_are_split_into_overdue_due_soon_and_upcoming(follow_page):
    overdue = _section(follow_page, "stage-overdue-h")
    upcoming = _section(follow_page, "stage-upcoming-h")
    # The longest overdue first: Sigríður's interviews were three days ago, Daniel's yesterday.
    assert overdue.index("Sigríður Jónsdóttir") < overdue.index("Daniel Okafor")
    assert "<strong>Ines Interviewer</strong> · Daniel Okafor, ML system design" in overdue
    assert "Draft" in overdue and "Remind now" in overdue and "not reminded yet" in overdue
    # Interviews that have not happened yet are not owed: they are upcoming, with no nudge.
    assert "Daniel Okafor, Production-style coding" in upcoming
    assert "Daniel Okafor, Production-style coding" not in overdue
    assert "Mei Tanaka" in upcoming and "Mei Tanaka" not in overdue
    assert "Remind now" not in upcoming


def test_the_longest_overdue_loop_names_its_missing_panel(follow_page):
    overdue = _section(follow_page, "stage-overdue-h")
    assert "<strong>Olu Late</strong> · Sigríður Jónsdóttir" in overdue and "days ago" in overdue
    unstaffed = _section(follow_page, "unstaffed-h")
    assert "Sigríður Jónsdóttir: Domain / applied-scientist deep dive" in unstaffed


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
