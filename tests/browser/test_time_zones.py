"""A browser in New York: the zone is proposed on first sign-in, and one round shows the same
local time on the plan, the interviewer's list and the scorecard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from tests.browser.conftest import shot, sign_in_page
from tests.factories import PASSWORD, UserFactory

LOCAL = "Tue 06 May 2031, 09:30 EDT"


@pytest.fixture
def people(app):
    with app.app_context():
        UserFactory(role="hiring_manager", name="Morgan Manager", email="manager@example.com")
        UserFactory(role="interviewer", name="Ines Interviewer", email="ines@example.com")
        UserFactory(role="interviewer", name="Ravi Reviewer", email="ravi@example.com")
        db.session.commit()


@pytest.fixture
def new_york(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  timezone_id="America/New_York")
    context.set_default_timeout(20_000)
    yield context
    context.close()


def accept_proposed_zone(page) -> None:
    banner = page.locator("#zone-proposal")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Your device is set to America/New York")
    banner.get_by_role("button", name="Use my device's zone").click()
    expect(page.get_by_text("Times now show in America/New York")).to_be_visible()
    expect(page.locator("#zone-proposal")).to_have_count(0)


def test_a_round_scheduled_in_new_york_reads_the_same_everywhere(live_server, people, new_york):
    page = new_york.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "") else None)

    sign_in_page(page, live_server, "manager@example.com", PASSWORD)
    accept_proposed_zone(page)
    page.goto(f"{live_server}/loops/new")
    page.get_by_label("Candidate name").fill("Grace Hopper")
    page.get_by_label("Candidate email").fill("grace@example.net")
    page.get_by_label("Lane").select_option("applied")
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Deployment target").select_option("realtime_api")
    page.click("button:has-text('Plan the loop')")
    expect(page.get_by_text("Plan ready.")).to_be_visible()

    for hour, kind, person in ((9, "screen", "Ines Interviewer"),
                               (11, "system_design", "Ravi Reviewer"),
                               (13, "coding", "Ravi Reviewer"),
                               (15, "deep_dive", "Ravi Reviewer")):
        section = page.locator(f"#round-{kind}")
        section.get_by_label(person).check()
        field = section.get_by_label("Date and time (America/New_York)")
        field.fill(f"2031-05-06T{hour:02d}:30")
        section.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("Panels and times saved")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Publish loop')")
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.locator("#round-screen")).to_contain_text(LOCAL)
    shot(page, "tz-01-plan-new-york")
    page.click("button:has-text('Sign out')")

    sign_in_page(page, live_server, "ines@example.com", PASSWORD)
    accept_proposed_zone(page)
    row = page.locator("li, article, tr").filter(has_text="Grace Hopper").first
    expect(row).to_contain_text(LOCAL)
    shot(page, "tz-02-my-interviews")
    page.goto(f"{live_server}/interviews/")
    page.get_by_role("link", name=re.compile("Scorecard")).first.click()
    expect(page.locator("main")).to_contain_text(LOCAL)
    # Typing saves a draft; its time reads in the same zone, named.
    page.locator("textarea").first.fill("Explained the feature store's freshness budget.")
    expect(page.locator("#save-state")).to_have_text(re.compile(r"^Saved \d\d:\d\d E[SD]T$"),
                                                     timeout=20_000)
    shot(page, "tz-03-scorecard")
    assert console_errors == []


def test_when_the_device_is_already_in_the_shown_zone_one_tap_confirms_it(
        live_server, people, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, timezone_id="UTC")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in_page(page, live_server, "ines@example.com", PASSWORD)
    banner = page.locator("#zone-proposal")
    expect(banner).to_contain_text("Times show in UTC, as on your device.")
    expect(banner.get_by_role("button")).to_have_count(1)
    banner.get_by_role("button", name="OK").click()
    expect(page.get_by_text("Times now show in UTC")).to_be_visible()
    expect(page.locator("#zone-proposal")).to_have_count(0)
    context.close()


def test_without_script_the_proposal_stays_hidden(live_server, people, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_page(page, live_server, "ines@example.com", PASSWORD)
    expect(page.locator("#zone-proposal")).to_be_hidden()
    context.close()
