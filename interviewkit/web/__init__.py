"""The Flask shell: blueprints, security headers, error pages."""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask

# One package per area, each exposing `bp`.
BLUEPRINTS = ("auth", "loops", "admin", "bank", "interviews", "recruiting", "debriefs", "api",
              "printing", "coding", "profile", "insights", "tokens")


def register_web(app: Flask) -> None:
    """Attach every blueprint and the request hooks to the app."""
    from . import errors, security, time_display

    security.init_app(app)
    errors.init_app(app)
    time_display.init_app(app)
    for name in BLUEPRINTS:
        if importlib.util.find_spec(f"{__name__}.{name}") is not None:
            module = importlib.import_module(f"{__name__}.{name}")
            app.register_blueprint(module.bp)
    app.context_processor(_template_globals)
    from ..domain.prose import in_sentence, prose_blocks

    app.add_template_filter(prose_blocks)
    app.add_template_filter(in_sentence)
    app.add_template_filter(email_breaks)
    app.add_template_filter(level_title)
    app.add_template_filter(inline_code)


def level_title(level_id: str) -> str:
    """A level's name as the catalogue spells it ("mid" -> "Mid-level")."""
    from ..domain import catalog

    return catalog.name_of(catalog.LEVELS, level_id)


def inline_code(text: str | None):
    """Text whose `back-quoted` parts read as code (the API reference's descriptions)."""
    import re

    from markupsafe import Markup, escape

    parts = re.split(r"`([^`]+)`", text or "")
    return Markup("".join(f"<code>{escape(p)}</code>" if i % 2 else str(escape(p))
                          for i, p in enumerate(parts)))


def email_breaks(address: str | None):
    """An email address that may wrap only at its @ and dots, never mid-word."""
    from markupsafe import Markup, escape

    text = str(escape(address or ""))
    text = text.replace("@", "<wbr>@").replace(".", "<wbr>.")
    return Markup(f'<span class="email-text">{text}</span>')


def _template_globals() -> dict:
    from ..domain import catalog, policy
    from .access import has_role

    return {"catalog": catalog, "has_role": has_role, "nav_links": _nav_links,
            "policy": policy}


NAV = (
    ("loops.index", "Loops", ("hiring_manager", "recruiter", "admin")),
    ("loops.new", "Plan a loop", ("hiring_manager",)),
    ("interviews.index", "My interviews", ("interviewer", "hiring_manager")),
    ("recruiting.index", "Follow-ups", ("recruiter",)),
    ("admin.users", "Users", ("admin",)),
    ("admin.audit", "Audit log", ("admin",)),
    ("admin.webhooks", "Webhooks", ("admin",)),
    ("bank.index", "Question bank", ("admin", "hiring_manager")),
    ("bank.rubrics", "Rubrics", ("admin", "hiring_manager", "interviewer")),
    ("insights.index", "Insights", ("admin", "hiring_manager", "interviewer", "recruiter")),
)


def _nav_links() -> list[tuple[str, str, tuple[str, ...]]]:
    """Return the navigation entries whose views exist in this app."""
    from flask import current_app

    return [entry for entry in NAV if entry[0] in current_app.view_functions]
