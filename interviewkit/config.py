"""Configuration defaults; the environment overrides them with INTERVIEWKIT_* and DATABASE_URL."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "SECRET_KEY": None,
    "DEMO": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "QUESTION_BANK_DIR": str(PROJECT_ROOT / "question_bank"),
    "RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
    # An interview runs for hours on one page: the token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # HTTPS requests get Secure cookies regardless
    "PROXY_HOPS": 0,  # proxies in front of the app whose X-Forwarded-* headers to trust
    "REMEMBER_COOKIE_HTTPONLY": True,
    "IDLE_TIMEOUT_MINUTES": 240,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_MINUTES": 15,
    "PAPER_SIZE": "a4",
    "BOOTSTRAP_SERVE_LOCAL": True,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
}


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot run the app safely."""


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL, normalised for psycopg 3, or the instance SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "interviewkit.sqlite3")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
