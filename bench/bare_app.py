"""The bare baseline bench/http_speed.py measures against: Flask-SQLAlchemy, one table, no logic.

`gunicorn bench.bare_app:app` with BARE_DATABASE_URL pointing at a SQLite file.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine


class Base(so.DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):
    __tablename__ = "notes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    owner: so.Mapped[int]
    notes: so.Mapped[str] = so.mapped_column(sa.Text)
    ratings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    updated_at: so.Mapped[datetime]


@event.listens_for(Engine, "connect")
def _pragmas(connection: Any, _record: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Note {{ n.id }}</title>
</head><body><main><h1>Note {{ n.id }}</h1>
{% for k, v in n.ratings.items() %}<p>{{ k }}: {{ v }}</p>{% endfor %}
<textarea>{{ n.notes }}</textarea></main></body></html>"""


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BARE_DATABASE_URL"]
    db.init_app(app)

    @app.post("/save")
    def save():
        data = request.get_json()
        note = Note(owner=int(data.get("owner", 0)), notes=str(data.get("notes", "")),
                    ratings=dict(data.get("ratings") or {}),
                    updated_at=datetime.now(UTC).replace(tzinfo=None))
        db.session.add(note)
        db.session.commit()
        return {"ok": True, "id": note.id}

    @app.get("/page/<int:note_id>")
    def page(note_id: int):
        return render_template_string(PAGE, n=db.get_or_404(Note, note_id))

    return app


app = create_app()
