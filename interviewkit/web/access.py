"""Role and ownership checks, made explicitly before a view does any work."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])

HOME_ENDPOINTS = {
    "admin": "admin.users",
    "hiring_manager": "loops.index",
    "interviewer": "interviews.index",
    "recruiter": "recruiting.index",
}


def roles_required(*roles: str) -> Callable[[F], F]:
    """Let only signed-in users with one of the roles through; others get 404."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                # 404, not 403: a page a role cannot use does not exist for it.
                abort(404)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def has_role(*roles: str) -> bool:
    return current_user.is_authenticated and current_user.role in roles
