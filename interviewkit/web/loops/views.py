"""The hiring manager's loops: list, intake, plan page, swaps, panels, publishing."""

from __future__ import annotations

import base64

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...domain import catalog
from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import Loop
from ...services import loop_import as import_service
from ...services import loops as loop_service
from ...services import versions as version_service
from ...services.loops import LoopError, LoopFilters, LoopIntake
from ..access import roles_required
from ..choices import choice_list
from ..time_display import local_input
from .forms import (
    ActionForm,
    CancelForm,
    ImportConfirmForm,
    ImportUploadForm,
    IntakeForm,
    LoopFilterForm,
    PanelForm,
    RoundMinutesForm,
    SwapForm,
)
from .round_time import round_time

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
            round_minutes=form.round_minutes(), work_type=form.work_type.data or None,
            platform_team=form.platform_team_value(), framework=form.framework.data or None)
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


# --- import from an applicant tracker ----------------------------------------------------

def _render_import(upload: ImportUploadForm | None = None, checked=None, text: str = "",
                   status: int = 200):
    confirm = ImportConfirmForm(formdata=None, data={"csv_text": text}) if (
        checked is not None and checked.ok) else None
    max_bytes, max_rows = import_service.limits()
    return render_template("loops/import.html", upload=upload or ImportUploadForm(),
                           checked=checked, confirm=confirm, max_kb=max_bytes // 1024,
                           max_rows=max_rows), status


@bp.route("/import", methods=["GET", "POST"])
@roles_required("hiring_manager")
def import_candidates():
    """Upload a tracker's CSV export and see what importing it would create."""
    form = ImportUploadForm()
    if request.method == "GET":
        return _render_import(form)
    if not form.validate_on_submit():
        return _render_import(form, status=400)
    max_bytes, _ = import_service.limits()
    data = form.file.data.read(max_bytes + 1)
    checked = import_service.preview(current_user, data)
    # The exact bytes go back with the confirmation (base64: no newline is rewritten on the way).
    text = base64.b64encode(data).decode("ascii") if checked.ok else ""
    return _render_import(form, checked, text, status=200 if checked.ok else 422)


@bp.route("/import/create", methods=["POST"])
@roles_required("hiring_manager")
def import_create():
    """Create the previewed draft loops: all of them, or none with every problem named."""
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.csv_text.data.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        abort(400)
    try:
        result = import_service.import_loops(current_user, data)
    except import_service.ImportRejected as rejected:
        db.session.rollback()
        checked = import_service.ImportPreview((), rejected.problems, (), ",")
        return _render_import(checked=checked, status=422)
    db.session.commit()
    count = len(result.loops)
    flash(f"Created {count} draft loop{'s' if count != 1 else ''}, each planned from its "
          f"line of the file. Open each to assign interviewers and publish.", "success")
    return redirect(url_for("loops.index", status="draft"))


# --- the plan page ----------------------------------------------------------------------

def _panel_form(loop_round, candidates, formdata=None) -> PanelForm:
    form = PanelForm(formdata=formdata, prefix=loop_round.kind,
                     data=None if formdata is not None else {
                         "interviewers": [u.id for u in loop_round.interviewers],
                         "scheduled_at": local_input(loop_round.scheduled_at)})
    form.overlaps = []
    people = {u.id: u for u in candidates}
    for user in loop_round.interviewers:
        people.setdefault(user.id, user)
    form.interviewers.choices = choice_list(
        (u.id, u.name + ("" if u.active else " (deactivated)"))
        for u in sorted(people.values(), key=lambda u: (u.name, u.id)))
    return form


