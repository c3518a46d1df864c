"""The Flask shell: blueprints, security headers, error pages."""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask

# One package per area, each exposing `bp`.
BLUEPRINTS = ("auth", "loops", "admin", "bank", "interviews", "recruiting", "debriefs", "api",
              "printing")


def register_web(app: Flask) -> None:
    """Attach every blueprint and the request hooks to the app."""
    from . import errors, security

    security.init_app(app)
    errors.init_app(app)
    for name in BLUEPRINTS:
        if importlib.util.find_spec(f"{__name__}.{name}") is not None:
            module = importlib.import_module(f"{__name__}.{name}")
            app.register_blueprint(module.bp)
    app.context_processor(_template_globals)
    from ..domain.prose import prose_blocks

    app.add_template_filter(prose_blocks)


def _template_globals() -> dict:
    from ..domain import catalog
    from .access import has_role

    return {"catalog": catalog, "has_role": has_role, "nav_links": _nav_links}


NAV = (
    ("loops.index", "Loops", ("hiring_manager", "recruiter", "admin")),
    ("loops.new", "Plan a loop", ("hiring_manager",)),
    ("interviews.index", "My interviews", ("interviewer", "hiring_manager")),
    ("recruiting.index", "Follow-ups", ("recruiter",)),
    ("admin.users", "Users", ("admin",)),
    ("bank.index", "Question bank", ("admin", "hiring_manager")),
    ("bank.rubrics", "Rubrics", ("admin", "hiring_manager", "interviewer")),
)


def _nav_links() -> list[tuple[str, str, tuple[str, ...]]]:
    """Return the navigation entries whose views exist in this app."""
    from flask import current_app

    return [entry for entry in NAV if entry[0] in current_app.view_functions]
