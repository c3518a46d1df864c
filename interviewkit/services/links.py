"""Absolute links for mail and calendar invites, built without a request."""

from __future__ import annotations

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """Return INTERVIEWKIT_BASE_URL joined with the endpoint's path."""
    base = (current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)
