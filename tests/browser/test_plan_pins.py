"""A manager's swap survives regenerate; unpinning is one tap (issue 9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from tests.browser.conftest import shot, sign_in_page
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def manager(app):
    with app.app_context():
        user = UserFactory(role="hiring_manager", name="Pat Pinner", email="pat@example.com")
        db.session.commit()
        return user.email


def test_swap_then_regenerate_keeps_the_swap_and_unpin_releases_it(live_server, manager,
                                                                  desktop):
    desktop.set_default_timeout(20_000)
    page = desktop.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_page(page, live_server, manager, PASSWORD)
    page.goto(f"{live_server}/loops/new")
    page.get_by_label("Candidate name").fill("Ada Lovelace")
    page.get_by_label("Candidate email").fill("ada@example.net")
    page.get_by_label("Lane").select_option("applied")
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Deployment target").select_option("batch")
    page.get_by_label("What the work is mostly").select_option("keeping_alive")
    page.get_by_label("Is there a platform or MLOps team?").select_option("no")
    page.get_by_label("Team framework").fill("PyTorch")
    page.click("button:has-text('Plan the loop')")
    expect(page.get_by_text("Plan ready.")).to_be_visible()
    expect(page.locator(".intake-summary")).to_contain_text("Keeping production alive")
    expect(page.locator(".intake-summary")).to_contain_text("PyTorch")

    deep = page.locator("#round-deep_dive")
    old_title = deep.locator(".question-item h3").first.inner_text()
    deep.locator(".swap-link").first.click()
    option = page.locator(".option-card").nth(1)  # the first carries a "Best fit" badge
    new_title = option.locator(".fw-semibold").inner_text()
    option.locator("input[type=radio]").check()
    page.click("button:has-text('Swap in the chosen question')")
    expect(page.get_by_text("Swapped")).to_be_visible()
    swapped = deep.locator(".question-item", has_text=new_title)
    expect(swapped.locator(".pinned-badge")).to_be_visible()

    for _ in range(3):
        page.click("button:has-text('Regenerate questions')")
        expect(page.get_by_text("New plan generated")).to_be_visible()
        # The manager's choice is still there, still pinned; the swapped-out one never returns.
        expect(deep.locator(".question-item h3", has_text=new_title)).to_have_count(1)
        expect(deep.locator(".question-item", has_text=new_title)
               .locator(".pinned-badge")).to_be_visible()
        assert old_title not in page.locator("main").inner_text()
    shot(page, "pins-01-regenerated")

    deep.locator(".question-item", has_text=new_title).get_by_role(
        "button", name=f"Unpin “{new_title}”").click()
    expect(page.get_by_text("Unpinned")).to_be_visible()
    expect(page.locator(".pinned-badge")).to_have_count(0)
    page.close()
