"""The main bar on a tablet: no label breaks over two lines, whoever is signed in."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import shot, sign_in_page


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo()
        db.session.commit()


@pytest.mark.parametrize("email", ["admin@example.com", "manager@example.com"])
@pytest.mark.parametrize("size", [(1024, 1366), (1366, 1024), (768, 1024)])
def test_nav_labels_never_break_inside_a_word(app, live_server, browser, demo, email, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  device_scale_factor=1)
    try:
        page = context.new_page()
        sign_in_page(page, live_server, email, DEMO_PASSWORD)
        boxes = page.locator("nav .nav-link, nav .navbar-text, nav button[type=submit]")
        # How many lines each label's text lays out on: the rects of its text nodes only (a
        # link padded to a 44 px touch target has a taller box, not a second line).
        lines = boxes.evaluate_all("""els => els.map(e => {
            const tops = new Set();
            const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) {
                    if (r.width > 0) tops.add(Math.round(r.top + r.height / 2));
                }
            }
            return [e.textContent.replace(/\\s+/g, ' ').trim(), tops.size];
        })""")
        assert lines
        for label, count in lines:
            assert count == 1, (label, count)
        # Nothing spills past the right edge of the screen.
        right = page.locator("nav .container-fluid").evaluate(
            "el => Math.max(...[...el.querySelectorAll('a, button, .navbar-text')]"
            ".map(e => e.getBoundingClientRect().right))")
        assert right <= size[0]
        if size == (1024, 1366) and email == "admin@example.com":
            shot(page, "nav-admin-1024")
    finally:
        context.close()
