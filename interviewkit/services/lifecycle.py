"""Keep a loop's stored status in step with its rounds and scorecards."""

from __future__ import annotations

from ..domain.lifecycle import RoundState, loop_status
from ..models import Loop, utcnow


def refresh_status(loop: Loop) -> str:
    """Recompute and store the loop's status; return it."""
    states = []
    for loop_round in loop.rounds:
        interviewer_ids = {u.id for u in loop_round.interviewers}
        cards = [c for c in loop_round.scorecards if c.interviewer_id in interviewer_ids]
        states.append(RoundState(
            scheduled_at=loop_round.scheduled_at,
            interviewers=len(interviewer_ids),
            submitted=sum(1 for c in cards if c.status == "submitted"),
            started=len(cards)))
    loop.status = loop_status(loop.published_at is not None, loop.decision is not None, states,
                              utcnow())
    return loop.status
