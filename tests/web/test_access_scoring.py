"""Who may open what: every scoring, debrief and follow-up route × role × ownership/assignment,
and independent scoring (others' scorecards hidden until one's own is submitted)."""

from __future__ import annotations

import uuid

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop, User
from tests.conftest import sign_in
from tests.factories import ScorecardFactory, UserFactory
from tests.web._scoring import published_loop, submitted_card

pytestmark = pytest.mark.db

# Who is who, relative to the loop under test.
PEOPLE = ("assigned", "unassigned", "owner", "other_manager", "recruiter", "admin", "anonymous")


@pytest.fixture
def world(app):
    """A loop with every scorecard in but one round still assigned to `assigned`."""
    with app.app_context():
        owner = UserFactory(role="hiring_manager")
        people = {
            "assigned": UserFactory(role="interviewer"),
            "unassigned": UserFactory(role="interviewer"),
            "owner": owner,
            "other_manager": UserFactory(role="hiring_manager"),
            "recruiter": UserFactory(role="recruiter"),
            "admin": UserFactory(role="admin"),
        }
        colleague = UserFactory(role="interviewer", name="Colleague")
        loop = published_loop(owner=owner, panel={"coding": [people["assigned"], colleague]})
        for loop_round in loop.rounds:
            for person in loop_round.interviewers:
                if person.id != people["assigned"].id:
                    submitted_card(loop_round, person)
        db.session.commit()
        ids = {name: person.id for name, person in people.items()}
        ids.update(loop=loop.id, coding=loop.round("coding").id,
                   screen=loop.round("screen").id, colleague=colleague.id)
    return ids


def client_as(app, world, who):
    client = app.test_client()
    if who != "anonymous":
        with app.app_context():
            person = db.session.get(User, world[who])
            db.session.expunge(person)
        sign_in(client, person)
    return client


def _expect_page(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]


PAGE_MATRIX = {
    # route template: {who: expected}
    "/interviews/": {"assigned": 200, "unassigned": 200, "owner": 200, "other_manager": 200,
                     "recruiter": 404, "admin": 404, "anonymous": "login"},
    "/interviews/rounds/{coding}": {"assigned": 200, "unassigned": 404, "owner": 404,
                                    "other_manager": 404, "recruiter": 404, "admin": 404,
                                    "anonymous": "login"},
    "/interviews/rounds/{coding}/scorecard": {"assigned": 200, "unassigned": 404, "owner": 404,
                                              "other_manager": 404, "recruiter": 404,
                                              "admin": 404, "anonymous": "login"},
    "/loops/{loop}/debrief": {"assigned": 404, "unassigned": 404, "owner": 200,
                              "other_manager": 404, "recruiter": 200, "admin": 404,
                              "anonymous": "login"},
    "/follow-ups/": {"assigned": 404, "unassigned": 404, "owner": 404, "other_manager": 404,
                     "recruiter": 200, "admin": 404, "anonymous": "login"},
}


