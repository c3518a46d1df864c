"""Issue 14 items 9, 10 and 20 on the records pages: the debrief, the print view and the
packet say a loop was cancelled (and why), show the level of "Hire at another level", and say
how many scorecards a level signal rests on."""

from __future__ import annotations

import re

import pytest

from interviewkit.extensions import db
from interviewkit.models import Loop, User
from interviewkit.services import loops as loop_service
from tests.pdf.helpers import all_text, flat
from tests.web.test_debrief import client_for, demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.db


def test_a_cancelled_loop_says_so_on_the_debrief_print_view_and_packet(app, demo):  # noqa: F811
    with app.app_context():
        loop = db.session.get(Loop, demo["daniel"])
        loop_service.cancel(loop, db.session.get(User, demo["manager"]),
                            "Daniel withdrew after accepting another offer.")
        db.session.commit()
    recruiter = client_for(app, demo["recruiter"])
    debrief = recruiter.get(f"/loops/{demo['daniel']}/debrief").get_data(as_text=True)
    assert 'class="alert alert-secondary cancelled-banner"' in debrief
    assert "Daniel withdrew after accepting another offer." in debrief
    assert "Record decision" not in debrief
    # Nothing is "missing" or "waiting" on a cancelled loop, and no decision is promised.
    assert "Waiting for scorecards" not in debrief and "missing</p>" not in debrief
    assert "This loop was cancelled, so no decision is recorded." in debrief
    assert "The decision opens once" not in debrief

    printed = recruiter.get(f"/loops/{demo['daniel']}/print").get_data(as_text=True)
    assert "<dt>Status</dt><dd>Cancelled</dd>" in printed
    assert "Daniel withdrew after accepting another offer." in printed

    packet = flat(all_text(recruiter.get(f"/loops/{demo['daniel']}/packet.pdf").data))
    assert "Cancelled" in packet
    assert "Daniel withdrew after accepting another offer." in packet

    listing = recruiter.get("/loops/?status=cancelled").get_data(as_text=True)
    assert "Daniel Okafor" in listing


def test_the_print_view_names_the_level_of_hire_at_another_level(app, demo):  # noqa: F811
    manager = client_for(app, demo["manager"])
    manager.post(f"/loops/{demo['zoe']}/decision", data={
        "decision": "hire_other_level", "level": "mid",
        "reason": "Strong design and coding; no incident ownership yet."})
    printed = manager.get(f"/loops/{demo['zoe']}/print").get_data(as_text=True)
    assert "Hire at another level: mid-level" in printed
    # The level signal says what it rests on, on every surface.
    assert "Evidence points to mid-level, not senior, from 5 of 5 scorecards." in printed
    packet = flat(all_text(manager.get(f"/loops/{demo['zoe']}/packet.pdf").data))
    assert "from 5 of 5 scorecards" in packet


def test_an_empty_decision_rerenders_with_errors_first_and_a_reload_is_no_405(app, demo):  # noqa: F811
    manager = client_for(app, demo["manager"])
    response = manager.post(f"/loops/{demo['zoe']}/decision", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    # The form posts back to its own section, and the errors lead it, linked to their fields.
    assert f'action="/loops/{demo["zoe"]}/decision#decision-h"' in page
    summary = page[page.index('id="decision-errors"'):]
    summary = summary[:summary.index("</ul>")]
    assert summary.index('href="#decision-hire"') < summary.index('href="#reason"')
    assert 'id="decision-errors-top"' in page
    assert page.index('id="decision-errors"') < page.index('class="decision-group"')
    reload = manager.get(f"/loops/{demo['zoe']}/decision")
    assert reload.status_code == 302
    assert reload.headers["Location"].endswith(f"/loops/{demo['zoe']}/debrief#decision-h")
    # Someone who may not read the debrief gets no redirect to it.
    with app.app_context():
        someone = db.session.execute(db.select(User.id).where(
            User.role == "interviewer")).scalars().first()
    assert client_for(app, someone).get(
        f"/loops/{demo['zoe']}/decision").status_code in (403, 404)


def test_expand_and_collapse_all_evidence_is_remembered_per_user(app, demo):  # noqa: F811
    manager = client_for(app, demo["manager"])
    url = f"/loops/{demo['zoe']}/debrief"
    closed = manager.get(url).get_data(as_text=True)
    assert closed.count('<details class="evidence-details">') >= 17
    assert '<details class="evidence-details" open>' not in closed
    assert f'href="{url}?evidence=open#matrix-h"' in closed

    opened = manager.get(f"{url}?evidence=open")
    assert f"ik_evidence_{demo['manager']}=open" in opened.headers["Set-Cookie"]
    assert "HttpOnly" in opened.headers["Set-Cookie"]
    text = opened.get_data(as_text=True)
    assert '<details class="evidence-details">' not in text
    assert text.count('<details class="evidence-details" open>') >= 17
    # Remembered on the next visit, for this user only.
    again = manager.get(url).get_data(as_text=True)
    assert '<details class="evidence-details">' not in again
    recruiter = client_for(app, demo["recruiter"], client=manager)
    assert '<details class="evidence-details" open>' not in recruiter.get(url).get_data(
        as_text=True)
    manager = client_for(app, demo["manager"], client=manager)
    manager.get(f"{url}?evidence=closed")
    assert '<details class="evidence-details" open>' not in manager.get(url).get_data(
        as_text=True)
    # A made-up value changes nothing and sets nothing.
    odd = manager.get(f"{url}?evidence=<script>")
    assert odd.status_code == 200
    assert "ik_evidence" not in odd.headers.get("Set-Cookie", "")


def test_the_packet_button_on_follow_ups_does_not_look_disabled(app, demo):  # noqa: F811
    page = client_for(app, demo["recruiter"]).get("/follow-ups/").get_data(as_text=True)
    assert f'class="btn btn-outline-primary" href="/loops/{demo["zoe"]}/packet.pdf"' in page
    assert not re.search(r'btn-outline-secondary" href="/loops/\d+/packet\.pdf', page)
