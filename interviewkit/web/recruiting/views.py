"""The recruiter's home: owed scorecards (overdue, due soon, upcoming), nudges, and debriefs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired

from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import LoopRound, utcnow
from ...services.debriefs import DECISION_NAMES, follow_ups
from ...services.reminders import NudgeError, next_reminder, owed_scorecards, remind_now
from ...services.scorecards import STATE_NAMES
from ..access import roles_required

bp = Blueprint("recruiting", __name__, url_prefix="/follow-ups")

STAGES = (("overdue", "Overdue"), ("due_soon", "Due soon"), ("upcoming", "Upcoming"),
          ("unscheduled", "Not scheduled"))


class RemindForm(FlaskForm):
    round_id = HiddenField(validators=[DataRequired()])
    user_id = HiddenField(validators=[DataRequired()])


@bp.route("/")
@roles_required("recruiter")
def index():
    now = utcnow()
    owed = owed_scorecards(now)
    stages = {key: [o for o in owed if o.stage == key] for key, _ in STAGES}
    # The longest overdue first; the rest by when they fall due.
    return render_template("recruiting/index.html", follow=follow_ups(now), now=now,
                           stages=stages, stage_names=dict(STAGES), remind_form=RemindForm(),
                           next_reminder=next_reminder, status_names=STATUS_NAMES,
                           state_names=STATE_NAMES, decision_names=DECISION_NAMES, ago=_ago)


@bp.post("/remind")
@roles_required("recruiter")
def remind():
    """Send one reminder now to an interviewer who owes a scorecard."""
    form = RemindForm()
    if not form.validate_on_submit() or not form.round_id.data.isdigit() \
            or not form.user_id.data.isdigit():
        abort(400)
    loop_round = db.session.get(LoopRound, int(form.round_id.data))
    if loop_round is None:
        abort(404)
    try:
        message = remind_now(loop_round, int(form.user_id.data), current_user)
    except NudgeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Reminder on its way to {message.recipient}.", "success")
    anchor = f"owed-{loop_round.id}-{form.user_id.data}"
    return redirect(url_for("recruiting.index", _anchor=anchor))


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
