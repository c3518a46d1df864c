"""The recruiter's home: loops waiting for scorecards, overdue first, and loops ready to decide."""

from __future__ import annotations

from flask import Blueprint, render_template

from ...domain.lifecycle import STATUS_NAMES
from ...models import utcnow
from ...services.debriefs import DECISION_NAMES, follow_ups
from ...services.scorecards import STATE_NAMES
from ..access import roles_required

bp = Blueprint("recruiting", __name__, url_prefix="/follow-ups")


@bp.route("/")
@roles_required("recruiter")
def index():
    now = utcnow()
    return render_template("recruiting/index.html", follow=follow_ups(now), now=now,
                           status_names=STATUS_NAMES, state_names=STATE_NAMES,
                           decision_names=DECISION_NAMES, ago=_ago)


def _ago(moment, now) -> str:
    """Return how long ago a moment was, in words a person uses."""
    seconds = (now - moment).total_seconds()
    if seconds < 3600:
        return f"{max(1, int(seconds // 60))} min ago"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"
