"""A recruiter and the hiring manager open the debrief on a tablet; the manager decides."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, Loop
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page


@pytest.fixture
def zoe(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
        return db.session.execute(db.select(Loop.id).where(
            Loop.candidate_email == "zoe.lefevre@example.net")).scalar_one()


def test_recruiter_follows_up_then_the_manager_decides_from_the_debrief(
        app, live_server, tablet, zoe):
    tablet.set_default_timeout(20_000)
    page = tablet.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The recruiter: follow-ups first, then the debrief that is ready.
    sign_in_page(page, live_server, "recruiter@example.com", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Follow-ups")).to_be_visible()
    overdue = page.locator("section.owed-overdue")
    expect(overdue.locator("li").first).to_contain_text("Daniel Okafor")
    expect(overdue.locator("li").first).to_contain_text("Remind now")
    expect(page.locator("section.owed-upcoming")).to_contain_text("Mei Tanaka")
    shot(page, "debrief-01-follow-ups-portrait")
    page.locator("li", has_text="Zoë Lefèvre").get_by_role("link", name="Open debrief").tap()
    expect(page.get_by_role("heading", name="Debrief: Zoë Lefèvre")).to_be_visible()
    expect(page.locator(".level-text")).to_have_text(
        "Evidence points to mid-level, not senior, from 5 of 5 scorecards.")
    expect(page.locator("tr.disagreement")).to_have_count(1)
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)

    # Evidence on tap, no hover.
    row = page.locator("tr.disagreement")
    evidence = row.locator("details").first
    expect(evidence.locator(".evidence-text")).to_be_hidden()
    evidence.locator("summary").tap()
    expect(evidence.locator(".evidence-text")).to_be_visible()
    shot(page, "debrief-02-recruiter-portrait")
    page.set_viewport_size({"width": 1366, "height": 1024})
    shot(page, "debrief-03-recruiter-landscape")
    page.set_viewport_size({"width": 1024, "height": 1366})
    page.locator("nav form button", has_text="Sign out").tap()
    page.wait_for_url(re.compile(r"/login"))

    # The hiring manager decides: hire, at the level the evidence supports.
    sign_in_page(page, live_server, "manager@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/loops/{zoe}/debrief")
    expect(page.get_by_role("heading", name="Decision")).to_be_visible()
    # Nothing chosen: the page comes back at the decision, errors first, linked to fields.
    page.get_by_role("button", name="Record decision").tap()
    summary = page.locator("#decision-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    expect(summary.locator("li").first).to_contain_text("Choose")
    shot(page, "debrief-03b-empty-decision-portrait")
    # Opening the URL the form posted to (address bar, bookmark, a GET reload) is no 405.
    assert page.url.endswith(f"/loops/{zoe}/decision#decision-h")
    assert page.goto(f"{live_server}/loops/{zoe}/decision").status == 200
    assert page.url.endswith(f"/loops/{zoe}/debrief#decision-h")
    expect(page.get_by_role("heading", name="Decision")).to_be_visible()
    level = page.locator("#level")
    expect(level).to_be_hidden()
    page.tap("label[for='decision-hire_other_level']")
    expect(level).to_be_visible()
    level.select_option("mid")
    page.locator("#reason").fill("Design and coding at the bar; no incident ownership yet, "
                                 "so mid-level, as the level signal says.")
    shot(page, "debrief-04-manager-deciding-portrait")
    page.get_by_role("button", name="Record decision").tap()
    expect(page.locator(".decision-banner")).to_contain_text(
        "Decided: Hire at another level: mid-level.")
    page.set_viewport_size({"width": 1366, "height": 1024})
    shot(page, "debrief-05-decided-landscape")

    with app.app_context():
        loop = db.session.get(Loop, zoe)
        assert (loop.status, loop.decision, loop.decision_level) == (
            "decided", "hire_other_level", "mid")
        assert re.search("no incident ownership", loop.decision_reason)
        assert db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "loop.decide")).scalars().all()
    assert errors == []
