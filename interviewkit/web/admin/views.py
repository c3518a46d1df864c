"""User administration: list, create, change role, deactivate and reactivate, reset links,
and the audit log."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...domain.lifecycle import STATUS_NAMES
from ...extensions import db
from ...models import AuditEntry, Loop, LoopRound, Scorecard, User
from ...models.user import ROLE_NAMES
from ...services import users as user_service
from ...services.users import UserError
from ..access import roles_required
from .forms import ActionForm, CreateUserForm, RoleForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _all_users() -> list[User]:
    return list(db.session.execute(
        db.select(User).order_by(User.active.desc(), User.name, User.id)).scalars())


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _render_users(create_form: CreateUserForm | None = None, status: int = 200):
    users = _all_users()
    role_forms = {u.id: RoleForm(formdata=None, prefix=f"u{u.id}", data={"role": u.role})
                  for u in users}
    return render_template("admin/users.html", users=users,
                           create_form=create_form or CreateUserForm(formdata=None),
                           role_forms=role_forms, action_form=ActionForm()), status


@bp.route("/users")
@roles_required("admin")
def users():
    return _render_users()


@bp.route("/users/new", methods=["POST"])
@roles_required("admin")
def create_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = user_service.create_user(form.email.data, form.name.data, form.role.data,
                                            form.password.data, actor_id=current_user.id)
        except UserError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)[:1].upper() + str(error)[1:]]
        else:
            db.session.commit()
            flash(f"Added {user.name} ({user.email}) as {user.role_name.lower()}. "
                  f"Share the initial password with them privately.", "success")
            return redirect(url_for("admin.users"))
    return _render_users(create_form=form)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@roles_required("admin")
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        flash("Choose a role from the list.", "error")
        return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))
    if user.id == current_user.id:
        flash("You cannot change your own role; ask another admin.", "error")
        return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))
    if form.role.data != user.role:
        user_service.set_role(user, form.role.data, actor_id=current_user.id)
        db.session.commit()
        flash(f"{user.name}'s role is now {ROLE_NAMES[user.role]}.", "success")
    return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))


def _set_active(user_id: int, active: bool):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.", "error")
        return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))
    if not active and user.active and request.form.get("confirm") != "1":
        owed = user_service.owed_rounds(user)
        if owed:
            # Warn first: list the scorecards they owe and where to reassign each round.
            return render_template("admin/deactivate.html", user=user, owed=owed,
                                   action_form=ActionForm())
    if user.active != active:
        user_service.set_active(user, active, actor_id=current_user.id)
        db.session.commit()
        if active:
            flash(f"{user.name} can sign in again.", "success")
        else:
            flash(f"{user.name} is deactivated and signed out everywhere.", "success")
    return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required("admin")
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required("admin")
def reactivate(user_id: int):
    return _set_active(user_id, True)


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@roles_required("admin")
def reset_link(user_id: int):
    """Issue a one-time, expiring link that lets the user set a new password; shown once."""
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("Change your own password from the Password link at the top.", "error")
        return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))
    hours = int(current_app.config["PASSWORD_RESET_HOURS"])
    try:
        token = user_service.issue_reset(user, current_user.id, hours=hours)
    except UserError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))
    db.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    return render_template("admin/reset_link.html", user=user, link=link, hours=hours)


AUDIT_PAGE = 50


@bp.route("/audit")
@roles_required("admin")
def audit():
    """The audit log, newest first, filtered by loop, user and action."""
    loop_id = request.args.get("loop", type=int)
    user_id = request.args.get("user", type=int)
    action = (request.args.get("action") or "").strip()[:60]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    query = db.select(AuditEntry)
    if loop_id is not None:
        card_ids = db.select(sa_cast_str(Scorecard.id)).join(LoopRound).where(
            LoopRound.loop_id == loop_id)
        query = query.where(db.or_(
            db.and_(AuditEntry.entity_type == "loop", AuditEntry.entity_id == str(loop_id)),
            db.and_(AuditEntry.entity_type == "scorecard",
                    AuditEntry.entity_id.in_(card_ids))))
    if user_id is not None:
        query = query.where(db.or_(
            AuditEntry.actor_id == user_id,
            db.and_(AuditEntry.entity_type == "user", AuditEntry.entity_id == str(user_id))))
    if action:
        query = query.where(AuditEntry.action == action)
    entries = db.session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE + 1)).scalars().all()
    more = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    actions = db.session.execute(
        db.select(AuditEntry.action).distinct().order_by(AuditEntry.action)).scalars().all()
    people = db.session.execute(db.select(User).order_by(User.name)).scalars().all()
    loops = db.session.execute(db.select(Loop.id, Loop.candidate_name).order_by(
        Loop.id.desc()).limit(500)).all()
    names = {u.id: u.name for u in people}
    filters = {"loop": loop_id, "user": user_id, "action": action}
    return render_template("admin/audit.html", entries=entries, actions=actions,
                           people=people, loops=loops, names=names, filters=filters,
                           page=page, more=more, summary=_summary,
                           base_args={k: v for k, v in filters.items() if v})


def sa_cast_str(column):
    import sqlalchemy as sa

    return sa.cast(column, sa.String)


_READABLE = {"role": ROLE_NAMES, "status": STATUS_NAMES}


def _summary(value) -> str:
    """A short, readable rendering of a before/after value: roles and statuses by name."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = {k: _READABLE[k].get(v, v) if k in _READABLE and isinstance(v, str) else v
                 for k, v in value.items()}
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 300 else text[:297] + "..."
