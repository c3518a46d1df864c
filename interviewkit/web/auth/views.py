"""Sign in, sign out, passwords, and each role's home page."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ...extensions import db
from ...models import User, utcnow
from ...services import signin
from ...services import users as user_service
from ...services.users import UserError, find_by_email, normalise_email
from ..access import HOME_ENDPOINTS
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

DEVICE_COOKIE = "ik_device"
DEVICE_DAYS = 180


def _safe_next(target: str | None) -> str | None:
    """Return a same-site path to go on to, or None for anything that could leave the site."""
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt="interviewkit-known-device")


def _known_user_ids() -> list[int]:
    """The accounts that signed in from this browser before (a signed cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        ids = _device_serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _remember_device(response, user_id: int):
    ids = [user_id] + [i for i in _known_user_ids() if i != user_id]
    response.set_cookie(DEVICE_COOKIE, _device_serializer().dumps(ids[:5]),
                        max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _sign_in(user: User) -> None:
    """Start a server-side session for this browser and put it in a fresh cookie."""
    sid = user_service.start_session(user)
    db.session.commit()
    session.clear()
    login_user(user)
    session.permanent = True
    session["sid"] = sid
    session["last_seen"] = utcnow().timestamp()


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        address = request.remote_addr or ""
        user = find_by_email(email)
        known_device = user is not None and user.id in _known_user_ids()
        if not known_device:
            wait = signin.wait_seconds(email, address,
                                       signin.Limits.from_config(current_app.config))
            if wait:
                log.warning("sign-in throttled for %s from %s (%d s)", email, address, wait)
                signin.record(email, address, throttled=True)
                db.session.commit()
                minutes = f"{(wait + 59) // 60} minutes" if wait > 90 else f"{wait} seconds"
                form.email.errors.append(
                    f"Too many failed attempts. Wait {minutes}, then try again.")
                response = current_app.make_response(
                    (render_template("auth/login.html", form=form), 429))
                response.headers["Retry-After"] = str(wait)
                return response
        ok = user_service.verify_password(user, form.password.data)
        signin.record(email, address, succeeded=ok)
        if not ok:
            db.session.commit()
            log.info("failed sign-in for %s from %s", email, address)
            form.password.errors.append("Email or password is not right.")
            return render_template("auth/login.html", form=form), 200
        _sign_in(user)
        response = redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        return _remember_device(response, user.id)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    user_service.end_session(session.get("sid"))
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = db.session.get(User, current_user.id)
        try:
            user_service.change_password(user, form.current_password.data,
                                         form.new_password.data)
        except UserError as error:
            db.session.rollback()
            target = (form.current_password if "current password is not" in str(error)
                      else form.new_password)
            target.errors = [*target.errors, str(error)]
        else:
            db.session.commit()
            _sign_in(user)
            flash("Your password is changed. Every other device was signed out.", "success")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if len(token) > 100:
        abort(404)
    reset = user_service.find_reset(token)
    if reset is None:
        return render_template("auth/reset.html", form=None), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user_service.use_reset(token, form.new_password.data)
        except UserError as error:
            db.session.rollback()
            form.new_password.errors = [*form.new_password.errors, str(error)]
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash("Your password is set. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
    user = db.session.get(User, reset.user_id)
    return render_template("auth/reset.html", form=form, user=user)


@bp.before_app_request
def enforce_idle_timeout():
    """Sign out a session idle for longer than the configured minutes."""
    if not current_user.is_authenticated:
        return None
    now = utcnow().timestamp()
    last_seen = session.get("last_seen", now)
    if now - last_seen > current_app.config["IDLE_TIMEOUT_MINUTES"] * 60:
        user_service.end_session(session.get("sid"))
        db.session.commit()
        logout_user()
        session.clear()
        flash("You were signed out after a period of inactivity.", "info")
        if request.accept_mimetypes.best == "application/json" or request.is_json:
            return {"error": "session expired; sign in again"}, 401
        return redirect(url_for("auth.login", next=request.full_path))
    session["last_seen"] = now
    return None
