"""Whose time zone applies: the person's own, else the organisation's default."""

from __future__ import annotations

from flask import current_app

from ..domain.schedule import TimeZoneError, is_zone, zone
from ..models import User


def default_zone() -> str:
    """Return the organisation's zone (INTERVIEWKIT_DEFAULT_TIME_ZONE), UTC if it is invalid."""
    name = current_app.config.get("DEFAULT_TIME_ZONE") or "UTC"
    return name if is_zone(name) else "UTC"


def zone_of(user: User | None) -> str:
    """Return the zone a person's times are entered and shown in."""
    if user is not None and getattr(user, "time_zone", None) and is_zone(user.time_zone):
        return user.time_zone
    return default_zone()


def set_zone(user: User, name: str) -> None:
    """Set a person's zone, or raise TimeZoneError naming the bad value."""
    zone(name)
    user.time_zone = name


__all__ = ["TimeZoneError", "default_zone", "set_zone", "zone_of"]
