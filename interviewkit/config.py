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
    # Sign-in throttling (shared by every app server through the database): past these
    # allowances each try waits a back-off that doubles per failure, up to the maximum.
    "LOGIN_MAX_FAILURES": 5,            # failed attempts per account in the window
    "LOGIN_ADDRESS_MAX_FAILURES": 20,   # failed attempts per client address in the window
    "LOGIN_WINDOW_MINUTES": 15,
    "LOGIN_BACKOFF_SECONDS": 15,
    "LOGIN_BACKOFF_MAX_SECONDS": 600,
    "LOGIN_ATTEMPT_RETENTION_DAYS": 30,  # the worker deletes older sign-in attempts
    "PASSWORD_RESET_HOURS": 24,         # how long an admin-issued reset link works
    "PAPER_SIZE": "a4",
    "BOOTSTRAP_SERVE_LOCAL": True,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "JSON_MAX_BYTES": 2 * 1024 * 1024,  # JSON bodies beyond this are a 400 before parsing
    # Scheduling and mail (services/outbox.py, mail.py, calendar.py, reminders.py).
    "DEFAULT_TIME_ZONE": "UTC",   # for people who have not chosen one
    "BASE_URL": "http://127.0.0.1:5000",  # links in mail and calendar invites
    "SMTP_URL": "",               # smtp://, smtp+starttls:// or smtps://user:pass@host:port
    "MAIL_FROM": "interviewkit <interviewkit@localhost>",
    "MAIL_LOG": "",               # demo mail log; default instance/mail.log
    "REMINDER_LIMIT": 10,         # automatic reminders per owed scorecard
    "OUTBOX_MAX_ATTEMPTS": 8,     # then a message is marked failed
    # Requests one API token may make per window, per app server (429 and Retry-After past it).
    "API_RATE_LIMIT": 300,
    "API_RATE_WINDOW_SECONDS": 60,
    # Webhook deliveries (services/webhooks.py, webhook_http.py): the most seconds one attempt
    # may take in all (look-up, connect, send, answer), and the look-up alone.
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    "WEBHOOK_DNS_TIMEOUT_SECONDS": 5,
    # Off: subscriptions and deliveries to loopback, private, link-local, unique-local,
    # multicast or unspecified addresses (or names resolving to them) are refused. Turn on
    # only where the receivers are on a trusted private network (the demo, tests).
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": False,
    # Candidate CSV imports (web, API and CLI): the largest file and the most rows.
    "IMPORT_MAX_BYTES": 256 * 1024,
    "IMPORT_MAX_ROWS": 500,
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
