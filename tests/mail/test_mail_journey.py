"""End to end over real SMTP: invites on publish, updates, cancels, reminders, nudges, debrief.

The app runs in the test client; mail goes through `outbox send` to an aiosmtpd server on
loopback. The clock is injected (``now=`` and a patched ``utcnow``), never slept.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from interviewkit.models import Loop, OutboxMessage
from interviewkit.services import outbox
from interviewkit.services.reminders import queue_due_reminders
from tests.conftest import make_app, sign_in
from tests.factories import UserFactory
from tests.mail.smtp_sink import SmtpServer, invite_of, text_of
from tests.web._scoring import complete_content

pytestmark = pytest.mark.db

INTAKE = {
    "candidate_name": "Grace Hopper", "candidate_email": "grace@example.net",
    "role_title": "Senior ML Engineer", "lane": "applied", "level": "senior", "domain": "",
    "deployment_target": "realtime_api",
    "screen": "45", "system_design": "60", "coding": "60", "deep_dive": "60",
}
SECRET = "SECRET-NOTE-7731"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mail_app(_migrated, tmp_path, smtp):
    from tests.conftest import _reset_to_shipped_content

    app = make_app(_migrated, tmp_path, SMTP_URL=smtp.url, BASE_URL="https://ik.example",
                   MAIL_FROM="interviewkit <ik@ik.example>")
    yield app
    _reset_to_shipped_content(app)


@pytest.fixture
def people(mail_app):
    with mail_app.app_context():
        made = {
            "manager": UserFactory(role="hiring_manager", name="Morgan Manager",
                                   time_zone="America/New_York"),
            "ana": UserFactory(name="Ana Ortiz", time_zone="Europe/Paris"),
            "ben": UserFactory(name="Ben Bauer"),  # no zone chosen: the organisation's (UTC)
            "recruiter": UserFactory(role="recruiter", name="Rita Recruiter"),
        }
        db.session.commit()
        for user in made.values():
            db.session.refresh(user)
            db.session.expunge(user)
    return made


def send(app, now=None):
    with app.app_context():
        return outbox.send_all(now=now)


def as_(app, person):
    client = app.test_client()
    sign_in(client, person)
    return client


def staff(client, loop_id, kind, people, local):
    return client.post(f"/loops/{loop_id}/rounds/{kind}/panel", data={
        f"{kind}-interviewers": [p.id for p in people], f"{kind}-scheduled_at": local})


def by_recipient(messages):
    found: dict[str, list] = {}
    for message in messages:
        found.setdefault(message["To"], []).append(message)
    return found


def only_event(message):
    calendar = invite_of(message)
    assert calendar is not None, "no text/calendar part"
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    return calendar, events[0]


def submit(app, person, round_id, notes=""):
    client = as_(app, person)
    body = complete_content(_kind(app, round_id), notes=notes or f"{SECRET} strong answer.")
    response = client.post(f"/interviews/rounds/{round_id}/scorecard/submit",
                           json={"version": 0, **body},
                           headers={"Accept": "application/json",
                                    "Idempotency-Key": f"submit-{round_id}-{person.id}"})
    assert response.status_code == 200, response.get_json()


def _kind(app, round_id):
    from interviewkit.models import LoopRound

    with app.app_context():
        return db.session.get(LoopRound, round_id).kind


def test_publish_update_cancel_remind_nudge_and_debrief_ready_over_smtp(
        mail_app, people, smtp, monkeypatch):
    app, ana, ben = mail_app, people["ana"], people["ben"]
    manager = as_(app, people["manager"])

    response = manager.post("/loops/new", data=INTAKE)
    loop_id = int(urlsplit(response.headers["Location"]).path.rsplit("/", 1)[1])
    # Times typed in the manager's zone (New York, EDT in May).
    for kind, who, local in (("screen", [ana], "2031-05-06T09:00"),
                             ("system_design", [ben], "2031-05-06T11:00"),
                             ("coding", [ana], "2031-05-06T13:00"),
                             ("deep_dive", [ben], "2031-05-06T15:00")):
        saved = staff(manager, loop_id, kind, who, local)
        assert urlsplit(saved.headers["Location"]).path == f"/loops/{loop_id}", \
            saved.get_data(as_text=True)[:500]
    with app.app_context():
        loop = db.session.get(Loop, loop_id)
        rounds = {r.kind: r.id for r in loop.rounds}
        assert loop.round("screen").scheduled_at == utc("2031-05-06T13:00")
    assert send(app).sent == 0, "a draft sends no invites"

    # Publish: every interviewer gets one invite per round, parsing back right.
    manager.post(f"/loops/{loop_id}/publish")
    assert send(app).sent == 4
    received = by_recipient(smtp.sink.take())
    assert sorted(received) == sorted([ana.email, ben.email])
    expected = {ana.email: {"2031-05-06T13:00", "2031-05-06T17:00"},
                ben.email: {"2031-05-06T15:00", "2031-05-06T19:00"}}
    uids = {}
    for email, messages in received.items():
        starts = set()
        for message in messages:
            calendar, event = only_event(message)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert int(event["SEQUENCE"]) == 0
            start = event.decoded("DTSTART")
            assert start.tzinfo is not None
            starts.add(start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))
            attendees = event.get("ATTENDEE")
            attendees = attendees if isinstance(attendees, list) else [attendees]
            assert [str(a).lower() for a in attendees] == [f"mailto:{email}"]
            assert str(event["ORGANIZER"]).lower() == f"mailto:{people['manager'].email}"
            assert "Grace Hopper" in str(event["SUMMARY"])
            assert re.search(r"https://ik\.example/interviews/rounds/\d+", str(event["URL"]))
            uids[(email, start)] = str(event["UID"])
        assert starts == expected[email]
    ana_text = text_of(received[ana.email][0]) + text_of(received[ana.email][1])
    assert "15:00 CEST" in ana_text  # Ana reads the 09:00 New York screen in Paris time

    # Moving one round sends one update, to the people on it, with a higher SEQUENCE.
    moved = staff(manager, loop_id, "system_design", [ben], "2031-05-06T12:00")
    assert urlsplit(moved.headers["Location"]).path == f"/loops/{loop_id}"
    assert send(app).sent == 1
    (update,) = smtp.sink.take()
    assert update["To"] == ben.email and update["Subject"].startswith("Time changed")
    calendar, event = only_event(update)
    assert str(calendar["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").astimezone(UTC) == utc("2031-05-06T16:00").replace(
        tzinfo=UTC)
    assert str(event["UID"]) == uids[(ben.email, utc("2031-05-06T15:00").replace(tzinfo=UTC))]

    # Swapping the deep dive's panel: Ben gets a CANCEL, Ana a new invite.
    staff(manager, loop_id, "deep_dive", [ana], "2031-05-06T15:00")
    assert send(app).sent == 2
    swapped = by_recipient(smtp.sink.take())
    calendar, event = only_event(swapped[ben.email][0])
    assert str(calendar["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == uids[(ben.email, utc("2031-05-06T19:00").replace(tzinfo=UTC))]
    calendar, event = only_event(swapped[ana.email][0])
    assert str(calendar["METHOD"]) == "REQUEST"

    # The clock moves past the screen's end (13:45Z) by an hour: one reminder, once.
    after_screen = utc("2031-05-06T14:46")
    with app.app_context():
        assert queue_due_reminders(after_screen) == 1
        assert queue_due_reminders(after_screen) == 0  # safe to run twice
    assert send(app, after_screen).sent == 1
    (reminder,) = smtp.sink.take()
    assert reminder["To"] == ana.email and reminder["Subject"].startswith("Scorecard owed")
    assert f"https://ik.example/interviews/rounds/{rounds['screen']}/scorecard" in \
        text_of(reminder)

    # Ana submits: the screen is never chased again, even a business day later.
    submit(app, ana, rounds["screen"])
    next_day = utc("2031-05-07T15:00")
    with app.app_context():
        queue_due_reminders(next_day)
        screen_reminders = db.session.execute(sa.select(sa.func.count()).where(
            OutboxMessage.kind == "reminder",
            OutboxMessage.round_id == rounds["screen"])).scalar_one()
        assert screen_reminders == 1
    send(app, next_day)
    later = smtp.sink.take()
    assert {m["To"] for m in later} == {ana.email, ben.email}  # the other three rounds
    assert all("Grace Hopper" in m["Subject"] for m in later)

    # "Remind now" from the follow-ups page, two hours later, sends exactly one message.
    nudge_time = next_day + timedelta(hours=2)
    monkeypatch.setattr("interviewkit.services.reminders.utcnow", lambda: nudge_time)
    monkeypatch.setattr("interviewkit.web.recruiting.views.utcnow", lambda: nudge_time)
    recruiter = as_(app, people["recruiter"])
    page = recruiter.get("/follow-ups/").get_data(as_text=True)
    overdue = page[page.index('id="stage-overdue-h"'):page.index("</section>",
                                                                 page.index("stage-overdue-h"))]
    assert "Ben Bauer" in overdue and "last reminded" in overdue
    form = {"round_id": rounds["system_design"], "user_id": ben.id}
    first = recruiter.post("/follow-ups/remind", data=form, follow_redirects=True)
    assert "Reminder on its way" in first.get_data(as_text=True)
    second = recruiter.post("/follow-ups/remind", data=form, follow_redirects=True)
    assert "was reminded less than 10 minutes ago" in second.get_data(as_text=True)
    assert send(app, nudge_time).sent == 1
    (nudge,) = smtp.sink.take()
    assert nudge["To"] == ben.email and "Rita Recruiter asked us to remind you" in text_of(nudge)

    # Every scorecard in: the hiring manager gets one message, and only one.
    submit(app, ana, rounds["coding"])
    submit(app, ana, rounds["deep_dive"])
    assert send(app, nudge_time).sent == 0
    submit(app, ben, rounds["system_design"])
    with app.app_context():
        assert queue_due_reminders(next_day + timedelta(days=1)) == 0
    assert send(app, next_day + timedelta(days=1)).sent == 1
    (ready,) = smtp.sink.take()
    assert ready["To"] == people["manager"].email
    assert ready["Subject"] == "Debrief ready: Grace Hopper"
    assert f"https://ik.example/loops/{loop_id}/debrief" in text_of(ready)

    # Nothing sensitive went out in any message or invite.
    with app.app_context():
        everything = db.session.execute(sa.select(OutboxMessage)).scalars().all()
        assert everything and all(m.status == "sent" for m in everything)
        for m in everything:
            for text in (m.subject, m.body, m.calendar or ""):
                assert SECRET not in text
                assert "rating" not in text.lower() and "flag" not in text.lower()
