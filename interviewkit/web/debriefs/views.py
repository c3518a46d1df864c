"""The debrief of a loop and the hiring manager's decision."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ...domain import catalog, policy
from ...domain.lifecycle import STATUS_NAMES
from ...domain.prose import in_sentence
from ...extensions import db
from ...models import Loop
from ...services import debriefs as service
from ...services.debriefs import DECIDABLE_STATUSES, DECISION_NAMES, DecisionError
from ...services.loading import load_loop
from ..access import roles_required
from .forms import DecisionForm

bp = Blueprint("debriefs", __name__, url_prefix="/loops")

READERS = policy.DEBRIEF_READERS


def _readable_loop(loop_id: int) -> Loop:
    """Return the loop if the user may read its debrief: its manager or a recruiter."""
    loop = load_loop(loop_id)
    if loop is None:
        abort(404)
    if not policy.can_read_debrief(current_user, loop):
        abort(404)
    return loop


EVIDENCE_CHOICES = ("open", "closed")
EVIDENCE_COOKIE_AGE = 365 * 24 * 3600


def _evidence_cookie() -> str:
    # Per user: two people sharing a tablet each keep their own choice.
    return f"ik_evidence_{current_user.id}"


def _evidence_open() -> bool:
    """Whether every piece of evidence starts expanded: the choice just made, else the one
    remembered for this user (a cookie; it holds no content, only "open" or "closed")."""
    chosen = request.args.get("evidence")
    if chosen in EVIDENCE_CHOICES:
        return chosen == "open"
    return request.cookies.get(_evidence_cookie()) == "open"


def _render(loop: Loop, form: DecisionForm, status: int = 200):
    debrief = service.load_debrief(loop)
    can_decide = service.can_decide(loop, current_user)
    return render_template(
        "debriefs/show.html", loop=loop, debrief=debrief, form=form, can_decide=can_decide,
        evidence_open=_evidence_open(),
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
    body, status = _render(loop, form)
    response = make_response(body, status)
    chosen = request.args.get("evidence")
    if chosen in EVIDENCE_CHOICES:
        response.set_cookie(_evidence_cookie(), chosen, max_age=EVIDENCE_COOKIE_AGE,
                            httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.route("/<int:loop_id>/decision", methods=["GET"])
@roles_required(*READERS)
def decision_page(loop_id: int):
    """Reloading the URL a failed decision was posted to lands on the debrief, not a 405."""
    _readable_loop(loop_id)
    return redirect(url_for("debriefs.show", loop_id=loop_id, _anchor="decision-h"))


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
          + (f": {in_sentence(catalog.name_of(catalog.LEVELS, loop.decision_level))}"
             if loop.decision == "hire_other_level" else "") + ".", "success")
    return redirect(url_for("debriefs.show", loop_id=loop.id))