@pytest.mark.parametrize("route", sorted(PAGE_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_pages(app, world, route, who):
    response = client_as(app, world, who).get(route.format(**world))
    _expect_page(response, PAGE_MATRIX[route][who])


JSON_ROUTES = (
    ("post", "/interviews/rounds/{coding}/scorecard/draft"),
    ("post", "/interviews/rounds/{coding}/scorecard/submit"),
    ("post", "/interviews/rounds/{coding}/scorecard/amend"),
    ("post", "/interviews/rounds/{coding}/scorecard/flags"),
    ("get", "/interviews/rounds/{coding}/scorecard.json"),
)
JSON_EXPECTED = {"unassigned": 404, "owner": 404, "other_manager": 404, "recruiter": 404,
                 "admin": 404, "anonymous": 401}


@pytest.mark.parametrize("method, route", JSON_ROUTES)
@pytest.mark.parametrize("who", sorted(JSON_EXPECTED))
def test_json_endpoints_refuse_everyone_but_the_assigned_interviewer(app, world, method, route,
                                                                      who):
    client = client_as(app, world, who)
    headers = {"Accept": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    response = getattr(client, method)(route.format(**world), json={"version": 0},
                                       headers=headers)
    assert response.status_code == JSON_EXPECTED[who]
    assert response.is_json and "error" in response.json


@pytest.mark.parametrize("method, route", JSON_ROUTES)
def test_json_endpoints_answer_the_assigned_interviewer(app, world, method, route):
    client = client_as(app, world, "assigned")
    headers = {"Accept": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    response = getattr(client, method)(route.format(**world), json={"version": 0},
                                       headers=headers)
    # A bare body saves a draft, is refused for submit (422) or amend (409, nothing submitted).
    assert response.status_code in (200, 409, 422)
    assert response.is_json


@pytest.mark.parametrize("who, expected", [
    ("assigned", 200), ("owner", 200), ("other_manager", 200), ("recruiter", 404),
    ("admin", 404), ("anonymous", 401)])
def test_the_csrf_token_endpoint(app, world, who, expected):
    response = client_as(app, world, who).get("/interviews/csrf-token",
                                              headers={"Accept": "application/json"})
    assert response.status_code == expected and response.is_json


@pytest.mark.parametrize("who, expected", [
    ("owner", "done"), ("other_manager", 404), ("recruiter", 403), ("assigned", 404),
    ("unassigned", 404), ("admin", 404), ("anonymous", "login")])
def test_only_the_owning_manager_records_the_decision(app, world, who, expected):
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        loop.round("coding").interviewers = [
            db.session.get(User, world["colleague"])]  # everything is in now
        db.session.commit()
        assert loop.status == "awaiting_debrief"
    response = client_as(app, world, who).post(
        f"/loops/{world['loop']}/decision",
        data={"decision": "no_hire", "reason": "Evidence points below the bar."})
    if expected == "done":
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/loops/{world['loop']}/debrief")
    else:
        _expect_page(response, expected)
    with app.app_context():
        decided = db.session.get(Loop, world["loop"]).decision
    assert decided == ("no_hire" if expected == "done" else None)


def test_an_unpublished_loop_has_no_kit_yet(app, world):
    with app.app_context():
        db.session.get(Loop, world["loop"]).published_at = None
        db.session.commit()
    client = client_as(app, world, "assigned")
    assert client.get(f"/interviews/rounds/{world['coding']}").status_code == 404
    assert "Production-style coding" not in client.get("/interviews/").get_data(as_text=True)


# --- independent scoring --------------------------------------------------------------------

def _evidence_marker(app, world) -> str:
    with app.app_context():
        colleague = db.session.get(User, world["colleague"])
        loop = db.session.get(Loop, world["loop"])
        card = next(c for c in loop.round("coding").scorecards
                    if c.interviewer_id == colleague.id)
        card.evidence = {k: "COLLEAGUE-EVIDENCE" for k in card.ratings}
        db.session.commit()
    return "COLLEAGUE-EVIDENCE"


def test_an_interviewer_sees_others_only_after_submitting_their_own(app, world):
    marker = _evidence_marker(app, world)
    client = client_as(app, world, "assigned")
    for path in (f"/interviews/rounds/{world['coding']}",
                 f"/interviews/rounds/{world['coding']}/scorecard"):
        before = client.get(path).get_data(as_text=True)
        assert marker not in before
        assert "appear here once you submit yours" in before
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        submitted_card(loop.round("coding"), db.session.get(User, world["assigned"]))
        db.session.commit()
    for path in (f"/interviews/rounds/{world['coding']}",
                 f"/interviews/rounds/{world['coding']}/scorecard"):
        after = client.get(path).get_data(as_text=True)
        assert marker in after
        assert "Other scorecards" in after


@pytest.mark.parametrize("who", ["owner", "recruiter"])
def test_managers_and_recruiters_see_every_submitted_scorecard_but_no_draft(app, world, who):
    marker = _evidence_marker(app, world)
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        ScorecardFactory(round_id=loop.round("coding").id, interviewer_id=world["assigned"],
                         status="draft", notes="DRAFT-NOTES-PRIVATE",
                         evidence={"code_structure": "DRAFT-EVIDENCE-PRIVATE"})
        db.session.commit()
    page = client_as(app, world, who).get(f"/loops/{world['loop']}/debrief")
    text = page.get_data(as_text=True)
    assert marker in text
    assert "DRAFT-NOTES-PRIVATE" not in text and "DRAFT-EVIDENCE-PRIVATE" not in text


def test_a_draft_is_read_by_its_author_alone(app, world):
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        ScorecardFactory(round_id=loop.round("coding").id, interviewer_id=world["assigned"],
                         status="draft", notes="ONLY-MINE")
        db.session.commit()
    mine = client_as(app, world, "assigned").get(
        f"/interviews/rounds/{world['coding']}/scorecard.json",
        headers={"Accept": "application/json"})
    assert mine.json["scorecard"]["notes"] == "ONLY-MINE"
    colleague = client_as(app, world, "colleague")
    for path in (f"/interviews/rounds/{world['coding']}",
                 f"/interviews/rounds/{world['coding']}/scorecard"):
        assert "ONLY-MINE" not in colleague.get(path).get_data(as_text=True)
    json_copy = colleague.get(f"/interviews/rounds/{world['coding']}/scorecard.json",
                              headers={"Accept": "application/json"})
    assert "ONLY-MINE" not in json_copy.get_data(as_text=True)
