"""interviewkit: structured four-round interview loops for ML engineers."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import DEFAULTS, ConfigError, database_url


def create_app(test_config: dict[str, Any] | None = None, *, for_cli: bool = False) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("INTERVIEWKIT_INSTANCE_PATH") or None)
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    if test_config is None:
        app.config.from_prefixed_env("INTERVIEWKIT")
    else:
        app.config.from_mapping(test_config)
    if for_cli and not app.config.get("SECRET_KEY"):
        # Commands sign nobody in, so they need no shared key.
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    _check_secret_key(app)
    os.makedirs(app.instance_path, exist_ok=True)
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # A SQLite file cannot drop a pooled connection: no ping before every request.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    from .extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from flask_bootstrap import Bootstrap5

    Bootstrap5(app)

    from . import models  # noqa: F401  (register the tables)
    from .web import register_web

    register_web(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _migrations_dir() -> os.PathLike[str]:
    from .config import PROJECT_ROOT

    return PROJECT_ROOT / "migrations"


def _check_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.config.get("DEMO") or app.testing:
        # Keep the generated key in the instance folder so a restart signs nobody out.
        os.makedirs(app.instance_path, exist_ok=True)
        key_file = os.path.join(app.instance_path, "secret_key")
        if not os.path.exists(key_file):
            with open(os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
                handle.write(os.urandom(32).hex())
        with open(key_file) as handle:
            app.config["SECRET_KEY"] = handle.read().strip()
        return
    raise ConfigError(
        "INTERVIEWKIT_SECRET_KEY is not set. Set it to a long random value shared by every "
        "app server (e.g. python -c 'import secrets; print(secrets.token_hex(32))'), or set "
        "INTERVIEWKIT_DEMO=1 for a local demo.")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Switch on WAL, a busy timeout and foreign keys for every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
