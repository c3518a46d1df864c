"""Calendar invites for rounds (iCalendar REQUEST / CANCEL by mail) and private feeds.

An invite carries the candidate's name, the round, its time, the panel and a link to the
kit, which needs a signed-in session: never notes, ratings, flags or other scorecards.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from icalendar import Calendar, Event, vCalAddress, vText

from ..domain import catalog
from ..domain.schedule import format_local
from ..extensions import db
from ..models import CalendarEvent, Loop, LoopRound, User, loop_round_interviewers, utcnow
from . import outbox
from .links import external_url
from .time_zones import zone_of

PRODID = "-//interviewkit//interview rounds//EN"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def round_summary(loop_round: LoopRound) -> str:
    return (f"Interview: {loop_round.loop.candidate_name} — "
            f"{catalog.name_of(catalog.ROUNDS, loop_round.kind)}")


def _event(loop_round: LoopRound, uid: str, sequence: int, starts_at: datetime, minutes: int,
           attendees: list[User], cancelled: bool, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", _aware(now))
    event.add("dtstart", _aware(starts_at))
    event.add("dtend", _aware(starts_at + timedelta(minutes=minutes)))
    event.add("summary", round_summary(loop_round))
    kit = external_url("interviews.kit", round_id=loop_round.id)
    event.add("description", f"{loop_round.loop.role_title}, "
                             f"{catalog.name_of(catalog.LEVELS, loop_round.loop.level)} level. "
                             f"Interview kit and scorecard (sign in): {kit}")
    event.add("url", kit)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    owner = loop_round.loop.owner
    organizer = vCalAddress(f"mailto:{owner.email}")
    organizer.params["cn"] = vText(owner.name)
    event.add("organizer", organizer)
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    return event


def invite_ics(method: str, events: list[Event]) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode()


def event_uid(loop_round: LoopRound, user_id: int) -> str:
    return f"round-{loop_round.id}-user-{user_id}-{secrets.token_hex(4)}@interviewkit"


def sync_loop_invites(loop: Loop, now: datetime | None = None) -> int:
    """Queue what each interviewer's calendar needs after a publish or a panel/time change.

    New places get a REQUEST; a changed time, length or panel an update (same UID, higher
    SEQUENCE) to the people still on the round; someone taken off, or a round left without a
    time, a CANCEL; a cancelled loop, a CANCEL to everyone. Drafts send nothing. Returns how
    many messages were queued.
    """
    if loop.published_at is None:
        return 0
    now = now or utcnow()
    queued = 0
    sent = {(e.round_id, e.user_id): e for e in db.session.execute(
        sa.select(CalendarEvent).where(CalendarEvent.round_id.in_([r.id for r in loop.rounds]))
    ).scalars()}
    for loop_round in loop.rounds:
        on_calendar = loop_round.scheduled_at is not None and loop.cancelled_at is None
        panel = list(loop_round.interviewers) if on_calendar else []
        panel_ids = sorted(u.id for u in panel)
        for person in panel:
            state = sent.get((loop_round.id, person.id))
            if state is None:
                state = CalendarEvent(round_id=loop_round.id, user_id=person.id,
                                      uid=event_uid(loop_round, person.id), sequence=0,
                                      starts_at=loop_round.scheduled_at,
                                      minutes=loop_round.minutes, attendees=panel_ids,
                                      cancelled=False, updated_at=now)
                db.session.add(state)
                queued += _queue_invite(loop_round, person, state, panel, "new", now)
                continue
            changed = (state.cancelled or state.starts_at != loop_round.scheduled_at
                       or state.minutes != loop_round.minutes
                       or sorted(state.attendees or []) != panel_ids)
            if not changed:
                continue
            reason = "new" if state.cancelled else (
                "time" if (state.starts_at, state.minutes) != (loop_round.scheduled_at,
                                                                loop_round.minutes)
                else "panel")
            state.sequence += 1
            state.starts_at = loop_round.scheduled_at
            state.minutes = loop_round.minutes
            state.attendees = panel_ids
            state.cancelled = False
            state.updated_at = now
            queued += _queue_invite(loop_round, person, state, panel, reason, now)
        for (round_id, user_id), state in sent.items():
            if round_id != loop_round.id or user_id in panel_ids or state.cancelled:
                continue
            state.sequence += 1
            state.cancelled = True
            state.updated_at = now
            person = db.session.get(User, user_id)
            if person is not None:
                queued += _queue_cancel(loop_round, person, state, now)
    db.session.flush()
    return queued


def _muted(person: User) -> bool:
    return "invites" in (person.muted_messages or [])


def _queue_invite(loop_round: LoopRound, person: User, state: CalendarEvent,
                  panel: list[User], reason: str, now: datetime) -> int:
    if _muted(person) or not person.active:
        return 0
    event = _event(loop_round, state.uid, state.sequence, state.starts_at, state.minutes,
                   panel, False, now)
    when = format_local(state.starts_at, zone_of(person))
    round_name = catalog.name_of(catalog.ROUNDS, loop_round.kind)
    candidate = loop_round.loop.candidate_name
    heading = {"new": "Invitation", "time": "Time changed", "panel": "Panel changed"}[reason]
    others = [u.name for u in panel if u.id != person.id]
    lines = [
        f"Hello {person.name},",
        "",
        {"new": f"You are on the panel for {candidate}'s {round_name} round.",
         "time": f"The {round_name} round with {candidate} has moved.",
         "panel": f"The panel for {candidate}'s {round_name} round has changed."}[reason],
        "",
        f"When: {when} ({state.minutes} min)",
        f"Panel: {', '.join([person.name, *others])}",
        f"Kit and scorecard: {external_url('interviews.kit', round_id=loop_round.id)}",
        "",
        "The link asks you to sign in. The calendar invite is attached.",
    ]
    outbox.enqueue(kind="invite", to=person, round_id=loop_round.id,
                   subject=f"{heading}: {candidate} — {round_name}, {when}",
                   body="\n".join(lines), calendar=invite_ics("REQUEST", [event]),
                   calendar_method="REQUEST", now=now)
    return 1


def _queue_cancel(loop_round: LoopRound, person: User, state: CalendarEvent,
                  now: datetime) -> int:
    if _muted(person) or not person.active:
        return 0
    event = _event(loop_round, state.uid, state.sequence, state.starts_at, state.minutes,
                   [person], True, now)
    round_name = catalog.name_of(catalog.ROUNDS, loop_round.kind)
    candidate = loop_round.loop.candidate_name
    when = format_local(state.starts_at, zone_of(person))
    body = "\n".join([
        f"Hello {person.name},", "",
        f"You are no longer needed for {candidate}'s {round_name} round ({when}).",
        "The attached update removes it from your calendar.",
    ])
    outbox.enqueue(kind="invite_cancel", to=person, round_id=loop_round.id,
                   subject=f"Cancelled: {candidate} — {round_name}, {when}", body=body,
                   calendar=invite_ics("CANCEL", [event]), calendar_method="CANCEL", now=now)
    return 1


# --- the private feed -------------------------------------------------------------------------

def new_feed_token(user: User) -> str:
    """Give the person a new feed address; the old one stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    return user.calendar_token


