"""A hiring manager plans, adjusts, staffs and publishes a loop in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from tests.browser.conftest import shot, sign_in_page
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def people(app):
    with app.app_context():
        manager = UserFactory(role="hiring_manager", name="Morgan Manager",
                              email="manager@example.com")
        UserFactory(role="interviewer", name="Ines Interviewer", email="ines@example.com")
        UserFactory(role="interviewer", name="Ravi Reviewer", email="ravi@example.com")
        db.session.commit()
        return {"manager": manager.email}


@pytest.mark.parametrize("size", ["desktop", "tablet"])
def test_manager_plans_swaps_staffs_and_publishes(request, live_server, people, size):
    context = request.getfixturevalue(size)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "") else None)
    click = page.tap if size == "tablet" else page.click

    sign_in_page(page, live_server, people["manager"], PASSWORD)
    expect(page.get_by_role("heading", name="Loops", exact=True)).to_be_visible()
    expect(page.get_by_text("No loops yet")).to_be_visible()
    shot(page, f"{size}-01-loops-empty")

    click("text=Plan your first loop")
    page.get_by_label("Candidate name").fill("Grace Hopper")
    page.get_by_label("Candidate email").fill("grace@example.net")
    page.get_by_label("Lane").select_option("applied")
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Deployment target").select_option("realtime_api")
    page.get_by_label("3. Production-style coding").fill("50")
    shot(page, f"{size}-02-intake")
    click("button:has-text('Plan the loop')")

    expect(page.get_by_role("heading", name="Grace Hopper", level=1)).to_be_visible()
    expect(page.get_by_text("Plan ready.")).to_be_visible()
    shot(page, f"{size}-03-plan")

    first = page.locator("#round-screen .question-item h3").first
    old_title = first.inner_text()
    click("#round-screen .swap-link >> nth=0")
    expect(page.get_by_role("heading", name="Swap a question in the technical screen")) \
        .to_be_visible()
    option = page.locator(".option-card").nth(1)
    new_title = option.locator(".fw-semibold").inner_text()
    option.locator("input[type=radio]").check()
    shot(page, f"{size}-04-swap")
    click("button:has-text('Swap in the chosen question')")
    expect(page.get_by_text("Swapped")).to_be_visible()
    expect(page.locator("#round-screen .question-item h3").first).to_have_text(new_title)
    assert old_title not in page.locator("#round-screen").inner_text()

    # One form holds every round's panel: picks made in round 2 survive a save from round 3,
    # including one that fails because round 3 has no time yet.
    page.locator("#round-system_design").get_by_label("Ines Interviewer").check()
    page.locator("#round-system_design").get_by_label("Ravi Reviewer").check()
    page.locator("#round-coding").get_by_label("Ines Interviewer").check()
    page.locator("#round-coding").locator("button:has-text('Save panels')").click()
    expect(page.locator("#round-coding")).to_contain_text("Enter the interview's date and time.")
    expect(page.get_by_text("Your other picks are kept.")).to_be_visible()
    expect(page.locator("#round-system_design").get_by_label("Ravi Reviewer")).to_be_checked()
    expect(page.locator("#round-coding").get_by_label("Ines Interviewer")).to_be_checked()
    # Ines sits on every round, so each starts two hours after the last (no overlap).
    for hour, kind in ((9, "screen"), (11, "system_design"), (13, "coding"), (15, "deep_dive")):
        section = page.locator(f"#round-{kind}")
        section.get_by_label("Ines Interviewer").check()
        section.get_by_label("Date and time (UTC)").fill(f"2031-05-06T{hour:02d}:30")
    page.locator("#round-coding").locator("button:has-text('Save panels')").click()
    expect(page.locator(".alert-success")).to_have_text(
        "Panels and times saved: Technical screen, ML system design, Production-style coding, "
        "Domain / applied-scientist deep dive.")
    expect(page.locator("#round-system_design").get_by_label("Ravi Reviewer")).to_be_checked()
    shot(page, f"{size}-05-staffed")

    click("button:has-text('Publish loop')")
    expect(page.get_by_text("Published. Interviewers can now open their kits")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Scheduled")
    expect(page.locator(".swap-link")).to_have_count(0)
    shot(page, f"{size}-06-published")

    page.goto(f"{live_server}/loops/")
    expect(page.get_by_role("link", name="Grace Hopper")).to_be_visible()
    expect(page.get_by_text("4 of 4 rounds staffed")).to_be_visible()
    shot(page, f"{size}-07-loops")
    # Nothing on these pages broke the CSP or failed to load.
    assert console_errors == []
    page.close()
