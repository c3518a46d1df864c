"""What the scorecard page says about itself: read-only states and the next step."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop, Scorecard, User
from interviewkit.services.demo import seed_demo
from tests.conftest import sign_in

pytestmark = pytest.mark.db


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
        ines = db.session.execute(db.select(User).where(
            User.email == "interviewer@example.com")).scalar_one()
        aisha = db.session.execute(db.select(Loop).where(
            Loop.candidate_email == "aisha.rahman@example.net")).scalar_one()
        daniel = db.session.execute(db.select(Loop).where(
            Loop.candidate_email == "daniel.okafor@example.net")).scalar_one()
        db.session.expunge(ines)
        return {"ines": ines, "decided": aisha.round("coding").id,
                "daniel_design": daniel.round("system_design").id,
                "daniel_coding": daniel.round("coding").id}


def test_a_decided_loop_says_read_only_and_never_offers_amend(app, client, demo):
    sign_in(client, demo["ines"])
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["decided"])).scalar_one()
        assert card.status == "submitted"
    page = client.get(f"/interviews/rounds/{demo['decided']}/scorecard").get_data(as_text=True)
    assert "Read-only: this loop is decided" in page
    assert "tap Amend" not in page and 'id="amend-btn"' not in page


def test_a_submitted_scorecard_on_an_open_loop_points_at_the_amend_button(app, client, demo):
    sign_in(client, demo["ines"])
    url = f"/interviews/rounds/{demo['daniel_design']}/scorecard"
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["daniel_design"])).scalar_one()
        card.status = "submitted"
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "tap Amend scorecard to change it" in page and 'id="amend-btn"' in page


def test_the_success_banner_names_the_next_round_and_only_after_submitting(app, client, demo):
    sign_in(client, demo["ines"])
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["daniel_design"])).scalar_one()
        card.status = "submitted"
        db.session.commit()
    url = f"/interviews/rounds/{demo['daniel_design']}/scorecard"
    plain = client.get(url).get_data(as_text=True)
    assert "Scorecard submitted" not in plain
    done = client.get(url + "?done=submitted").get_data(as_text=True)
    assert "Scorecard submitted" in done
    assert f"/interviews/rounds/{demo['daniel_coding']}\"" in done  # the next one: her coding round
    assert "Back to my interviews" in done


def test_rating_buttons_carry_their_words(app, client, demo):
    sign_in(client, demo["ines"])
    page = client.get(f"/interviews/rounds/{demo['daniel_coding']}/scorecard").get_data(
        as_text=True)
    for word in ("Weak", "Mixed", "Strong", "Exceptional"):
        assert f'<span class="rating-word">{word}</span>' in page
    assert 'type="module"' in page and "js/scorecard/main.js" in page


def test_labels_keep_acronyms_in_the_middle_of_a_sentence(app, client, demo):
    sign_in(client, demo["ines"])
    page = client.get(f"/interviews/rounds/{demo['daniel_coding']}/scorecard").get_data(
        as_text=True)
    assert "candidate.</p>" in page and "for a mid-level candidate" in page
    assert "Evidence for code structure and interfaces" in page
    screen = client.get("/interviews/rounds/{}/scorecard".format(demo["daniel_design"]))
    assert screen.status_code == 200
