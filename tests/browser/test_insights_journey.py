"""The insights on a tablet: a manager sees the panel, an interviewer only themself."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviewkit.extensions import db
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo()
        db.session.commit()


def _numbers(page, table: str, column: int) -> list[float]:
    cells = page.locator(f"table[data-table={table}] tbody tr td:nth-child({column})")
    return [float(v) for v in cells.evaluate_all("cs => cs.map(c => c.dataset.sort)") if v]


def test_manager_sees_the_panel_and_sorts_a_table(app, live_server, tablet, demo):
    tablet.set_default_timeout(15_000)
    page = tablet.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    sign_in_page(page, live_server, "manager@example.com", DEMO_PASSWORD)
    page.goto(f"{live_server}/insights/")
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    interviewers = page.locator("table[data-table=interviewers]")
    for name in ("Ines Interviewer", "Ravi Reviewer", "Kofi Mensah"):
        expect(interviewers).to_contain_text(name)
    expect(page.locator("svg.ik-chart").first).to_be_visible()
    expect(page.get_by_role("heading", name="Questions to review")).to_be_visible()
    expect(page.get_by_role("heading", name="Loops by lane and level")).to_be_visible()

    # Leniency is column 6; press its header twice for descending.
    header = interviewers.get_by_role("button", name="Leniency")
    header.tap()
    ascending = _numbers(page, "interviewers", 6)
    assert ascending == sorted(ascending) and len(ascending) >= 6
    header.tap()
    descending = _numbers(page, "interviewers", 6)
    assert descending == sorted(ascending, reverse=True)
    expect(interviewers.locator("th[aria-sort=descending]")).to_contain_text("Leniency")
    shot(page, "insights-01-manager-tablet")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1024, "the page scrolls sideways on a tablet"
    assert not problems, problems


def test_interviewer_sees_only_their_own_calibration(app, live_server, tablet, demo):
    tablet.set_default_timeout(15_000)
    page = tablet.new_page()
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    page.get_by_role("link", name="Insights").first.tap()
    expect(page.get_by_role("heading", name="Your calibration")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Ines Interviewer")
    for other in ("Ravi Reviewer", "Kofi Mensah", "Priya Natarajan", "Tomás Álvarez"):
        expect(main).not_to_contain_text(other)
    expect(page.get_by_role("heading", name="Questions to review")).to_have_count(0)
    expect(page.locator("svg.ik-chart")).to_have_count(1)
    shot(page, "insights-02-interviewer-tablet")
    response = page.request.get(f"{live_server}/insights/questions.csv")
    assert response.status == 404
