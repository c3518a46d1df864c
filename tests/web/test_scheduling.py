"""Times entered and shown in the viewer's zone, past dates refused, overlaps warned; profile
page, first-sign-in proposal and the private calendar feed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from interviewkit.extensions import db
from interviewkit.models import Loop, OutboxMessage, User, utcnow
from interviewkit.services import loops
from interviewkit.services.loops import LoopIntake
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db


@pytest.fixture
def world(app):
    with app.app_context():
        manager = UserFactory(role="hiring_manager", name="Morgan Manager",
                              time_zone="America/New_York")
        ines = UserFactory(name="Ines Interviewer", time_zone="Europe/Paris")
        loop = loops.create_draft_loop(manager, LoopIntake(
            "Alan Turing", "alan@example.net", "ML Engineer", "research", "mid"))
        db.session.commit()
        ids = {"manager": manager.id, "ines": ines.id, "loop": loop.id}
    return ids


def get_user(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def client_for(app, user_id):
    client = app.test_client()
    sign_in(client, get_user(app, user_id))
    return client


def panel(client, loop_id, kind, people, local, **extra):
    return client.post(f"/loops/{loop_id}/rounds/{kind}/panel", data={
        f"{kind}-interviewers": people, f"{kind}-scheduled_at": local,
        **{f"{kind}-{k}": v for k, v in extra.items()}})


def test_a_time_typed_in_new_york_is_stored_in_utc_and_shown_in_each_viewers_zone(app, world):
    manager = client_for(app, world["manager"])
    saved = panel(manager, world["loop"], "screen", [world["ines"]], "2031-01-14T10:00")
    assert urlsplit(saved.headers["Location"]).path == f"/loops/{world['loop']}"
    with app.app_context():
        stored = db.session.get(Loop, world["loop"]).round("screen").scheduled_at
    assert stored == datetime(2031, 1, 14, 15, 0)
    page = manager.get(f"/loops/{world['loop']}").get_data(as_text=True)
    assert 'value="2031-01-14T10:00"' in page  # the form shows it back as typed
    assert "Date and time (America/New_York)" in page
    assert "Tue 14 Jan 2031, 10:00 EST" in page
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        for hours, loop_round in enumerate(loop.rounds[1:], start=2):
            loop_round.interviewers = [UserFactory()]
            loop_round.scheduled_at = stored + timedelta(hours=hours)
        loops.publish(loop, db.session.get(User, world["manager"]))
        db.session.commit()
    mine = client_for(app, world["ines"]).get("/interviews/").get_data(as_text=True)
    assert "Tue 14 Jan 2031, 16:00 CET" in mine


def test_a_date_in_the_past_is_refused_at_the_field_and_nothing_is_saved(app, world):
    manager = client_for(app, world["manager"])
    response = panel(manager, world["loop"], "screen", [world["ines"]], "2020-01-01T09:00")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wed 01 Jan 2020, 09:00 EST is in the past" in page
    with app.app_context():
        assert db.session.get(Loop, world["loop"]).round("screen").scheduled_at is None


def test_a_time_skipped_by_daylight_saving_is_refused(app, world):
    manager = client_for(app, world["manager"])
    page = panel(manager, world["loop"], "screen", [world["ines"]],
                 "2031-03-09T02:30").get_data(as_text=True)
    assert "does not exist in America/New_York" in page


def test_an_unchanged_past_time_can_keep_its_panel_edited(app, world):
    with app.app_context():
        loop = published_loop(hours_from_now=-30)
        manager_id = loop.owner_id
        db.session.get(User, manager_id).time_zone = "UTC"
        loop_round = loop.round("screen")
        when = loop_round.scheduled_at.strftime("%Y-%m-%dT%H:%M")
        loop_round.scheduled_at = loop_round.scheduled_at.replace(second=0, microsecond=0)
        other = UserFactory(name="Zed Zimmer")
        db.session.commit()
        ids = (loop.id, other.id, [u.id for u in loop_round.interviewers])
    manager = client_for(app, manager_id)
    saved = panel(manager, ids[0], "screen", ids[2] + [ids[1]], when)
    assert urlsplit(saved.headers["Location"]).path == f"/loops/{ids[0]}"


def test_an_overlapping_booking_is_warned_about_and_saved_only_when_confirmed(app, world):
    with app.app_context():
        other = published_loop(panel={"coding": [db.session.get(User, world["ines"])]},
                               hours_from_now=24 * 400, candidate_name="Ada Lovelace")
        coding = other.round("coding")
        coding.scheduled_at = datetime(2031, 1, 14, 15, 30)  # 10:30 in New York, 60 min
        db.session.commit()
    manager = client_for(app, world["manager"])
    warned = panel(manager, world["loop"], "screen", [world["ines"]], "2031-01-14T10:00")
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert ("Ines Interviewer is already booked for the Production-style coding with Ada "
            "Lovelace at Tue 14 Jan 2031, 10:30 EST (60 min).") in page
    assert "Save anyway" in page
    with app.app_context():
        assert db.session.get(Loop, world["loop"]).round("screen").scheduled_at is None
    confirmed = panel(manager, world["loop"], "screen", [world["ines"]], "2031-01-14T10:00",
                      confirm_overlap="y")
    assert urlsplit(confirmed.headers["Location"]).path == f"/loops/{world['loop']}"
    # Back to back is not an overlap.
    fine = panel(manager, world["loop"], "coding", [world["ines"]], "2031-01-14T11:30")
    assert urlsplit(fine.headers["Location"]).path == f"/loops/{world['loop']}"


def test_profile_sets_the_zone_and_optional_messages_and_refuses_unknown_zones(app, world):
    client = client_for(app, world["ines"])
    page = client.get("/profile/").get_data(as_text=True)
    assert '<option selected value="Europe/Paris">' in page
    bad = client.post("/profile/", data={"time_zone": "Mars/Olympus", "invites": "y"})
    assert "Choose a time zone from the list" in bad.get_data(as_text=True)
    client.post("/profile/", data={"time_zone": "Asia/Tokyo", "debrief_ready": "y"})
    with app.app_context():
        ines = db.session.get(User, world["ines"])
        assert ines.time_zone == "Asia/Tokyo" and ines.muted_messages == ["invites"]


def test_first_sign_in_proposes_the_browsers_zone_on_the_home_page_only(app, world):
    with app.app_context():
        fresh = UserFactory(name="Nia New")
        db.session.commit()
        fresh_id = fresh.id
    client = client_for(app, fresh_id)
    home = client.get("/interviews/").get_data(as_text=True)
    assert 'id="zone-proposal"' in home and "js/zone_proposal.js" in home
    done = client.post("/profile/time-zone", data={"zone": "America/Chicago",
                                                   "next": "/interviews/"})
    assert urlsplit(done.headers["Location"]).path == "/interviews/"
    assert 'id="zone-proposal"' not in client.get("/interviews/").get_data(as_text=True)
    evil = client.post("/profile/time-zone", data={"zone": "UTC", "next": "//evil.example/"})
    assert urlsplit(evil.headers["Location"]).netloc in ("", "localhost")
    bad = client.post("/profile/time-zone", data={"zone": "Nowhere/Land"})
    assert urlsplit(bad.headers["Location"]).path == "/profile/"
    with app.app_context():
        assert db.session.get(User, fresh_id).time_zone == "UTC"


def test_the_calendar_feed_lists_my_rounds_until_revoked(app, world):
    with app.app_context():
        ines = db.session.get(User, world["ines"])
        loop = published_loop(panel={"screen": [ines]}, candidate_name="Ada Lovelace")
        loop.round("screen").interviewers[0].time_zone = "Europe/Paris"
        db.session.commit()
        screen_at = loop.round("screen").scheduled_at
    client = client_for(app, world["ines"])
    client.post("/profile/calendar-feed", data={"action": "new"})
    page = client.get("/profile/").get_data(as_text=True)
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1)
    path = urlsplit(url).path
    anonymous = app.test_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = list(Calendar.from_ical(feed.data).walk("VEVENT"))
    assert len(events) == 1
    assert "Ada Lovelace" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART").replace(tzinfo=None) == screen_at.replace(
        microsecond=0)
    client.post("/profile/calendar-feed", data={"action": "new"})
    assert anonymous.get(path).status_code == 404  # the old address stops working
    client.post("/profile/calendar-feed", data={"action": "off"})
    assert anonymous.get("/calendar/" + "x" * 40 + ".ics").status_code == 404
    with app.app_context():
        assert db.session.get(User, world["ines"]).calendar_token is None


def test_remind_now_is_for_recruiters_and_only_for_happened_interviews(app, world):
    with app.app_context():
        ines = db.session.get(User, world["ines"])
        loop = published_loop(panel={"screen": [ines], "coding": [ines]}, hours_from_now=-3)
        loop.round("coding").scheduled_at = utcnow() + timedelta(days=2)
        recruiter = UserFactory(role="recruiter")
        db.session.commit()
        ids = (loop.round("screen").id, loop.round("coding").id, recruiter.id)
    manager = client_for(app, world["manager"])
    form = {"round_id": ids[0], "user_id": world["ines"]}
    assert manager.post("/follow-ups/remind", data=form).status_code == 404
    recruiter = client_for(app, ids[2])
    early = recruiter.post("/follow-ups/remind", data={"round_id": ids[1],
                                                        "user_id": world["ines"]},
                           follow_redirects=True)
    assert "interview has not happened yet" in early.get_data(as_text=True)
    assert recruiter.post("/follow-ups/remind", data={"round_id": "x", "user_id": "1"}
                          ).status_code == 400
    recruiter.post("/follow-ups/remind", data=form)
    with app.app_context():
        sent = db.session.execute(sa.select(OutboxMessage)).scalars().all()
        assert [(m.kind, m.user_id, m.round_id) for m in sent] == [
            ("nudge", world["ines"], ids[0])]


def test_the_demo_mailbox_shows_only_my_messages_and_only_in_the_demo(app, world):
    from interviewkit.services import outbox

    with app.app_context():
        ines = db.session.get(User, world["ines"])
        outbox.enqueue(kind="test", to=ines, subject="For Ines", body="Hello Ines.")
        outbox.enqueue(kind="test", to="someone@example.com", subject="For someone else",
                       body="Hello.")
        db.session.commit()
    client = client_for(app, world["ines"])
    assert client.get("/profile/mail").status_code == 404
    app.config["DEMO"] = True
    page = client.get("/profile/mail").get_data(as_text=True)
    assert "For Ines" in page and "waiting to send" in page
    assert "For someone else" not in page
