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
    # Planning and per-level content (issue 9).
    concept: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    deployment_targets: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    work_types: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    shapes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    extends: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    level_bar: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    separates: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    hints: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    pushes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    version: so.Mapped[int] = so.mapped_column(default=1)
    active: so.Mapped[bool] = so.mapped_column(default=True, index=True)
    times_used: so.Mapped[int] = so.mapped_column(default=0)
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    retired_at: so.Mapped[datetime | None]


class QuestionVersion(db.Model):
    """One version of a question's text as imported; a loop renders the version it pinned."""

    __tablename__ = "question_versions"

    question_id: so.Mapped[str] = so.mapped_column(
        sa.ForeignKey("questions.id"), primary_key=True)
    version: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    title: so.Mapped[str] = so.mapped_column(sa.String(120))
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    round: so.Mapped[str] = so.mapped_column(sa.String(20))
    signals: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    minutes: so.Mapped[int]
    follow_ups: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    strong_answer: so.Mapped[str] = so.mapped_column(sa.Text)
    weak_answer: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Planning and per-level content, kept per version like the text (issue 9).
    concept: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    deployment_targets: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    work_types: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    shapes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    extends: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    level_bar: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    separates: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    hints: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    pushes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)

    @property
    def id(self) -> str:
        """The question's id, so a pinned version reads like the bank row it came from."""
        return self.question_id


class RubricVersion(db.Model):
    """Every rubric file's text at one import; loops and scorecards name the version they used."""

    __tablename__ = "rubric_versions"

    version: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    digest: so.Mapped[str] = so.mapped_column(sa.String(64))
    texts: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON)
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class RubricDocument(db.Model):
    """One rubric YAML file as imported; the app parses rubrics from these texts."""

    __tablename__ = "rubric_documents"

    name: so.Mapped[str] = so.mapped_column(sa.String(120), primary_key=True)
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    version: so.Mapped[int] = so.mapped_column(default=1)
    imported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
