"""Time rules: zones, local times, overlapping bookings, scorecard deadlines, business days.

Stored times are naive UTC (see models.clock); everything here takes and returns naive UTC
unless a name says "local".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# The first reminder goes this long after the round ends: from then on the scorecard is overdue.
SCORECARD_GRACE = timedelta(hours=1)


class TimeZoneError(ValueError):
    """A zone name that is not an IANA time zone."""


class LocalTimeError(ValueError):
    """A local time that does not exist in its zone (skipped by a daylight-saving change)."""


def zone(name: str) -> ZoneInfo:
    """Return the IANA zone of this name, or raise TimeZoneError."""
    if not name or not isinstance(name, str) or name != name.strip() or len(name) > 64:
        raise TimeZoneError(f"{name!r} is not a time zone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise TimeZoneError(f"{name!r} is not a time zone") from error


def is_zone(name: str | None) -> bool:
    try:
        zone(name or "")
    except TimeZoneError:
        return False
    return True


def zone_names() -> list[str]:
    """Return the IANA zone names people pick from (Area/City), sorted, plus UTC."""
    names = {n for n in available_timezones()
             if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix/", "right/"))}
    return ["UTC", *sorted(names)]


def to_local(moment: datetime, zone_name: str) -> datetime:
    """Return a stored naive-UTC time as an aware time in the zone."""
    return moment.replace(tzinfo=UTC).astimezone(zone(zone_name))


def to_utc(local: datetime, zone_name: str) -> datetime:
    """Return the naive-UTC time of a naive wall-clock time in the zone.

    Raises LocalTimeError for a wall-clock time the zone skips (spring forward); an
    ambiguous time (fall back) means its first occurrence.
    """
    tz = zone(zone_name)
    aware = local.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise LocalTimeError(
            f"{local:%H:%M} on {local:%d %b %Y} does not exist in {zone_name}: the clocks "
            f"skip it for daylight saving. Choose another time.")
    return aware.astimezone(UTC).replace(tzinfo=None)


def zone_abbreviation(moment: datetime, zone_name: str) -> str:
    """Return the zone's short name at that moment (EST, CET, +0530 style when none)."""
    local = to_local(moment, zone_name)
    name = local.tzname() or zone_name
    if name.startswith(("+", "-")):
        return "UTC" + name
    return name


def format_local(moment: datetime, zone_name: str, pattern: str = "%a %d %b %Y, %H:%M") -> str:
    """Return a stored time as wall-clock text in the zone, with the zone named."""
    local = to_local(moment, zone_name)
    return f"{local.strftime(pattern)} {zone_abbreviation(moment, zone_name)}"


# --- bookings ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Booking:
    """One interviewer's place on one round."""

    round_id: int
    user_id: int
    starts_at: datetime
    minutes: int
    label: str = ""

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def overlapping(wanted: Iterable[Booking], existing: Iterable[Booking]) -> list[
        tuple[Booking, Booking]]:
    """Return pairs (wanted, existing) of the same person whose times overlap."""
    by_user: dict[int, list[Booking]] = {}
    for booking in existing:
        by_user.setdefault(booking.user_id, []).append(booking)
    clashes = []
    for new in wanted:
        for old in by_user.get(new.user_id, ()):
            if old.round_id == new.round_id:
                continue
            if new.starts_at < old.ends_at and old.starts_at < new.ends_at:
                clashes.append((new, old))
    return sorted(clashes, key=lambda pair: (pair[0].user_id, pair[1].starts_at))


# --- scorecard deadlines and reminders --------------------------------------------------------

def round_end(starts_at: datetime, minutes: int) -> datetime:
    return starts_at + timedelta(minutes=minutes)


def scorecard_due(starts_at: datetime, minutes: int) -> datetime:
    """Return when a scorecard becomes overdue: an hour after its round ends."""
    return round_end(starts_at, minutes) + SCORECARD_GRACE


def owed_stage(starts_at: datetime | None, minutes: int, now: datetime) -> str:
    """Return where an unsubmitted scorecard stands.

    "upcoming" before the round starts, "due_soon" from its start until an hour after it
    ends, "overdue" from then on; "unscheduled" when the round has no time.
    """
    if starts_at is None:
        return "unscheduled"
    if now < starts_at:
        return "upcoming"
    if now < scorecard_due(starts_at, minutes):
        return "due_soon"
    return "overdue"


def add_business_days(moment: datetime, days: int, zone_name: str) -> datetime:
    """Return the same wall-clock time `days` working days (Monday to Friday) later.

    The weekend is judged in the person's own zone, so a Friday-evening reminder in New York
    is followed by Monday's, not Saturday's.
    """
    local = to_local(moment, zone_name).replace(tzinfo=None)
    step = 0
    while step < days:
        local += timedelta(days=1)
        if local.weekday() < 5:
            step += 1
    try:
        return to_utc(local, zone_name)
    except LocalTimeError:
        return to_utc(local + timedelta(hours=1), zone_name)


def next_reminder_at(starts_at: datetime, minutes: int, reminded: Sequence[datetime],
                     zone_name: str) -> datetime:
    """Return when the next reminder of an owed scorecard is due.

    The first an hour after the round ends; after that one each business day counted from
    the last reminder the person was sent (a "Remind now" also resets the clock), so a
    sender that was down for a day catches up with one message, not a burst.
    """
    due = scorecard_due(starts_at, minutes)
    after = [r for r in reminded if r >= round_end(starts_at, minutes)]
    if not after:
        return due
    return max(due, add_business_days(max(after), 1, zone_name))


def reminder_due(starts_at: datetime | None, minutes: int, reminded: Sequence[datetime],
                 automatic_sent: int, limit: int, zone_name: str, now: datetime) -> bool:
    """Return whether an automatic reminder should be queued now."""
    if starts_at is None or automatic_sent >= limit:
        return False
    return now >= next_reminder_at(starts_at, minutes, reminded, zone_name)


# --- delivery retries -------------------------------------------------------------------------

def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait before the next delivery attempt: 1, 2, 4 … minutes, max 1 h."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))
