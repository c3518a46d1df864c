"""Two tabs on one scorecard, errors in page order, and the moment after submitting."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from interviewkit.models import Loop, Scorecard, User
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page

SAVED = re.compile(r"^Saved \d\d:\d\d")
MARKER = "--- kept from the version saved elsewhere ---"


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


def stored_notes(app, demo) -> str | None:
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["round"], Scorecard.interviewer_id == demo["ines"])
        ).scalar_one_or_none()
        return None if card is None else card.notes


def open_notes(page):
    toggle = page.locator("#notes-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def test_a_stale_tab_is_told_and_keep_both_loses_neither_text(app, live_server, desktop, demo):
    desktop.set_default_timeout(20_000)
    url = f"{live_server}/interviews/rounds/{demo['round']}/scorecard"
    first = desktop.new_page()
    sign_in_page(first, live_server, "interviewer@example.com", DEMO_PASSWORD)
    first.goto(url)
    second = desktop.new_page()
    second.goto(url)
    for page in (first, second):
        expect(page.locator("#scorecard-app")).to_have_attribute("data-ready", "true")

    # A save in the first tab reaches the second, which had nothing unsaved: it now shows it.
    first.locator("#notes").fill("Alpha: asked about the input schema.")
    expect(first.locator("#save-state")).to_have_text(SAVED, timeout=8_000)
    expect(second.locator("#notes")).to_have_value("Alpha: asked about the input schema.")
    expect(second.locator("#save-state")).to_contain_text("another tab")

    # The first tab loses its connection to the server and keeps typing; the second saves.
    first.route("**/scorecard/draft", lambda route: route.abort())
    first.locator("#notes").fill("Alpha: asked about the input schema. Then NaN handling.")
    second.locator("#notes").fill("Alpha: asked about the input schema. Beta: tests first.")
    expect(second.locator("#save-state")).to_have_text(SAVED, timeout=8_000)

    # The first tab is told at once that it is out of date, and offers to keep both texts.
    panel = first.locator("#conflict-panel")
    expect(panel).to_be_visible(timeout=8_000)
    expect(panel).to_contain_text("out of date")
    notes_row = panel.locator("fieldset", has_text="Notes")
    expect(notes_row.locator("input[value=both]")).to_be_checked()
    shot(first, "scorecard-08-stale-tab-keep-both")
    first.unroute("**/scorecard/draft")
    first.click("#conflict-save")
    expect(panel).to_be_hidden()
    expect(first.locator("#save-state")).to_have_text(SAVED, timeout=8_000)

    notes = stored_notes(app, demo)
    assert "Then NaN handling." in notes and "Beta: tests first." in notes
    assert MARKER in notes
    # ...and the second tab, which had nothing unsaved, shows the merged text too.
    expect(second.locator("#notes")).to_have_value(notes)


def _wait_until_still(page) -> None:
    """Wait until the window has not scrolled for 300 ms (smooth scrolling takes a while)."""
    page.evaluate("""() => new Promise(done => {
        let last = scrollY, still = 0;
        const tick = setInterval(() => {
            if (scrollY === last) { still += 50; } else { still = 0; last = scrollY; }
            if (still >= 300) { clearInterval(tick); done(); }
        }, 50);
    })""")


def test_errors_are_listed_in_page_order_below_the_status_bar(app, live_server, tablet, demo):
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/interviews/rounds/{demo['round']}/scorecard")
    criteria = page.locator(".criterion")
    ids = [criteria.nth(i).get_attribute("data-criterion") for i in range(criteria.count())]
    # Rate the last criterion only, without evidence; leave everything else empty.
    page.tap(f"label[for='rating-{ids[-1]}-2']")
    page.mouse.wheel(0, 3000)
    page.tap("#submit-btn")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    keys = page.locator("#error-list li").evaluate_all("items => items.map(i => i.dataset.key)")
    order = page.locator("[data-error-for]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.errorFor)")
    ranked = [order.index(k) if k in order else len(order) for k in keys]
    assert ranked == sorted(ranked), keys
    assert keys.index(f"evidence.{ids[-1]}") > 0  # earlier criteria's errors come first
    # The summary's heading is not hidden under the sticky status bar when scrolled to (the
    # page scrolls it into view; scrolling again here keeps a late wheel event out of it).
    # Bootstrap scrolls smoothly: measure once the page has stopped moving.
    page.wait_for_timeout(400)
    page.evaluate("document.getElementById('error-summary').scrollIntoView({block: 'start'})")
    _wait_until_still(page)
    bar = page.locator("#save-bar").bounding_box()
    heading = page.locator("#error-summary-h").bounding_box()
    assert heading["y"] >= bar["y"] + bar["height"] - 1
    shot(page, "scorecard-09-errors-in-page-order")


def test_after_submitting_there_is_a_moment_of_success_and_a_next_step(
        app, live_server, tablet, demo):
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    messages: list[str] = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)

    # Owed scorecards come before upcoming interviews on the interviewer's home.
    headings = page.locator("main h2").all_text_contents()
    assert headings.index("Scorecard owed") < headings.index("Upcoming")

    page.goto(f"{live_server}/interviews/rounds/{demo['round']}/scorecard")
    criteria = page.locator(".criterion")
    for i in range(criteria.count()):
        cid = criteria.nth(i).get_attribute("data-criterion")
        page.tap(f"label[for='rating-{cid}-3']")
        page.locator(f"#evidence-{cid}").fill(f"She did something specific for {cid}.")
    page.tap("label[for='rec-yes']")
    page.tap("#submit-btn")
    success = page.locator("#submit-success")
    expect(success).to_be_visible()
    expect(success).to_contain_text("Scorecard submitted")
    assert messages and "has not started yet" in messages[0]
    expect(success.get_by_role("link", name="Back to my interviews")).to_be_visible()
    shot(page, "scorecard-10-submitted-success")
    success.get_by_role("link", name=re.compile("^Next: ")).click()
    expect(page).to_have_url(re.compile(r"/interviews/rounds/\d+$"))


def test_declining_to_submit_before_the_interview_sends_nothing(app, live_server, tablet, demo):
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/interviews/rounds/{demo['round']}/scorecard")
    submits: list[str] = []
    page.on("request", lambda r: submits.append(r.url) if r.url.endswith("/submit") else None)
    page.tap("#submit-btn")
    page.wait_for_timeout(500)
    assert submits == []
    expect(page.locator("#submit-btn")).to_be_enabled()


def test_words_typed_before_the_page_script_runs_are_saved(app, live_server, tablet, demo):
    """On a slow connection (or when the browser restores a form on reload) the notes hold
    text before the scorecard's script has started: it is saved without another keystroke."""
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.route("**/static/js/scorecard/main.js", lambda route: route.abort())
    page.goto(f"{live_server}/interviews/rounds/{demo['round']}/scorecard")
    words = "Typed while the page was still loading: owned the retraining rollback."
    page.locator("#notes").fill(words)
    page.unroute("**/static/js/scorecard/main.js")
    page.add_script_tag(url="/static/js/scorecard/main.js?late=1", type="module")
    expect(page.locator("#save-state")).to_have_text(SAVED, timeout=15_000)
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == demo["round"],
            Scorecard.interviewer_id == demo["ines"])).scalar_one()
        assert card.notes == words
