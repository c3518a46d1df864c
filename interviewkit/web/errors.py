"""Friendly error pages for people, JSON errors for the API; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db

log = logging.getLogger(__name__)


def _out_of_range(error: Exception) -> bool:
    """An integer too large for the database: SQLite's OverflowError, PostgreSQL's 22003."""
    from sqlalchemy.exc import DataError, StatementError

    if isinstance(error, OverflowError):
        return True
    if isinstance(error, StatementError) and isinstance(error.orig, OverflowError):
        return True
    return isinstance(error, DataError) and getattr(error.orig, "sqlstate", "") == "22003"


def _nul_byte_error(error: Exception) -> bool:
    """PostgreSQL refuses NUL in text: psycopg raises before the query is sent."""
    from sqlalchemy.exc import DataError

    return isinstance(error, DataError) and "NUL" in str(error.orig)


def _has_nul() -> bool:
    """A NUL character in a path, a query or a form.

    No one types NUL; SQLite would store it and PostgreSQL refuses it, so the same request
    would behave differently on the two engines. It is refused up front on both.
    """
    if "\x00" in request.path:
        return True
    if request.path.startswith("/api/v1/"):
        return False  # the API's schemas refuse control characters and name the field
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        return True
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in key or "\x00" in value
                   for key, value in request.form.items(multi=True))
    # JSON bodies are checked by each endpoint's own validation, which names the field.
    return False

MESSAGES = {
    400: ("Something in that request was not right", "Go back, check the form and try again."),
    401: ("Please sign in", "Your session ended. Sign in again to continue."),
    403: ("Not allowed", "Your account cannot do that."),
    404: ("Not found", "The page does not exist, or your account cannot see it."),
    405: ("Not allowed here", "That action is not available on this page."),
    409: ("Changed elsewhere", "Someone changed this while you were working. Reload to see it."),
    413: ("Too large", "That request was larger than the server accepts."),
    429: ("Too many requests", "Wait a moment, then try again."),
    500: ("Something went wrong on our side", "Nothing you typed was lost on purpose. "
          "Try again; if it keeps happening, tell an admin."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json") \
        or request.is_json or (
        request.accept_mimetypes.best == "application/json")


def _render(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/v1/"):
        from .api.problems import problem_response

        return problem_response(code, detail or text)
    if _wants_json():
        return {"error": detail or title}, code
    return render_template("error.html", code=code, title=title, text=detail or text), code


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        if _has_nul():
            return _render(400, "The request contains a NUL character, which no field accepts.")
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        if _wants_json():
            return {"error": "the form's security token is missing or invalid; reload the page",
                    "csrf": True}, 400
        return render_template("error.html", code=400, title="Your form expired",
                               text="The page was open for too long or in another session. "
                                    "Go back, reload, and submit again."), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        detail = error.description if _wants_json() and error.code != 404 else None
        return _render(error.code or 500, detail)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return http_error(error)
        if _out_of_range(error):
            # A number beyond what the database stores reached a query: the request was bad.
            log.info("out-of-range number on %s %s: %s", request.method, request.path, error)
            return _render(400, "A number in the request is out of range.")
        if _nul_byte_error(error):
            log.info("NUL character reached the database on %s %s", request.method, request.path)
            return _render(400, "The request contains a NUL character, which no field accepts.")
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(InternalServerError.code)
