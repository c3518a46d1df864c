"""Times on pages: stored in UTC, shown in the viewer's zone with the zone named."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user

from ..domain.schedule import format_local, to_local, zone_abbreviation
from ..services.time_zones import zone_of


def viewer_zone() -> str:
    """Return the signed-in person's zone, else the organisation's."""
    user = current_user if current_user and current_user.is_authenticated else None
    return zone_of(user)


def local_time(moment: datetime | None, pattern: str = "%a %d %b %Y, %H:%M",
               zone_name: str | None = None) -> str:
    """Return a stored naive-UTC time as text in the viewer's zone, with the zone named."""
    if moment is None:
        return ""
    name = zone_name or viewer_zone()
    if "%H" not in pattern:
        # A date alone needs no zone after it, though the day is still the viewer's day.
        return to_local(moment, name).strftime(pattern)
    return format_local(moment, name, pattern)


def local_input(moment: datetime | None, zone_name: str | None = None) -> datetime | None:
    """Return a stored time as the naive wall-clock time a datetime-local field shows."""
    if moment is None:
        return None
    return to_local(moment, zone_name or viewer_zone()).replace(tzinfo=None)


def zone_label(zone_name: str | None = None, at: datetime | None = None) -> str:
    from ..models import utcnow

    name = zone_name or viewer_zone()
    short = zone_abbreviation(at or utcnow(), name)
    return name if short == name else f"{name} ({short})"


def zone_abbr(at: datetime | None = None) -> str:
    """Return the viewer zone's short name at a moment (now when none): EST, CET, UTC."""
    from ..models import utcnow

    return zone_abbreviation(at or utcnow(), viewer_zone())


def propose_zone() -> bool:
    """Whether to offer the browser's zone: signed in, none chosen, on a home page."""
    from flask import request

    from .access import HOME_ENDPOINTS

    return bool(current_user and current_user.is_authenticated
                and current_user.time_zone is None
                and request.endpoint in HOME_ENDPOINTS.values())


def _globals() -> dict:
    return {"time_zone": viewer_zone(), "zone_label": zone_label, "zone_abbr": zone_abbr,
            "propose_zone": propose_zone}


def init_app(app: Flask) -> None:
    app.add_template_filter(local_time)
    app.context_processor(_globals)