def _render_detail(loop: Loop, minutes_form: RoundMinutesForm | None = None,
                   panel_form: PanelForm | None = None, status: int = 200,
                   cancel_form: CancelForm | None = None,
                   submitted_panels: dict[str, PanelForm] | None = None):
    editable = _can_edit(loop)
    candidates = loop_service.panel_candidates() if editable else []
    panel_forms = {}
    if editable and loop.status not in ("decided", "cancelled"):
        for loop_round in loop.rounds:
            if panel_form is not None and panel_form._prefix == loop_round.kind + "-":
                panel_forms[loop_round.kind] = panel_form
            elif submitted_panels and loop_round.kind in submitted_panels:
                panel_forms[loop_round.kind] = submitted_panels[loop_round.kind]
            else:
                panel_forms[loop_round.kind] = _panel_form(loop_round, candidates)
    if minutes_form is None:
        minutes_form = RoundMinutesForm(formdata=None,
                                        data={r.kind: r.minutes for r in loop.rounds})
    return render_template(
        "loops/detail.html", interview_loop=loop, editable=editable,
        is_draft=loop.published_at is None, minutes_form=minutes_form, panel_forms=panel_forms,
        action_form=ActionForm(), cancel_form=cancel_form or CancelForm(formdata=None),
        can_cancel=editable and loop.status not in ("decided", "cancelled"),
        publish_problems=loop_service.publish_problems(loop),
        newer_versions=version_service.newer_versions(loop) if loop.published_at is None else [],
        question_minutes={r.kind: sum(q.minutes for q in r.questions) for r in loop.rounds},
        required_signals={
            r.kind: catalog.signal_names(catalog.required_signals(r.kind, loop.lane, loop.level),
                                         r.kind)
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
        flash(f"New plan generated (seed {loop.seed}). Pinned questions and panels are "
              f"unchanged.", "success")
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
    loses = {o.id: [n for n in catalog.signal_names(
        [s for s in needed if s not in o.signals], round_kind)] for o in options}
    return render_template("loops/swap.html", interview_loop=loop, loop_round=loop_round,
                           current=current, options=options, details=details, form=form,
                           loses=loses)


@bp.route("/<int:loop_id>/rounds/<round_kind>/questions/<question_id>/unpin",
          methods=["POST"])
@roles_required(*VIEWERS)
def unpin(loop_id: int, round_kind: str, question_id: str):
    loop = _editable_loop(loop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        loop_service.unpin_question(loop, round_kind, question_id, actor=current_user)
    except LookupError:
        abort(404)
    except LoopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("Unpinned: the next regenerate may replace this question.", "success")
    return _back(loop, f"round-{round_kind}")


@bp.route("/<int:loop_id>/rounds/<round_kind>/panel", methods=["POST"])
@roles_required(*VIEWERS)
def panel(loop_id: int, round_kind: str):
    loop = _editable_loop(loop_id)
    loop_round = loop.round(round_kind)
    if loop_round is None:
        abort(404)
    if loop.status in ("decided", "cancelled"):
        flash(f"This loop is {loop.status}; its panels can no longer change.", "error")
        return _back(loop)
    form = _panel_form(loop_round, loop_service.panel_candidates(), formdata=request.form)
    if not form.validate_on_submit():
        return _render_detail(loop, panel_form=form)
    scheduled_at = round_time(form, loop_round)
    if scheduled_at is None:
        return _render_detail(loop, panel_form=form)
    try:
        loop_service.assign_interviewers(loop, round_kind, form.interviewers.data,
                                         scheduled_at, actor=current_user)
    except LoopError as error:
        db.session.rollback()
        form.interviewers.errors = [*form.interviewers.errors, str(error)]
        return _render_detail(loop, panel_form=form)
    db.session.commit()
    name = catalog.name_of(catalog.ROUNDS, round_kind)
    flash(f"{name}: panel and time saved.", "success")
    return _back(loop, f"round-{round_kind}")


def _panel_changed(loop_round, form: PanelForm) -> bool:
    picked = sorted({int(v) for v in form.interviewers.raw_data if v.isdigit()})
    stored = sorted(u.id for u in loop_round.interviewers)
    when = request.form.get(f"{loop_round.kind}-scheduled_at", "").strip()
    stored_when = local_input(loop_round.scheduled_at) if loop_round.scheduled_at else ""
    return picked != stored or when != stored_when


@bp.route("/<int:loop_id>/panels", methods=["POST"])
@roles_required(*VIEWERS)
def panels(loop_id: int):
    """Save every round's panel and time from the one panel form: a round the manager did not
    touch stays as it was, and an error in one round keeps the picks made in all the others."""
    loop = _editable_loop(loop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if loop.status in ("decided", "cancelled"):
        flash(f"This loop is {loop.status}; its panels can no longer change.", "error")
        return _back(loop)
    candidates = loop_service.panel_candidates()
    forms = {r.kind: _panel_form(r, candidates, formdata=request.form) for r in loop.rounds}
    for form in forms.values():
        form.meta.csrf = False  # the one ActionForm token above covers the whole form
    changed = [r for r in loop.rounds if _panel_changed(r, forms[r.kind])]
    valid = all([forms[r.kind].validate() for r in changed])
    # Each changed round's time, typed in the viewer's zone: refused in the past, and
    # overlapping bookings need "Save anyway" (every round is checked, so all errors show).
    times = {r.kind: round_time(forms[r.kind], r) for r in changed} if valid else {}
    valid = valid and all(t is not None for t in times.values())
    if valid:
        try:
            for loop_round in changed:
                form = forms[loop_round.kind]
                loop_service.assign_interviewers(loop, loop_round.kind, form.interviewers.data,
                                                 times[loop_round.kind], actor=current_user)
        except LoopError as error:
            db.session.rollback()
            failed = forms[loop_round.kind]
            failed.interviewers.errors = [*failed.interviewers.errors, str(error)]
            valid = False
    if not valid:
        loop = _editable_loop(loop_id)
        flash("Nothing was saved: fix the round marked below. Your other picks are kept.",
              "error")
        return _render_detail(loop, submitted_panels=forms)
    db.session.commit()
    if changed:
        names = ", ".join(catalog.name_of(catalog.ROUNDS, r.kind) for r in changed)
        flash(f"Panels and times saved: {names}.", "success")
    else:
        flash("No panel or time changed.", "info")
    return _back(loop, f"round-{changed[0].kind}" if changed else None)


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


@bp.route("/<int:loop_id>/adopt-versions", methods=["POST"])
@roles_required(*VIEWERS)
def adopt_versions(loop_id: int):
    """Move a draft loop's questions to the bank's newest text, saying what changed."""
    loop = _editable_loop(loop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changes = version_service.adopt_newer_versions(loop, current_user)
    except version_service.VersionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(loop)
    db.session.commit()
    if changes:
        flash("Updated to the newest question text. " + "; ".join(c.text for c in changes)
              + ".", "success")
    else:
        flash("Every question already uses its newest text.", "info")
    return _back(loop)


@bp.route("/<int:loop_id>/cancel", methods=["POST"])
@roles_required(*VIEWERS)
def cancel(loop_id: int):
    loop = _editable_loop(loop_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _render_detail(loop, cancel_form=form)
    try:
        loop_service.cancel(loop, current_user, form.reason.data)
    except LoopError as error:
        db.session.rollback()
        if loop.status in ("decided", "cancelled"):
            flash(str(error), "error")  # nothing to correct in the form: say why, in place
            return _back(loop)
        form.reason.errors = [*form.reason.errors, str(error)]
        return _render_detail(loop, cancel_form=form)
    db.session.commit()
    flash("Loop cancelled. Interviewers no longer owe scorecards for it, and the list, "
          "debrief and packets say it was cancelled.", "success")
    return _back(loop)
