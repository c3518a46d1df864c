"""Fixtures: one migrated database per run (SQLite, or PostgreSQL via DATABASE_URL),
emptied of everything but the shipped content after each test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from interviewkit import create_app
from interviewkit.config import PROJECT_ROOT
from interviewkit.extensions import db

CONTENT_TABLES = {"questions", "rubric_documents", "alembic_version"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1) \
            if url.startswith("postgresql://") else url
        worker = _xdist_worker(request)
        return _worker_database(url, worker) if worker else url
    # Under pytest-xdist every worker has its own base temp directory, so its own file.
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _xdist_worker(request: pytest.FixtureRequest) -> str | None:
    """The pytest-xdist worker's name ("gw0"), or None when the run is not distributed."""
    worker_input = getattr(request.config, "workerinput", None)
    return worker_input["workerid"] if worker_input else None


def _worker_database(url: str, worker: str) -> str:
    """A database of the worker's own on the same PostgreSQL server, created when missing."""
    base = sa.engine.make_url(url)
    if not base.drivername.startswith("postgresql"):
        return url
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": name}).scalar()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def make_app(database_url: str, instance: Path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "QUESTION_BANK_DIR": str(PROJECT_ROOT / "question_bank"),
        "RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
    }
    config.update(overrides)
    app = create_app(config)
    app.instance_path = str(instance)
    _APPS.append(app)
    return app


# Apps built during the current test; their connection pools are closed when it ends.
_APPS: list = []


def _dispose_engines() -> None:
    """Close every pool the test's apps opened, or PostgreSQL runs out of connection slots."""
    while _APPS:
        built = _APPS.pop()
        with built.app_context():
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture(scope="session")
def _migrated(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Build the schema by running the migrations, then import the shipped content."""
    from flask_migrate import upgrade

    from interviewkit.services.bank import import_bank
    from interviewkit.services.rubrics import import_rubrics

    app = make_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        _drop_everything()
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        import_bank(app.config["QUESTION_BANK_DIR"])
        import_rubrics(app.config["RUBRICS_DIR"])
        db.session.commit()
    return database_url


def _drop_everything() -> None:
    engine = db.engine
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    meta.drop_all(bind=engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _reset_to_shipped_content(app) -> None:
    from interviewkit.domain.bank import load_bank
    from interviewkit.models import BankQuestion, QuestionVersion
    from interviewkit.services.bank import keep_current_versions, sync_questions
    from interviewkit.services.rubrics import forget_parsed_versions, import_rubrics

    with app.app_context():
        db.session.rollback()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in CONTENT_TABLES]
        for table in tables:
            db.session.execute(table.delete())
        shipped = load_bank(app.config["QUESTION_BANK_DIR"])
        ids = [q.id for q in shipped]
        db.session.execute(sa.delete(BankQuestion).where(BankQuestion.id.not_in(ids)))
        sync_questions(shipped)
        db.session.execute(sa.update(BankQuestion).values(version=1, times_used=0))
        db.session.execute(sa.delete(QuestionVersion))
        keep_current_versions()
        import_rubrics(app.config["RUBRICS_DIR"])
        forget_parsed_versions()
        db.session.commit()
        db.session.remove()
    _dispose_engines()


@pytest.fixture
def app(_migrated: str, tmp_path: Path):
    app = make_app(_migrated, tmp_path)
    yield app
    _reset_to_shipped_content(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A database session inside an app context, for service and model tests."""
    with app.app_context():
        yield db.session


def sign_in(client, user) -> None:
    """Sign a test client in as a user without the sign-in form (that has its own tests)."""
    from interviewkit.models import utcnow
    from interviewkit.services.users import start_session

    with client.application.app_context():
        sid = start_session(user)
        db.session.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess["sid"] = sid
        sess["_fresh"] = True
        sess["last_seen"] = utcnow().timestamp()


@pytest.fixture
def make_user(app):
    """Create and commit a user; return it detached-safe (expire_on_commit is off)."""
    from tests.factories import UserFactory

    def make(role: str = "interviewer", **fields):
        with app.app_context():
            user = UserFactory(role=role, **fields)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def pytest_collection_modifyitems(config, items):
    """Mark every test that touches the database, so CI can rerun them on PostgreSQL."""
    for item in items:
        if "/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            continue
        if {"app", "session", "client", "runner"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
