"""Security headers and login wiring shared by every page."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask.wrappers import Response
from markupsafe import Markup, escape
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import login_manager

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
       "object-src 'none'; frame-ancestors 'none'")


class _SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure)


# Explicit bidi embeddings, overrides and isolates: in user text they can reverse what
# follows them on the page (U+202E), past the end of the field.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate_bidi(value: Any) -> Any:
    """Jinja `finalize`: every {{ value }} holding bidi controls is wrapped in FSI...PDI, the
    character form of <bdi> (it also works inside attributes), so its direction changes end
    with it. Markup (already rendered HTML) passes through unchanged."""
    if type(value) is str and _BIDI_CONTROLS.search(value):
        return "\u2068" + value + "\u2069"
    return value


def bdi(value: Any) -> Markup:
    """Template filter: user text in <bdi>, isolated from the text around it."""
    return Markup("<bdi>") + escape(value) + Markup("</bdi>")


def init_app(app: Flask) -> None:
    from . import hostile

    hostile.init_app(app)
    app.jinja_env.finalize = isolate_bidi
    app.add_template_filter(bdi)
    app.session_interface = _SessionInterface()
    if app.config.get("PROXY_HOPS"):
        # Behind a load balancer: trust its X-Forwarded-Proto/For/Host, so HTTPS is seen.
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(_security_headers)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)


def _load_user(user_id: str):
    """Load the signed-in user, only while the cookie's server-side session is live: signing
    out, a password change or deactivation ends it, and every copy of the cookie with it."""
    from flask import session

    from ..services.users import user_with_live_session

    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or len(raw_id) > 10:
        return None
    user = user_with_live_session(int(raw_id), session.get("sid"))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.path.startswith("/static/"):
        # Pages carry candidate data: never store them in a shared or browser cache.
        headers["Cache-Control"] = "no-store"
    return response
