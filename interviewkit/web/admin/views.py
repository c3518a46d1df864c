"""User administration: list, create, change role, deactivate and reactivate."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ...extensions import db
from ...models import User
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
        flash(f"{user.name} is now {ROLE_NAMES[user.role].lower()}.", "success")
    return redirect(url_for("admin.users", _anchor=f"user-{user.id}"))


def _set_active(user_id: int, active: bool):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.", "error")
    elif user.active != active:
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
