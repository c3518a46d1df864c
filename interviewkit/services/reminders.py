"""Chasing scorecards: who owes what and how late, reminders, nudges, and "debrief ready".

Overdue reminders are compulsory (nobody can turn them off); "debrief ready" is optional.
Messages name the candidate, the round and when it was; never notes, ratings or flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from ..domain import catalog
from ..domain.schedule import (
    format_local,
    next_reminder_at,
    owed_stage,
    reminder_due,
    scorecard_due,
)
from ..extensions import db
from ..models import Loop, LoopRound, OutboxMessage, User, utcnow
from . import outbox
from .links import external_url
from .time_zones import zone_of

REMINDER_KINDS = ("reminder", "nudge")
# Two "Remind now" taps this close together send one message.
NUDGE_COOLDOWN = timedelta(minutes=10)

# Messages a person may turn off, with the words the profile page uses.
OPTIONAL = {
    "invites": "Calendar invites and updates by email (your calendar feed still lists "
               "your rounds)",
    "debrief_ready": "A message when every scorecard of a loop you run is in",
}


@dataclass(frozen=True)
class Owed:
    """One scorecard one interviewer has not submitted."""

    loop: Loop
    loop_round: LoopRound
    interviewer: User
    state: str  # not_started | draft
    stage: str  # upcoming | due_soon | overdue | unscheduled
    due_at: datetime | None
    last_reminded: datetime | None
    reminders: int  # automatic reminders sent so far


def _reminder_history(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list]:
    """Return, per (round, interviewer), [times reminded (any kind), automatic count]."""
    pairs = list(pairs)
    history: dict[tuple[int, int], list] = {p: [[], 0] for p in pairs}
    if not pairs:
        return history
    round_ids = sorted({r for r, _ in pairs})
    rows = db.session.execute(
        sa.select(OutboxMessage.round_id, OutboxMessage.user_id, OutboxMessage.kind,
                  OutboxMessage.created_at)
        .where(OutboxMessage.kind.in_(REMINDER_KINDS), OutboxMessage.round_id.in_(round_ids)))
    for round_id, user_id, kind, at in rows:
        entry = history.get((round_id, user_id))
        if entry is None:
            continue
        entry[0].append(at)
        if kind == "reminder":
            entry[1] += 1
    return history


def owed_scorecards(now: datetime | None = None, loop_ids: Iterable[int] | None = None
                    ) -> list[Owed]:
    """Return every owed scorecard of published loops neither decided nor cancelled, most
    overdue first."""
    now = now or utcnow()
    query = (sa.select(Loop).where(Loop.published_at.is_not(None), Loop.decision.is_(None),
                                   Loop.cancelled_at.is_(None))
             .options(so.selectinload(Loop.rounds).selectinload(LoopRound.interviewers),
                      so.selectinload(Loop.rounds).selectinload(LoopRound.scorecards),
                      so.selectinload(Loop.owner)))
    if loop_ids is not None:
        query = query.where(Loop.id.in_(list(loop_ids)))
    loops = db.session.execute(query).scalars().all()
    found = []
    for loop in loops:
        for loop_round in loop.rounds:
            cards = {c.interviewer_id: c for c in loop_round.scorecards}
            for person in loop_round.interviewers:
                card = cards.get(person.id)
                if card is not None and card.status == "submitted":
                    continue
                found.append((loop, loop_round, person, card.status if card else "not_started"))
    history = _reminder_history((r.id, p.id) for _, r, p, _ in found)
    owed = []
    for loop, loop_round, person, state in found:
        times, automatic = history[(loop_round.id, person.id)]
        starts = loop_round.scheduled_at
        owed.append(Owed(loop, loop_round, person, state,
                         owed_stage(starts, loop_round.minutes, now),
                         scorecard_due(starts, loop_round.minutes) if starts else None,
                         max(times) if times else None, automatic))
    far = datetime.max
    owed.sort(key=lambda o: (o.due_at or far, o.loop.id, o.loop_round.position,
                             o.interviewer.name))
    return owed


def _when(loop_round: LoopRound, person: User) -> str:
    return format_local(loop_round.scheduled_at, zone_of(person))


def _reminder_text(owed: Owed, manual_by: User | None) -> tuple[str, str]:
    loop_round, person = owed.loop_round, owed.interviewer
    round_name = catalog.name_of(catalog.ROUNDS, loop_round.kind)
    candidate = owed.loop.candidate_name
    link = external_url("interviews.scorecard", round_id=loop_round.id)
    opening = (f"{manual_by.name} asked us to remind you: your scorecard" if manual_by
               else "Your scorecard")
    subject = f"Scorecard owed: {candidate} — {round_name}"
    body = "\n".join([
        f"Hello {person.name},", "",
        f"{opening} for {candidate}'s {round_name} round ({_when(loop_round, person)}) "
        f"is not submitted yet. The hiring team cannot hold the debrief without it.", "",
        f"Open the scorecard (sign in): {link}", "",
        "Reminders for overdue scorecards cannot be switched off; they stop as soon as you "
        "submit.",
    ])
    return subject, body


def queue_due_reminders(now: datetime | None = None) -> int:
    """Queue every automatic reminder that is due now; safe to run twice or at once.

    Each reminder has a key (round, interviewer, number): a second run finds it queued.
    Commits each message on its own.
    """
    now = now or utcnow()
    limit = int(current_app.config.get("REMINDER_LIMIT") or 10)
    queued = 0
    for owed in owed_scorecards(now):
        if owed.stage != "overdue" or not owed.interviewer.active:
            continue  # a deactivated account reads no mail
        zone_name = zone_of(owed.interviewer)
        history = _reminder_history([(owed.loop_round.id, owed.interviewer.id)])
        times, automatic = history[(owed.loop_round.id, owed.interviewer.id)]
        if not reminder_due(owed.loop_round.scheduled_at, owed.loop_round.minutes, times,
                            automatic, limit, zone_name, now):
            continue
        subject, body = _reminder_text(owed, None)
        key = f"reminder:{owed.loop_round.id}:{owed.interviewer.id}:{automatic + 1}"
        if outbox.enqueue_once(key, kind="reminder", to=owed.interviewer, subject=subject,
                               body=body, round_id=owed.loop_round.id, now=now):
            queued += 1
    queued += queue_debrief_ready_sweep(now)
    return queued


class NudgeError(ValueError):
    """A "Remind now" that cannot be sent (nothing owed, or sent a moment ago)."""


def remind_now(loop_round: LoopRound, interviewer_id: int, by: User,
               now: datetime | None = None) -> OutboxMessage:
    """Queue one reminder now, at a recruiter's request; flushed with the request."""
    now = now or utcnow()
    owed = next((o for o in owed_scorecards(now, [loop_round.loop_id])
                 if o.loop_round.id == loop_round.id and o.interviewer.id == interviewer_id),
                None)
    if owed is None:
        raise NudgeError("Nothing to remind: that scorecard is submitted, or the person is no "
                         "longer on the round.")
    if owed.stage in ("upcoming", "unscheduled"):
        raise NudgeError(f"{owed.interviewer.name}'s interview has not happened yet.")
    if owed.last_reminded and now - owed.last_reminded < NUDGE_COOLDOWN:
        raise NudgeError(f"{owed.interviewer.name} was reminded less than "
                         f"{int(NUDGE_COOLDOWN.total_seconds() // 60)} minutes ago.")
    subject, body = _reminder_text(owed, by)
    return outbox.enqueue(kind="nudge", to=owed.interviewer, subject=subject, body=body,
                          round_id=loop_round.id, now=now)


