"""Sign in, sign out, and each role's home page."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func

from ...extensions import db
from ...models import LoginAttempt, utcnow
from ...services.users import find_by_email, normalise_email
from ..access import HOME_ENDPOINTS
from .forms import LoginForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


def _recent_failures(email: str) -> int:
    window = utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    return db.session.execute(
        db.select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.at >= window,
            LoginAttempt.succeeded.is_(False))).scalar_one()


def _safe_next(target: str | None) -> str | None:
    """Return a same-site path to go on to, or None for anything that could leave the site."""
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


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
        if _recent_failures(email) >= current_app.config["LOGIN_MAX_FAILURES"]:
            log.warning("sign-in throttled for %s from %s", email, request.remote_addr)
            db.session.add(LoginAttempt(email=email, remote_addr=request.remote_addr or ""))
            db.session.commit()
            form.email.errors.append(
                "Too many failed attempts. Wait a few minutes, then try again.")
            return render_template("auth/login.html", form=form), 429
        user = find_by_email(email)
        ok = user is not None and user.active and user.check_password(form.password.data)
        db.session.add(LoginAttempt(email=email, remote_addr=request.remote_addr or "",
                                    succeeded=ok))
        if not ok:
            db.session.commit()
            log.info("failed sign-in for %s from %s", email, request.remote_addr)
            form.password.errors.append("Email or password is not right.")
            return render_template("auth/login.html", form=form), 200
        db.session.commit()
        session.clear()
        login_user(user)
        session.permanent = True
        session["last_seen"] = utcnow().timestamp()
        return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.before_app_request
def enforce_idle_timeout():
    """Sign out a session idle for longer than the configured minutes."""
    if not current_user.is_authenticated:
        return None
    now = utcnow().timestamp()
    last_seen = session.get("last_seen", now)
    if now - last_seen > current_app.config["IDLE_TIMEOUT_MINUTES"] * 60:
        logout_user()
        session.clear()
        flash("You were signed out after a period of inactivity.", "info")
        if request.accept_mimetypes.best == "application/json" or request.is_json:
            return {"error": "session expired; sign in again"}, 401
        return redirect(url_for("auth.login", next=request.full_path))
    session["last_seen"] = now
    return None
