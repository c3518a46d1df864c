"""A round's time as typed: the viewer's wall clock to UTC, refused in the past, clashes warned."""

from __future__ import annotations

from datetime import datetime

from ...domain.schedule import LocalTimeError, format_local, to_utc
from ...models import LoopRound, utcnow
from ...services.scheduling import overlap_warnings
from ..time_display import viewer_zone


def round_time(form, loop_round: LoopRound, now: datetime | None = None) -> datetime | None:
    """Return the UTC time to store, or None with the reason on the form's fields.

    A time unchanged from the one stored may be in the past (a panel changed after the
    interview); a new time may not. Overlapping bookings of a chosen interviewer need the
    "Save anyway" box ticked.
    """
    zone_name = viewer_zone()
    try:
        starts_at = to_utc(form.scheduled_at.data, zone_name)
    except LocalTimeError as error:
        form.scheduled_at.errors = [*form.scheduled_at.errors, str(error)]
        return None
    now = now or utcnow()
    if starts_at < now and starts_at != loop_round.scheduled_at:
        form.scheduled_at.errors = [
            *form.scheduled_at.errors,
            f"{format_local(starts_at, zone_name)} is in the past. Choose a date and time "
            f"from now on ({format_local(now, zone_name)})."]
        return None
    warnings = overlap_warnings(loop_round, form.interviewers.data, starts_at,
                                loop_round.minutes, zone_name)
    if warnings and not form.confirm_overlap.data:
        form.overlaps = warnings
        return None
    return starts_at
