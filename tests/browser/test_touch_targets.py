"""Issue 14 item 17: on a tablet every control a finger needs (breadcrumbs, Sign out, buttons,
fields) is at least 44 px tall, on the interviewer's and the manager's pages."""

from __future__ import annotations

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop
from interviewkit.services.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import sign_in_page

pytestmark = pytest.mark.browser

# Controls: buttons, button-styled links, breadcrumb links, nav links and form fields that are
# visible. Links inside running text are not targets of their own and are left out.
SMALL_TARGETS = """
() => {
  const picks = document.querySelectorAll(
    'button, .btn, .breadcrumb a, nav a, select, input:not([type=hidden]):not([type=radio])'
    + ':not([type=checkbox]), textarea, summary');
  const small = [];
  for (const el of picks) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) continue;
    if (box.height < 44) {
      small.push(`${el.tagName.toLowerCase()}.${el.className || ''} "${
        (el.innerText || el.value || el.name || '').trim().slice(0, 30)}" ${
        Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


@pytest.fixture
def demo(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
        daniel = db.session.execute(db.select(Loop).where(
            Loop.candidate_email == "daniel.okafor@example.net")).scalar_one()
        zoe = db.session.execute(db.select(Loop).where(
            Loop.candidate_name == "Zoë Lefèvre")).scalar_one()
        return {"coding": daniel.round("coding").id, "zoe": zoe.id}


def test_every_control_is_a_44_px_touch_target_on_a_tablet(live_server, tablet, demo):
    page = tablet.new_page()
    sign_in_page(page, live_server, "interviewer@example.com", DEMO_PASSWORD)
    found = {}
    for path in ("/interviews/", f"/interviews/rounds/{demo['coding']}/kit",
                 f"/interviews/rounds/{demo['coding']}/scorecard"):
        page.goto(live_server + path)
        found[path] = page.evaluate(SMALL_TARGETS)
    manager = tablet.new_page()
    tablet.clear_cookies()
    sign_in_page(manager, live_server, "manager@example.com", DEMO_PASSWORD)
    for path in ("/loops/", f"/loops/{demo['zoe']}/debrief", f"/loops/{demo['zoe']}"):
        manager.goto(live_server + path)
        found[path] = manager.evaluate(SMALL_TARGETS)
    small = {path: small for path, small in found.items() if small}
    assert small == {}, "\n".join(f"{p}: {s}" for p, s in small.items())