def revoke_feed(user: User) -> None:
    user.calendar_token = None


def user_for_feed(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    user = db.session.execute(sa.select(User).where(User.calendar_token == token)).scalar()
    if user is None or not user.active or not secrets.compare_digest(user.calendar_token,
                                                                     token):
        return None
    return user


def feed_ics(user: User, now: datetime | None = None) -> str:
    """Return the person's rounds (published, neither decided nor cancelled, from 30 days
    back) as a calendar."""
    now = now or utcnow()
    rounds = db.session.execute(
        sa.select(LoopRound).join(loop_round_interviewers,
                                  loop_round_interviewers.c.round_id == LoopRound.id)
        .join(Loop, LoopRound.loop_id == Loop.id)
        .where(loop_round_interviewers.c.user_id == user.id,
               Loop.published_at.is_not(None), Loop.decision.is_(None),
               Loop.cancelled_at.is_(None), LoopRound.scheduled_at.is_not(None),
               LoopRound.scheduled_at >= now - timedelta(days=30))
        .options(so.selectinload(LoopRound.interviewers),
                 so.joinedload(LoopRound.loop).joinedload(Loop.owner))
        .order_by(LoopRound.scheduled_at)).scalars().all()
    states = {e.round_id: e for e in db.session.execute(
        sa.select(CalendarEvent).where(CalendarEvent.user_id == user.id)).scalars()}
    events = []
    for loop_round in rounds:
        state = states.get(loop_round.id)
        # The feed uses the invite's UID, so a calendar holding both shows one event.
        uid = state.uid if state else f"round-{loop_round.id}-user-{user.id}@interviewkit"
        events.append(_event(loop_round, uid, state.sequence if state else 0,
                             loop_round.scheduled_at, loop_round.minutes,
                             list(loop_round.interviewers), False, now))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "interviewkit: my interviews")
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode()

