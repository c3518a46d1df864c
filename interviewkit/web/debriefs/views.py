"""The debrief of a loop and the hiring manager's decision."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ...domain import catalog
from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import Loop
from ...services import debriefs as service
from ...services.debriefs import DECIDABLE_STATUSES, DECISION_NAMES, DecisionError
from ..access import roles_required
from .forms import DecisionForm

bp = Blueprint("debriefs", __name__, url_prefix="/loops")

READERS = ("hiring_manager", "recruiter")


def _readable_loop(loop_id: int) -> Loop:
    """Return the loop if the user may read its debrief: its manager or a recruiter."""
    loop = db.session.get(Loop, loop_id)
    if loop is None:
        abort(404)
    if current_user.role == "hiring_manager" and loop.owner_id != current_user.id:
        abort(404)
    return loop


def _render(loop: Loop, form: DecisionForm, status: int = 200):
    debrief = service.load_debrief(loop)
    can_decide = service.can_decide(loop, current_user)
    return render_template(
        "debriefs/show.html", loop=loop, debrief=debrief, form=form, can_decide=can_decide,
        decision_open=loop.status in DECIDABLE_STATUSES, decision_names=DECISION_NAMES,
        status_names=STATUS_NAMES, severity_names={"blocking": "Blocking", "concern": "Concern",
                                                   "info": "For information"},
        level_names={t.id: t.name for t in catalog.LEVELS},
        loop_page_url=(url_for("loops.detail", loop_id=loop.id)
                       if "loops.detail" in current_app.view_functions else None),
        packet_url=(url_for("printing.packet", loop_id=loop.id)
                    if "printing.packet" in current_app.view_functions else None),
    ), status


@bp.route("/<int:loop_id>/debrief")
@roles_required(*READERS)
def show(loop_id: int):
    loop = _readable_loop(loop_id)
    form = DecisionForm(data={"decision": loop.decision, "level": loop.decision_level
                              if loop.decision == "hire_other_level" else "",
                              "reason": loop.decision_reason or ""})
    return _render(loop, form)


@bp.route("/<int:loop_id>/decision", methods=["POST"])
@roles_required(*READERS)
def decide(loop_id: int):
    loop = _readable_loop(loop_id)
    if not service.can_decide(loop, current_user):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render(loop, form, 422)
    try:
        service.decide(loop, current_user, form.decision.data, form.reason.data,
                       form.level.data or None)
    except DecisionError as error:
        db.session.rollback()
        form.decision.errors = [*form.decision.errors, str(error)[:1].upper() + str(error)[1:]
                                + "."]
        return _render(db.session.get(Loop, loop_id), form, 409)
    db.session.commit()
    flash(f"Decision recorded: {DECISION_NAMES[loop.decision]}"
          + (f" at {catalog.name_of(catalog.LEVELS, loop.decision_level).lower()}"
             if loop.decision == "hire_other_level" else "") + ".", "success")
    return redirect(url_for("debriefs.show", loop_id=loop.id))
