"""Which invites a change sends: drafts none, repeats none, removals CANCEL, muting respected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from interviewkit.extensions import db
from interviewkit.models import CalendarEvent, OutboxMessage
from interviewkit.services.calendar import sync_loop_invites
from interviewkit.services.reminders import queue_debrief_ready
from tests.factories import UserFactory
from tests.web._scoring import published_loop, submitted_card


def all_submitted(loop):
    """Submit every panelist's scorecard, so the loop's status is awaiting debrief."""
    for loop_round in loop.rounds:
        for person in loop_round.interviewers:
            submitted_card(loop_round, person)
    db.session.flush()
    db.session.expire(loop)
    assert loop.status == "awaiting_debrief"

pytestmark = pytest.mark.db


def queued(kind=None):
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.execute(query).scalars().all()


def test_invites_go_once_and_changes_go_to_those_affected(session):
    ana, ben = UserFactory(name="Ana Ortiz"), UserFactory(name="Ben Bauer")
    loop = published_loop(panel={"screen": [ana]})
    loop.published_at = None  # a draft
    assert sync_loop_invites(loop) == 0  # a draft invites nobody
    loop.published_at = loop.created_at
    assert sync_loop_invites(loop) == 4
    assert sync_loop_invites(loop) == 0  # nothing changed, nothing sent
    screen = loop.round("screen")
    screen.interviewers = [ana, ben]
    assert sync_loop_invites(loop) == 2  # Ana's attendee list changed; Ben is new
    ana_update = queued()[-2:]
    assert {m.user_id for m in ana_update} == {ana.id, ben.id}
    screen.interviewers = [ben]
    assert sync_loop_invites(loop) == 2  # Ana: CANCEL; Ben: the panel changed
    cancel = next(m for m in queued()[-2:] if m.user_id == ana.id)
    assert cancel.kind == "invite_cancel" and cancel.calendar_method == "CANCEL"
    event = next(iter(Calendar.from_ical(cancel.calendar).walk("VEVENT")))
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    screen.interviewers = [ana, ben]
    assert sync_loop_invites(loop) == 2
    back = next(m for m in queued()[-2:] if m.user_id == ana.id)
    assert back.calendar_method == "REQUEST"
    state = session.get(CalendarEvent, (screen.id, ana.id))
    assert state.sequence == 3 and not state.cancelled


def test_a_person_who_turned_invites_off_gets_none_but_the_feed_still_knows(session):
    quiet = UserFactory(name="Quinn Quiet", muted_messages=["invites"])
    loop = published_loop(panel={"screen": [quiet]})
    assert sync_loop_invites(loop) == 3
    assert quiet.id not in {m.user_id for m in queued()}
    assert session.get(CalendarEvent, (loop.round("screen").id, quiet.id)) is not None


def test_debrief_ready_goes_once_and_not_to_a_manager_who_turned_it_off(session):
    loop = published_loop()
    assert queue_debrief_ready(loop) is None  # scorecards still owed
    all_submitted(loop)
    assert queue_debrief_ready(loop) is not None
    assert queue_debrief_ready(loop) is None
    assert len(queued("debrief_ready")) == 1
    quiet_owner = UserFactory(role="hiring_manager", muted_messages=["debrief_ready"])
    other = published_loop(owner=quiet_owner)
    all_submitted(other)
    assert queue_debrief_ready(other) is None


def test_reminders_skip_deactivated_people_and_stop_at_the_limit(app, session):
    from datetime import timedelta

    from interviewkit.models import utcnow
    from interviewkit.services.reminders import queue_due_reminders

    app.config["REMINDER_LIMIT"] = 2
    ana, gone = UserFactory(name="Ana Ortiz"), UserFactory(name="Gone Away", active=False)
    loop = published_loop(panel={"screen": [ana], "system_design": [gone]},
                          hours_from_now=-100)
    others = {loop.round("coding").interviewers[0].id, loop.round("deep_dive").interviewers[0].id}
    session.commit()
    now = utcnow()
    assert queue_due_reminders(now) == 3
    assert {m.user_id for m in queued("reminder")} == {ana.id, *others}
    assert queue_due_reminders(now + timedelta(days=6)) == 3
    assert queue_due_reminders(now + timedelta(days=20)) == 0  # two each: the limit
    assert len(queued("reminder")) == 6


def test_cancelling_a_loop_withdraws_every_invite_and_stops_the_chasing(session):
    """A cancelled loop sends each interviewer a CANCEL, owes no scorecards (no reminders, no
    Remind now), leaves their calendar feed and no longer blocks their time."""
    from datetime import timedelta

    from interviewkit.services import loops as loop_service
    from interviewkit.services.calendar import feed_ics
    from interviewkit.services.reminders import owed_scorecards, queue_due_reminders
    from interviewkit.services.scheduling import existing_bookings

    ana = UserFactory(name="Ana Ortiz")
    owner = UserFactory(role="hiring_manager")
    loop = published_loop(owner=owner, panel={"screen": [ana]}, hours_from_now=-30)
    assert sync_loop_invites(loop) == 4
    screen = loop.round("screen")
    assert any(o.loop.id == loop.id for o in owed_scorecards())
    assert existing_bookings([ana.id])
    loop_service.cancel(loop, owner, "The candidate took another offer.")
    cancels = queued("invite_cancel")
    assert len(cancels) == 4 and all(m.calendar_method == "CANCEL" for m in cancels)
    ana_cancel = next(m for m in cancels if m.user_id == ana.id)
    event = next(iter(Calendar.from_ical(ana_cancel.calendar).walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert session.get(CalendarEvent, (screen.id, ana.id)).cancelled
    assert not any(o.loop.id == loop.id for o in owed_scorecards())
    before = len(queued("reminder"))
    assert queue_due_reminders(now=loop.created_at + timedelta(days=3)) == 0
    assert len(queued("reminder")) == before
    assert existing_bookings([ana.id]) == []
    assert "BEGIN:VEVENT" not in feed_ics(ana)
    assert sync_loop_invites(loop) == 0  # withdrawn once, never again