# --- debrief ready ----------------------------------------------------------------------------

def _debrief_ready_message(loop: Loop) -> tuple[str, str]:
    link = external_url("debriefs.show", loop_id=loop.id)
    cards = sum(len(r.interviewers) for r in loop.rounds)
    subject = f"Debrief ready: {loop.candidate_name}"
    body = "\n".join([
        f"Hello {loop.owner.name},", "",
        f"All {cards} scorecards for {loop.candidate_name} ({loop.role_title}) are in. "
        f"The debrief is ready.", "",
        f"Open the debrief (sign in): {link}",
    ])
    return subject, body


def debrief_ready_key(loop: Loop) -> str:
    return f"debrief-ready:{loop.id}"


def queue_debrief_ready(loop: Loop, now: datetime | None = None) -> OutboxMessage | None:
    """In the request that completes a loop: queue its one "debrief ready" message."""
    if loop.status != "awaiting_debrief" or outbox.already_queued(debrief_ready_key(loop)):
        return None
    if "debrief_ready" in (loop.owner.muted_messages or []):
        return None
    subject, body = _debrief_ready_message(loop)
    return outbox.enqueue(kind="debrief_ready", to=loop.owner, subject=subject, body=body,
                          dedupe_key=debrief_ready_key(loop), now=now)


def queue_debrief_ready_sweep(now: datetime) -> int:
    """Catch any complete loop whose message was not queued at submit time."""
    loops = db.session.execute(
        sa.select(Loop).where(Loop.status == "awaiting_debrief", Loop.decision.is_(None))
        .options(so.selectinload(Loop.owner), so.selectinload(Loop.rounds)
                 .selectinload(LoopRound.interviewers))).scalars().all()
    queued = 0
    for loop in loops:
        if "debrief_ready" in (loop.owner.muted_messages or []):
            continue
        subject, body = _debrief_ready_message(loop)
        if outbox.enqueue_once(debrief_ready_key(loop), kind="debrief_ready", to=loop.owner,
                               subject=subject, body=body, now=now):
            queued += 1
    return queued


def next_reminder(owed: Owed) -> datetime | None:
    """Return when the next automatic reminder goes, for showing on the follow-ups page."""
    limit = int(current_app.config.get("REMINDER_LIMIT") or 10)
    if owed.loop_round.scheduled_at is None or owed.reminders >= limit:
        return None
    times = [owed.last_reminded] if owed.last_reminded else []
    return next_reminder_at(owed.loop_round.scheduled_at, owed.loop_round.minutes, times,
                            zone_of(owed.interviewer))
