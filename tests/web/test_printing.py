"""Printing over the web: who may download which PDF, and what the response looks like."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest

from interviewkit.extensions import db
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.pdf.helpers import all_text, page_sizes
from tests.web.printing_world import printable_loop

pytestmark = pytest.mark.db

DAY = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def world(app):
    with app.app_context():
        people = {role: UserFactory(role=role) for role in
                  ("hiring_manager", "recruiter", "admin", "interviewer")}
        people["other_manager"] = UserFactory(role="hiring_manager")
        people["panel"] = UserFactory(role="interviewer", name="Ana Lima")
        owner, panel = people["hiring_manager"], [people["panel"]]
        loops = {
            "main": printable_loop(owner, panel, "Zoë Ångström 李明", DAY),
            "second": printable_loop(owner, panel, "Bo Second", DAY.replace(hour=7)),
            "other_day": printable_loop(people["other_manager"], panel, "Cy Other",
                                        datetime(2026, 3, 9, 9)),
            "draft": printable_loop(owner, panel, "Dee Draft", DAY, submitted=False,
                                    published=False),
        }
        db.session.commit()
        ids = {key: loop.id for key, loop in loops.items()}
        rounds = {key: [r.id for r in loop.rounds] for key, loop in loops.items()}
        users = {key: user.id for key, user in people.items()}
    return {"loops": ids, "rounds": rounds, "users": users}


def client_as(app, world, who):
    client = app.test_client()
    if who != "anonymous":
        with app.app_context():
            from interviewkit.models import User

            user = db.session.get(User, world["users"][who])
            sign_in(client, user)
    return client


def _assert_pdf(response, filename: str):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("who", "expected"), [
    ("hiring_manager", 200), ("recruiter", 200), ("admin", 404),
    ("other_manager", 404), ("interviewer", 404), ("panel", 404)])
def test_packet_access(app, world, who, expected):
    loop_id = world["loops"]["main"]
    response = client_as(app, world, who).get(f"/loops/{loop_id}/packet.pdf")
    assert response.status_code == expected
    if expected == 200:
        _assert_pdf(response, f"debrief-packet-loop-{loop_id}.pdf")
        text = all_text(response.data)
        assert "Zoë Ångström 李明" in text
        assert "Evidence on" in text and "Notes from screen." in text
        assert "Awaiting scorecard" in text  # the fourth round has none


def test_packet_needs_sign_in(app, world):
    response = client_as(app, world, "anonymous").get(
        f"/loops/{world['loops']['main']}/packet.pdf")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_packet_of_unknown_loop_is_404(app, world):
    assert client_as(app, world, "recruiter").get("/loops/999999/packet.pdf").status_code == 404


def test_packet_paper_follows_the_choice_then_the_configuration(app, world):
    loop_id = world["loops"]["main"]
    client = client_as(app, world, "recruiter")
    assert page_sizes(client.get(f"/loops/{loop_id}/packet.pdf").data) == {(595, 842)}
    letter = client.get(f"/loops/{loop_id}/packet.pdf?paper=letter")
    assert page_sizes(letter.data) == {(612, 792)}
    assert client.get(f"/loops/{loop_id}/packet.pdf?paper=a3").status_code == 400
    app.config["PAPER_SIZE"] = "letter"
    assert page_sizes(client.get(f"/loops/{loop_id}/packet.pdf").data) == {(612, 792)}


def test_candidate_name_is_in_the_file_name_only_when_asked(app, world):
    loop_id = world["loops"]["main"]
    response = client_as(app, world, "recruiter").get(f"/loops/{loop_id}/packet.pdf?name=1")
    disposition = response.headers["Content-Disposition"]
    name = f"debrief-packet-loop-{loop_id}-Zoë-Ångström-李明.pdf"
    assert disposition.startswith("attachment; filename=")
    assert f"filename*=UTF-8''{quote(name, safe='!#$&+^`|~')}" in disposition
    ascii_part = disposition.split("filename=")[1].split(";")[0]
    assert ascii_part.isascii() and "Zoe-Angstrom" in ascii_part


def test_hostile_candidate_names_cannot_break_the_header(app, world):
    from interviewkit.models import Loop

    loop_id = world["loops"]["second"]
    with app.app_context():
        db.session.get(Loop, loop_id).candidate_name = 'Evil"; filename=x.exe\r\n/../'
        db.session.commit()
    response = client_as(app, world, "recruiter").get(f"/loops/{loop_id}/packet.pdf?name=1")
    assert response.headers["Content-Disposition"] == \
        f"attachment; filename=debrief-packet-loop-{loop_id}-Evil-filename-x-exe.pdf"


@pytest.mark.parametrize(("who", "expected"), [
    ("recruiter", 200), ("admin", 404), ("hiring_manager", 404), ("interviewer", 404)])
def test_batch_of_chosen_loops(app, world, who, expected):
    ids = [world["loops"]["second"], world["loops"]["main"]]
    response = client_as(app, world, who).post("/loops/packets.pdf",
                                               data={"loop_id": ids, "paper": "letter"})
    assert response.status_code == expected
    if expected == 200:
        _assert_pdf(response, "debrief-packets-2-loops.pdf")
        text = all_text(response.data)
        assert text.startswith("Debrief packets 2 loops")
        assert text.index("Bo Second") < text.index("Zoë Ångström 李明")
        assert page_sizes(response.data) == {(612, 792)}


def test_batch_refuses_unknown_and_empty_selections(app, world):
    client = client_as(app, world, "recruiter")
    assert client.post("/loops/packets.pdf", data={"loop_id": [999999]}).status_code == 404
    empty = client.post("/loops/packets.pdf", data={})
    assert empty.status_code == 404 and b"tick at least one loop" in empty.data


def test_batch_needs_the_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = client_as(app, world, "recruiter")
    response = client.post("/loops/packets.pdf", data={"loop_id": [world["loops"]["main"]]})
    assert response.status_code == 400


def test_batch_of_a_day_holds_the_loops_that_end_that_day(app, world):
    client = client_as(app, world, "recruiter")
    response = client.get("/loops/packets.pdf?date=2026-03-02")
    _assert_pdf(response, "debrief-packets-2026-03-02.pdf")
    text = all_text(response.data)
    assert "Bo Second" in text and "Zoë Ångström 李明" in text
    assert "Cy Other" not in text and "Dee Draft" not in text  # other day; unpublished
    assert client.get("/loops/packets.pdf?date=2026-03-03").status_code == 404
    assert client.get("/loops/packets.pdf?date=yesterday").status_code == 400


@pytest.mark.parametrize(("who", "expected"), [
    ("panel", 200), ("hiring_manager", 200), ("recruiter", 200),
    ("interviewer", 404), ("other_manager", 404), ("admin", 404)])
def test_kit_access(app, world, who, expected):
    round_id = world["rounds"]["main"][1]
    response = client_as(app, world, who).get(f"/rounds/{round_id}/kit.pdf")
    assert response.status_code == expected
    if expected == 200:
        _assert_pdf(response, f"interview-kit-loop-{world['loops']['main']}-system-design.pdf")
        text = all_text(response.data)
        assert "ML system design" in text and "Rubric at senior" in text
        assert "Ana Lima" in text


def test_unpublished_kit_is_not_for_the_panel_yet(app, world):
    round_id = world["rounds"]["draft"][0]
    assert client_as(app, world, "panel").get(f"/rounds/{round_id}/kit.pdf").status_code == 404
    owner = client_as(app, world, "hiring_manager")
    assert owner.get(f"/rounds/{round_id}/kit.pdf").status_code == 200


@pytest.mark.parametrize(("who", "expected"), [
    ("hiring_manager", 200), ("recruiter", 200), ("admin", 404),
    ("other_manager", 404), ("panel", 404)])
def test_print_view(app, world, who, expected):
    loop_id = world["loops"]["main"]
    response = client_as(app, world, who).get(f"/loops/{loop_id}/print?paper=letter")
    assert response.status_code == expected
    if expected == 200:
        page = response.get_data(as_text=True)
        assert "css/print.css" in page
        assert "Confidential — candidate evaluation" in page
        assert "Zoë Ångström 李明" in page
        assert "Evidence on" in page and "Awaiting scorecard" in page
        assert "paper-letter" in page
        assert f"/loops/{loop_id}/packet.pdf?paper=letter" in page
        assert response.headers["Cache-Control"] == "no-store"


def test_nothing_to_print_is_said_on_the_list_with_its_filters_kept(app, world):
    client = client_as(app, world, "recruiter")
    back = "/loops/?q=o&per=x"
    listing = client.get(back).get_data(as_text=True)
    assert 'name="back" value="/loops/?q=o&amp;per=x"' in listing
    none = client.post("/loops/packets.pdf", data={"back": back})
    assert none.status_code == 302
    assert none.headers["Location"] == "/loops/?q=o&per=x&print_note=none_ticked#batch-print"
    page = client.get(none.headers["Location"]).get_data(as_text=True)
    assert 'id="print-note"' in page and "tick at least one loop" in page
    assert 'value="o"' in page  # the search box still holds the filter

    day = client.get("/loops/packets.pdf?date=2026-03-03&back=/loops/%3Flane%3Dapplied")
    assert day.headers["Location"] == ("/loops/?lane=applied&print_note=empty_day"
                                       "&print_date=2026-03-03#batch-print")
    page = client.get(day.headers["Location"]).get_data(as_text=True)
    assert "no loop ends on 2026-03-03" in page
    assert 'id="batch-date" name="date" required value="2026-03-03"' in page
    # Only the list is a place to go back to.
    elsewhere = client.post("/loops/packets.pdf", data={"back": "https://evil.example/"})
    assert elsewhere.status_code == 404
