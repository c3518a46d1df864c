"""Checks on a round's time before it is saved: in the past, and overlapping bookings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from ..domain import catalog
from ..domain.schedule import Booking, format_local, overlapping
from ..extensions import db
from ..models import Loop, LoopRound, User, loop_round_interviewers


def existing_bookings(user_ids: Iterable[int], exclude_round_id: int | None = None
                      ) -> list[Booking]:
    """Return the timed rounds these people sit on, in loops neither decided nor cancelled."""
    ids = sorted(set(user_ids))
    if not ids:
        return []
    rows = db.session.execute(
        sa.select(LoopRound.id, loop_round_interviewers.c.user_id, LoopRound.scheduled_at,
                  LoopRound.minutes, LoopRound.kind, Loop.candidate_name)
        .join(loop_round_interviewers, loop_round_interviewers.c.round_id == LoopRound.id)
        .join(Loop, LoopRound.loop_id == Loop.id)
        .where(loop_round_interviewers.c.user_id.in_(ids), LoopRound.scheduled_at.is_not(None),
               Loop.decision.is_(None), Loop.cancelled_at.is_(None))).all()
    return [Booking(rid, uid, at, minutes,
                    f"{catalog.name_of(catalog.ROUNDS, kind)} with {candidate}")
            for rid, uid, at, minutes, kind, candidate in rows if rid != exclude_round_id]


def overlap_warnings(loop_round: LoopRound, user_ids: Iterable[int], starts_at: datetime,
                     minutes: int, zone_name: str) -> list[str]:
    """Return one sentence per clash of a chosen interviewer with another round."""
    ids = sorted(set(user_ids))
    wanted = [Booking(loop_round.id, uid, starts_at, minutes) for uid in ids]
    clashes = overlapping(wanted, existing_bookings(ids, exclude_round_id=loop_round.id))
    if not clashes:
        return []
    names = dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())
    return [f"{names.get(new.user_id, 'Someone')} is already booked for the {old.label} at "
            f"{format_local(old.starts_at, zone_name)} ({old.minutes} min)."
            for new, old in clashes]
