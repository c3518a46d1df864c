"""An interviewer scores on a touch tablet, loses the network mid-notes, and loses nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from interviewkit.models import Loop, Scorecard, User
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page

NOTES_BEFORE = "Opened by asking about the input schema and null handling. "
NOTES_OFFLINE = ("Wi-Fi dropped here: she started by copying the preprocessing into the "
                 "endpoint; features computed differently at serving, no mention of skew. ")
NOTES_AFTER = "Back online: added a shared transform module when asked, with tests."
SAVED = re.compile(r"^Saved \d\d:\d\d UTC$")  # the viewer's zone, named


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
        loop = db.session.execute(db.select(Loop).where(
            Loop.candidate_email == "daniel.okafor@example.net")).scalar_one()
        ines = db.session.execute(db.select(User).where(
            User.email == "interviewer@example.com")).scalar_one()
        return {"round": loop.round("coding").id, "ines": ines.id}


def stored(app, demo) -> Scorecard | None:
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["round"], Scorecard.interviewer_id == demo["ines"])
        ).scalar_one_or_none()
        if card is not None:
            db.session.expunge(card)
        return card


def test_interviewer_scores_by_touch_through_an_outage_and_every_word_is_stored(
        app, live_server, tablet, demo):
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="My interviews")).to_be_visible()
    shot(page, "scorecard-01-my-interviews-portrait")

    upcoming = page.locator(".assignment", has_text="Production-style coding").filter(
        has_text="Daniel Okafor")
    expect(upcoming.locator(".card-state")).to_have_text("Not started")
    upcoming.get_by_role("link", name="Scorecard").tap()
    expect(page.get_by_role("heading", name=re.compile("Daniel Okafor"))).to_be_visible()

    # Tap a rating for every criterion: the anchor for that point at mid-level appears.
    criteria = page.locator(".criterion")
    ids = [criteria.nth(i).get_attribute("data-criterion") for i in range(criteria.count())]
    for index, cid in enumerate(ids):
        page.tap(f"label[for='rating-{cid}-{3 if index else 4}']")
    first_anchor = page.locator(f"#crit-{ids[0]} .anchor[data-point='4']")
    expect(first_anchor).to_be_visible()
    expect(first_anchor).to_contain_text("4 · Exceptional at mid-level")
    expect(page.locator(f"label[for='rating-{ids[0]}-1']")).to_contain_text("Weak")
    box = page.locator(f"label[for='rating-{ids[0]}-2']").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    evidence = {cid: f"Evidence {n}: she said something specific about {cid.replace('_', ' ')}."
                for n, cid in enumerate(ids)}
    for cid in ids[:-1]:
        page.locator(f"#evidence-{cid}").fill(evidence[cid])
    page.tap("label[for='rec-yes']")

    # Submitting with one rating lacking evidence names that criterion at its field. The
    # round is still to come, so the page first asks whether to submit before it starts.
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.tap("#submit-btn")
    missing = page.locator(f"[data-error-for='evidence.{ids[-1]}']")
    expect(missing).to_be_visible()
    expect(missing).to_contain_text("write the evidence behind your rating of 3")
    assert dialogs and "has not started yet" in dialogs[0]
    expect(page.locator("#error-summary")).to_be_visible()
    shot(page, "scorecard-02-submit-errors-portrait")
    page.locator(f"#evidence-{ids[-1]}").fill(evidence[ids[-1]])
    expect(missing).to_be_hidden()

    # Notes: type, autosave, then lose the network and keep typing.
    # In portrait the notes sit in a drawer pinned to the bottom edge, one tap away.
    notes = page.locator("#notes")
    expect(page.locator("#notes-toggle")).to_be_in_viewport()
    page.tap("#notes-toggle")
    expect(notes).to_be_in_viewport()
    notes.tap()
    notes.press_sequentially(NOTES_BEFORE, delay=2)
    expect(page.locator("#save-state")).to_have_text(SAVED, timeout=8_000)
    assert stored(app, demo).notes == NOTES_BEFORE

    tablet.set_offline(True)
    notes.press_sequentially(NOTES_OFFLINE, delay=2)
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#save-state")).to_contain_text("Offline", timeout=8_000)
    shot(page, "scorecard-03-offline-portrait")
    notes.press_sequentially(NOTES_AFTER[:12], delay=2)
    assert stored(app, demo).notes == NOTES_BEFORE  # nothing reached the server

    tablet.set_offline(False)
    notes.press_sequentially(NOTES_AFTER[12:], delay=2)
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=10_000)
    expect(page.locator("#save-state")).to_have_text(SAVED, timeout=10_000)
    assert stored(app, demo).notes == NOTES_BEFORE + NOTES_OFFLINE + NOTES_AFTER

    page.tap("#notes-toggle")  # close the drawer
    expect(notes).not_to_be_in_viewport()

    # The engine proposed a flag from what was typed offline; dismiss it with a reason.
    proposal = page.locator(".proposal[data-flag='no-skew-awareness']")
    expect(proposal).to_be_visible(timeout=10_000)
    expect(proposal.locator(".because")).to_contain_text("skew")
    proposal.get_by_role("button", name="Dismiss").tap()
    proposal.locator("textarea").fill("Fixed it herself with a shared transform module.")

    # Probes and flags by tap.
    first_probe = page.locator(".probe").first.locator("label.choice-btn").first
    first_probe.tap()
    page.locator("label.flag-btn").first.tap()
    shot(page, "scorecard-04-filled-portrait")
    page.set_viewport_size({"width": 1366, "height": 1024})
    # Landscape: the notes sit in the side column, so the portrait drawer's tab is gone.
    expect(page.locator("#notes-toggle")).to_be_hidden()
    expect(page.locator("#notes")).to_be_in_viewport()
    shot(page, "scorecard-05-filled-landscape")

    page.tap("#submit-btn")
    expect(page.locator(".submitted-note")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Other scorecards")).to_be_visible()
    expect(page.locator("#amend-btn")).to_be_visible()
    shot(page, "scorecard-06-submitted-landscape")

    card = stored(app, demo)
    assert card.status == "submitted" and card.recommendation == "yes"
    assert card.notes == NOTES_BEFORE + NOTES_OFFLINE + NOTES_AFTER
    assert dict(card.evidence) == evidence
    assert card.ratings == {cid: (3 if index else 4) for index, cid in enumerate(ids)}
    assert card.flag_decisions["no-skew-awareness"] == {
        "decision": "dismissed", "reason": "Fixed it herself with a shared transform module.",
        "because": card.flag_decisions["no-skew-awareness"]["because"]}
    assert len(card.probes) == 1 and len(card.observed_flags) == 1
    assert errors == []
    # Notes never went to browser storage.
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_a_save_from_another_tab_is_shown_side_by_side_never_overwritten(
        app, live_server, ipad, demo):
    ipad.set_default_timeout(20_000)
    page = ipad.new_page()
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/interviews/rounds/{demo['round']}/scorecard")
    notes = page.locator("#notes")
    notes.fill("Typed in this tab.")
    expect(page.locator("#save-state")).to_have_text(SAVED, timeout=8_000)

    # Another tab saves a different version on top.
    with app.app_context():
        from interviewkit.services import scorecards

        loop_round = db.session.get(Loop, db.session.execute(db.select(Loop.id).where(
            Loop.candidate_email == "daniel.okafor@example.net")).scalar_one()).round("coding")
        ines = db.session.get(User, demo["ines"])
        scorecards.save_draft(loop_round, ines, scorecards.Draft(notes="Typed in the OTHER tab.",
                                                                 recommendation="no"), 1)
        db.session.commit()

    notes.fill("Typed in this tab, and more.")
    panel = page.locator("#conflict-panel")
    expect(panel).to_be_visible(timeout=8_000)
    expect(panel).to_contain_text("Typed in the OTHER tab.")
    expect(panel).to_contain_text("Typed in this tab, and more.")
    shot(page, "scorecard-07-conflict-ipad-portrait")
    assert stored(app, demo).notes == "Typed in the OTHER tab."  # nothing overwritten

    # Keep my notes, take their recommendation.
    panel.locator("fieldset", has_text="Notes").locator(
        "label", has_text="Yours, on this page").tap()
    panel.locator("fieldset", has_text="Overall recommendation").locator(
        "label", has_text="Saved version").tap()
    page.tap("#conflict-save")
    expect(panel).to_be_hidden()
    expect(page.locator("#save-state")).to_have_text(SAVED, timeout=8_000)
    card = stored(app, demo)
    assert (card.notes, card.recommendation) == ("Typed in this tab, and more.", "no")
