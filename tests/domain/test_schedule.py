"""Time rules: local times both ways, overlaps, scorecard stages, business days, back-off."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from interviewkit.domain.schedule import (
    Booking,
    LocalTimeError,
    TimeZoneError,
    add_business_days,
    format_local,
    next_reminder_at,
    overlapping,
    owed_stage,
    reminder_due,
    retry_delay,
    to_local,
    to_utc,
    zone,
)

NY = "America/New_York"


def test_a_new_york_wall_clock_time_is_stored_in_utc_and_shown_back_the_same():
    stored = to_utc(datetime(2027, 1, 12, 10, 0), NY)
    assert stored == datetime(2027, 1, 12, 15, 0)  # EST is UTC-5 in January
    assert format_local(stored, NY) == "Tue 12 Jan 2027, 10:00 EST"
    summer = to_utc(datetime(2027, 7, 12, 10, 0), NY)
    assert summer == datetime(2027, 7, 12, 14, 0)  # EDT is UTC-4
    assert format_local(summer, NY).endswith("10:00 EDT")


def test_a_zone_without_letters_is_named_by_its_offset():
    assert format_local(datetime(2027, 1, 12, 4, 30), "Asia/Dubai").endswith("08:30 UTC+04")


def test_a_time_the_clocks_skip_is_refused_and_an_ambiguous_one_means_the_first():
    with pytest.raises(LocalTimeError, match="does not exist in America/New_York"):
        to_utc(datetime(2027, 3, 14, 2, 30), NY)
    assert to_utc(datetime(2027, 11, 7, 1, 30), NY) == datetime(2027, 11, 7, 5, 30)


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../etc/passwd", " UTC", "x" * 80])
def test_unknown_zones_are_refused(name):
    with pytest.raises(TimeZoneError):
        zone(name)


def test_to_local_is_aware_in_the_zone():
    local = to_local(datetime(2027, 1, 12, 15, 0), "Europe/Paris")
    assert (local.hour, local.tzname()) == (16, "CET")


def test_overlaps_are_found_per_person_and_touching_rounds_do_not_overlap():
    nine = datetime(2027, 1, 12, 9, 0)
    wanted = [Booking(1, 7, nine, 60), Booking(1, 8, nine, 60)]
    existing = [Booking(2, 7, nine + timedelta(minutes=45), 60, "Coding with A"),
                Booking(3, 8, nine + timedelta(minutes=60), 60, "Screen with B"),
                Booking(1, 7, nine, 60, "the same round")]
    clashes = overlapping(wanted, existing)
    assert [(new.user_id, old.label) for new, old in clashes] == [(7, "Coding with A")]


def test_an_owed_scorecard_is_upcoming_then_due_soon_then_overdue_an_hour_after_the_end():
    start = datetime(2027, 1, 12, 15, 0)
    assert owed_stage(start, 60, start - timedelta(minutes=1)) == "upcoming"
    assert owed_stage(start, 60, start) == "due_soon"
    assert owed_stage(start, 60, start + timedelta(minutes=119)) == "due_soon"
    assert owed_stage(start, 60, start + timedelta(minutes=120)) == "overdue"
    assert owed_stage(None, 60, start) == "unscheduled"


def test_business_days_skip_the_weekend_in_the_persons_zone():
    # Friday 12 Feb 2027, 22:00 in New York is already Saturday in UTC.
    friday_evening = to_utc(datetime(2027, 2, 12, 22, 0), NY)
    monday = add_business_days(friday_evening, 1, NY)
    assert to_local(monday, NY).strftime("%a %H:%M") == "Mon 22:00"
    assert to_local(add_business_days(friday_evening, 2, NY), NY).strftime("%a") == "Tue"


def test_reminders_come_an_hour_after_the_end_then_each_business_day_up_to_the_limit():
    start = datetime(2027, 2, 11, 15, 0)  # Thursday, 60 minutes
    first = start + timedelta(hours=2)
    assert next_reminder_at(start, 60, [], "UTC") == first
    assert not reminder_due(start, 60, [], 0, 3, "UTC", first - timedelta(seconds=1))
    assert reminder_due(start, 60, [], 0, 3, "UTC", first)
    # Sent Thursday 17:00: the next is Friday 17:00, then Monday 17:00 (not Saturday).
    assert next_reminder_at(start, 60, [first], "UTC") == first + timedelta(days=1)
    friday = first + timedelta(days=1)
    assert next_reminder_at(start, 60, [first, friday], "UTC") == first + timedelta(days=4)
    # A sender that was down for a week sends one, not a burst: counted from the last sent.
    late = first + timedelta(days=7)
    assert reminder_due(start, 60, [first], 1, 3, "UTC", late)
    assert not reminder_due(start, 60, [first, late], 2, 3, "UTC", late + timedelta(hours=1))
    # The limit stops them.
    assert not reminder_due(start, 60, [first], 3, 3, "UTC", late)
    # A reminder before the round ended (none should exist) does not count.
    assert next_reminder_at(start, 60, [start - timedelta(days=1)], "UTC") == first


def test_retries_back_off_and_cap_at_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(20) == timedelta(hours=1)
