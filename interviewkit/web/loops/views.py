"""The hiring manager's loops: list, intake, plan page, swaps, panels, publishing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...domain import catalog
from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import Loop
from ...services import loops as loop_service
from ...services.loops import LoopError, LoopFilters, LoopIntake
from ..access import roles_required
from ..choices import choice_list
from .forms import (
    ActionForm,
    IntakeForm,
    LoopFilterForm,
    PanelForm,
    RoundMinutesForm,
    SwapForm,
)

bp = Blueprint("loops", __name__, url_prefix="/loops")

VIEWERS = ("hiring_manager", "recruiter", "admin")
PER_PAGE = 25


@bp.context_processor
def _loop_globals() -> dict:
    return {"status_names": STATUS_NAMES}


# --- access -----------------------------------------------------------------------------

def _visible_loop(loop_id: int) -> Loop:
    """Return the loop if the signed-in user may see it; 404 otherwise."""
    loop = loop_service.get_loop(loop_id)
    if loop is None:
        abort(404)
    if current_user.role == "hiring_manager" and loop.owner_id != current_user.id:
        abort(404)
    return loop


def _editable_loop(loop_id: int) -> Loop:
    """Return the loop if the signed-in user owns it; read-only viewers get 403."""
    loop = _visible_loop(loop_id)
    if loop.owner_id != current_user.id:
        abort(403)
    return loop


def _can_edit(loop: Loop) -> bool:
    return current_user.role == "hiring_manager" and loop.owner_id == current_user.id


# --- list and intake --------------------------------------------------------------------

@bp.route("/")
@roles_required(*VIEWERS)
def index():
    form = LoopFilterForm(request.args)
    managers = []
    if current_user.role != "hiring_manager":
        managers = loop_service.hiring_managers()
        form.owner.choices = choice_list([("", "Anyone")] + [(str(u.id), u.name)
                                                             for u in managers])
    form.validate()
    # A stale or edited filter value is ignored rather than shown as an error.
    def value(field) -> str | None:
        return field.data or None if not field.errors else None

    owner = value(form.owner)
    filters = LoopFilters(lane=value(form.lane), level=value(form.level),
                          status=value(form.status), search=value(form.q),
                          owner_id=int(owner) if owner else None)
    page = db.paginate(loop_service.loops_query(current_user, filters), per_page=PER_PAGE,
                       error_out=False, count=True)
    filtered = any(request.args.get(k) for k in ("q", "lane", "level", "status", "owner"))
    return render_template("loops/index.html", form=form, page=page, filtered=filtered,
                           managers=managers)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("hiring_manager")
def new():
    form = IntakeForm()
    if form.validate_on_submit():
        intake = LoopIntake(
            candidate_name=form.candidate_name.data, candidate_email=form.candidate_email.data,
            role_title=form.role_title.data, lane=form.lane.data, level=form.level.data,
            domain=form.domain.data or None, deployment_target=form.deployment_target.data,
            round_minutes=form.round_minutes())
        try:
            loop = loop_service.create_draft_loop(current_user, intake)
        except LoopError as error:
            db.session.rollback()
            form.lane.errors = [*form.lane.errors, str(error)]
        else:
            db.session.commit()
            flash("Plan ready. Swap anything that does not fit, assign interviewers to each "
                  "round, then publish.", "success")
            return redirect(url_for("loops.detail", loop_id=loop.id))
    return render_template("loops/new.html", form=form)


# --- the plan page ----------------------------------------------------------------------

def _panel_form(loop_round, candidates, formdata=None) -> PanelForm:
    form = PanelForm(formdata=formdata, prefix=loop_round.kind,
                     data=None if formdata is not None else {
                         "interviewers": [u.id for u in loop_round.interviewers],
                         "scheduled_at": loop_round.scheduled_at})
    people = {u.id: u for u in candidates}
    for user in loop_round.interviewers:
        people.setdefault(user.id, user)
    form.interviewers.choices = choice_list(
        (u.id, u.name + ("" if u.active else " (deactivated)"))
        for u in sorted(people.values(), key=lambda u: (u.name, u.id)))
    return form


def _render_detail(loop: Loop, minutes_form: RoundMinutesForm | None = None,
                   panel_form: PanelForm | None = None, status: int = 200):
    editable = _can_edit(loop)
    candidates = loop_service.panel_candidates() if editable else []
    panel_forms = {}
    if editable and loop.status != "decided":
        for loop_round in loop.rounds:
            if panel_form is not None and panel_form._prefix == loop_round.kind + "-":
                panel_forms[loop_round.kind] = panel_form
            else:
                panel_forms[loop_round.kind] = _panel_form(loop_round, candidates)
    if minutes_form is None:
        minutes_form = RoundMinutesForm(formdata=None,
                                        data={r.kind: r.minutes for r in loop.rounds})
    return render_template(
        "loops/detail.html", interview_loop=loop, editable=editable,
        is_draft=loop.published_at is None, minutes_form=minutes_form, panel_forms=panel_forms,
        action_form=ActionForm(), publish_problems=loop_service.publish_problems(loop),
        question_minutes={r.kind: sum(q.minutes for q in r.questions) for r in loop.rounds},
        required_signals={
            r.kind: [catalog.name_of(catalog.SIGNALS, s)
                     for s in catalog.required_signals(r.kind, loop.lane, loop.level)]
            for r in loop.rounds},
    ), status


@bp.route("/<int:loop_id>")
@roles_required(*VIEWERS)
def detail(loop_id: int):
    return _render_detail(_visible_loop(loop_id))


def _back(loop: Loop, anchor: str | None = None):
    return redirect(url_for("loops.detail", loop_id=loop.id, _anchor=anchor))


@bp.route("/<int:loop_id>/regenerate", methods=["POST"])
@roles_required(*VIEWERS)
def regenerate(loop_id: int):
    loop = _editable_loop(loop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        loop_service.regenerate(loop, actor=current_user)
    except LoopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"New plan generated (seed {loop.seed}). Panels and times are unchanged.",
              "success")
    return _back(loop)


@bp.route("/<int:loop_id>/minutes", methods=["POST"])
@roles_required(*VIEWERS)
def minutes(loop_id: int):
    loop = _editable_loop(loop_id)
    form = RoundMinutesForm()
    if not form.validate_on_submit():
        return _render_detail(loop, minutes_form=form)
    try:
        loop_service.set_round_minutes(loop, form.round_minutes(), actor=current_user)
    except LoopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("Round lengths saved and the loop re-planned to fit them.", "success")
    return _back(loop)


@bp.route("/<int:loop_id>/rounds/<round_kind>/questions/<question_id>/swap",
          methods=["GET", "POST"])
@roles_required(*VIEWERS)
def swap(loop_id: int, round_kind: str, question_id: str):
    loop = _editable_loop(loop_id)
    loop_round = loop.round(round_kind)
    current = next((q for q in loop_round.questions if q.question_id == question_id),
                   None) if loop_round else None
    if current is None:
        abort(404)
    if loop.published_at is not None:
        flash("This loop is published; its questions can no longer change.", "error")
        return _back(loop)
    options = loop_service.swap_options(loop, round_kind, question_id)
    form = SwapForm()
    form.replacement.choices = choice_list((o.id, o.title) for o in options)
    if form.validate_on_submit():
        try:
            loop_service.swap_question(loop, round_kind, question_id, form.replacement.data,
                                       actor=current_user)
        except LoopError as error:
            db.session.rollback()
            form.replacement.errors = [*form.replacement.errors, str(error)]
        else:
            db.session.commit()
            chosen = next(o for o in options if o.id == form.replacement.data)
            flash(f"Swapped “{current.question.title}” for “{chosen.title}”.", "success")
            return _back(loop, f"round-{round_kind}")
    details = loop_service.bank_rows([o.id for o in options])
    needed = loop_service.signals_only_from(loop, round_kind, question_id)
    # What each option would leave uncovered, so a manager never drops coverage unawares.
    loses = {o.id: [catalog.name_of(catalog.SIGNALS, s).lower() for s in needed
                    if s not in o.signals] for o in options}
    return render_template("loops/swap.html", interview_loop=loop, loop_round=loop_round,
                           current=current, options=options, details=details, form=form,
                           loses=loses)


@bp.route("/<int:loop_id>/rounds/<round_kind>/panel", methods=["POST"])
@roles_required(*VIEWERS)
def panel(loop_id: int, round_kind: str):
    loop = _editable_loop(loop_id)
    loop_round = loop.round(round_kind)
    if loop_round is None:
        abort(404)
    form = _panel_form(loop_round, loop_service.panel_candidates(), formdata=request.form)
    if not form.validate_on_submit():
        return _render_detail(loop, panel_form=form)
    try:
        loop_service.assign_interviewers(loop, round_kind, form.interviewers.data,
                                         form.scheduled_at.data, actor=current_user)
    except LoopError as error:
        db.session.rollback()
        form.interviewers.errors = [*form.interviewers.errors, str(error)]
        return _render_detail(loop, panel_form=form)
    db.session.commit()
    name = catalog.name_of(catalog.ROUNDS, round_kind)
    flash(f"{name}: panel and time saved.", "success")
    return _back(loop, f"round-{round_kind}")


@bp.route("/<int:loop_id>/publish", methods=["POST"])
@roles_required(*VIEWERS)
def publish(loop_id: int):
    loop = _editable_loop(loop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        loop_service.publish(loop, current_user)
    except LoopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("Published. Interviewers can now open their kits, and each question's use "
              "is counted so the bank keeps rotating.", "success")
    return _back(loop)
