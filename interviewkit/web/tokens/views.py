"""Each user's personal access tokens for the JSON API: create (shown once), list, revoke."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...models import utcnow
from ...services import tokens as token_service
from .forms import NewTokenForm, RevokeForm

bp = Blueprint("tokens", __name__, url_prefix="/settings/tokens")


def _page(form: NewTokenForm, created: tuple | None = None, status: int = 200):
    return render_template("tokens/index.html", form=form, revoke_form=RevokeForm(),
                           tokens=token_service.tokens_for(current_user), created=created,
                           now=utcnow()), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    expires_at = datetime.combine(form.expires_on.data, time()) if form.expires_on.data \
        else None
    try:
        row, text = token_service.create_token(current_user, form.name.data, form.scope.data,
                                               expires_at)
    except token_service.TokenError as error:
        db.session.rollback()
        form.expires_on.errors = [*form.expires_on.errors, str(error)]
        return _page(form, status=400)
    db.session.commit()
    # Rendered, not redirected: the token text must never travel in a cookie or a URL.
    return _page(NewTokenForm(formdata=None), created=(row, text))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    if not RevokeForm().validate_on_submit():
        abort(400)
    row = token_service.revoke(current_user, token_id)
    if row is None:
        abort(404)
    db.session.commit()
    flash(f"Revoked “{row.name}”. Requests using it now get 401.", "success")
    return redirect(url_for("tokens.index"))
