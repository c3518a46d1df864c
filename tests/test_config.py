"""Configuration: environment overrides, database URLs, the production secret key."""

from __future__ import annotations

import pytest

from interviewkit import create_app
from interviewkit.config import ConfigError, database_url


def test_missing_secret_key_is_a_clear_startup_error(monkeypatch, tmp_path):
    monkeypatch.delenv("INTERVIEWKIT_SECRET_KEY", raising=False)
    monkeypatch.delenv("INTERVIEWKIT_DEMO", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    with pytest.raises(ConfigError, match="INTERVIEWKIT_SECRET_KEY"):
        create_app()


def test_environment_overrides_with_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("INTERVIEWKIT_SECRET_KEY", "from-env")
    monkeypatch.setenv("INTERVIEWKIT_PAPER_SIZE", "letter")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["PAPER_SIZE"] == "letter"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")


def test_demo_mode_keeps_one_generated_key_across_restarts(monkeypatch, tmp_path):
    monkeypatch.delenv("INTERVIEWKIT_SECRET_KEY", raising=False)
    monkeypatch.setenv("INTERVIEWKIT_DEMO", "1")
    monkeypatch.setenv("INTERVIEWKIT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    key = create_app().config["SECRET_KEY"]
    assert len(key) >= 32 and (tmp_path / "secret_key").read_text().strip() == key
    assert create_app().config["SECRET_KEY"] == key


@pytest.mark.parametrize("given, expected", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_database_url_uses_psycopg3(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url("/tmp") == expected


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url("/srv/instance") == "sqlite:////srv/instance/interviewkit.sqlite3"
