"""The imported question bank and rubric documents."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db
from .clock import utcnow


class BankQuestion(db.Model):
    __tablename__ = "questions"

    id: so.Mapped[str] = so.mapped_column(sa.String(80), primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    round: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    lanes: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    levels: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    signals: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    domains: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    minutes: so.Mapped[int]
    follow_ups: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    strong_answer: so.Mapped[str] = so.mapped_column(sa.Text)
    weak_answer: so.Mapped[str] = so.mapped_column(sa.Text)
    source: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    version: so.Mapped[int] = so.mapped_column(default=1)
    active: so.Mapped[bool] = so.mapped_column(default=True, index=True)
    times_used: so.Mapped[int] = so.mapped_column(default=0)
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    retired_at: so.Mapped[datetime | None]


class RubricDocument(db.Model):
    """One rubric YAML file as imported; the app parses rubrics from these texts."""

    __tablename__ = "rubric_documents"

    name: so.Mapped[str] = so.mapped_column(sa.String(120), primary_key=True)
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    version: so.Mapped[int] = so.mapped_column(default=1)
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
