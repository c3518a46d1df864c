"""Where a loop stands, derived from the facts about it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

STATUS_NAMES = {
    "draft": "Draft",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "awaiting_debrief": "Awaiting debrief",
    "decided": "Decided",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class RoundState:
    scheduled_at: datetime | None
    interviewers: int
    submitted: int
    started: int  # scorecards in draft or submitted


def loop_status(published: bool, decided: bool, rounds: Sequence[RoundState],
                now: datetime, cancelled: bool = False) -> str:
    """Return the loop's status: draft, scheduled, in progress, awaiting debrief, decided or
    cancelled."""
    if cancelled:
        return "cancelled"
    if decided:
        return "decided"
    if not published:
        return "draft"
    expected = sum(r.interviewers for r in rounds)
    if expected and all(r.submitted >= r.interviewers for r in rounds):
        return "awaiting_debrief"
    begun = any(r.started for r in rounds) or any(
        r.scheduled_at is not None and r.scheduled_at <= now for r in rounds)
    return "in_progress" if begun else "scheduled"


def is_overdue(scheduled_at: datetime | None, submitted: bool, now: datetime) -> bool:
    """Return whether an interview took place and its scorecard is still owed."""
    return scheduled_at is not None and scheduled_at <= now and not submitted
