"""Importing the bank: idempotent, all or nothing, versions changes, retires removals."""

from __future__ import annotations

import shutil
import textwrap

import pytest
import sqlalchemy as sa

from interviewkit.domain.problems import ContentError
from interviewkit.extensions import db
from interviewkit.models import BankQuestion
from interviewkit.services.bank import import_bank

pytestmark = pytest.mark.db

QUESTION = textwrap.dedent("""\
    questions:
      - id: {qid}
        title: {title}
        prompt: Tell me about a model you shipped.
        round: screen
        lanes: [applied]
        levels: [mid]
        signals: [ownership]
        minutes: 10
        strong_answer: Owns it.
        weak_answer: Does not.
        concept: {qid}
    """)


def write(folder, name, qid, title="A title"):
    (folder / name).write_text(QUESTION.format(qid=qid, title=title))


def rows():
    return {r.id: r for r in db.session.execute(sa.select(BankQuestion)).scalars()}


def test_shipped_bank_reimport_changes_nothing(session, app):
    before = {qid: (r.version, r.content_hash) for qid, r in rows().items()}
    report = import_bank(app.config["QUESTION_BANK_DIR"])
    assert report.added == report.updated == report.retired == []
    assert report.unchanged == len(before)
    assert {qid: (r.version, r.content_hash) for qid, r in rows().items()} == before


def test_text_change_bumps_version_and_removal_retires(session, tmp_path):
    write(tmp_path, "a.yaml", "screen-one")
    write(tmp_path, "b.yaml", "screen-two")
    first = import_bank(tmp_path)
    assert sorted(first.added) == ["screen-one", "screen-two"]
    assert len(first.retired) > 100  # the shipped bank is not in this folder
    write(tmp_path, "a.yaml", "screen-one", title="A better title")
    (tmp_path / "b.yaml").unlink()
    second = import_bank(tmp_path)
    assert second.updated == ["screen-one"] and second.retired == ["screen-two"]
    current = rows()
    assert current["screen-one"].version == 2
    assert current["screen-one"].title == "A better title"
    assert current["screen-two"].active is False and current["screen-two"].retired_at
    write(tmp_path, "b.yaml", "screen-two")
    third = import_bank(tmp_path)
    assert third.restored == ["screen-two"] and rows()["screen-two"].active


def test_a_bad_file_imports_nothing(session, app, tmp_path):
    shutil.copytree(app.config["QUESTION_BANK_DIR"], tmp_path / "bank")
    write(tmp_path / "bank", "new.yaml", "screen-brand-new")
    broken = (tmp_path / "bank" / "screen.yaml").read_text().replace(
        "    round: screen", "    round: scren", 1)
    (tmp_path / "bank" / "screen.yaml").write_text(broken)
    count = len(rows())
    with pytest.raises(ContentError) as error:
        import_bank(tmp_path / "bank")
    [problem] = error.value.problems
    assert problem.file.endswith("screen.yaml") and problem.field == "round"
    assert problem.line > 1
    assert len(rows()) == count and "screen-brand-new" not in rows()
