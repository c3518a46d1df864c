"""A draft loop adopts newer question text in one action that says what changed."""

from __future__ import annotations

import dataclasses

import pytest

from interviewkit.domain.bank import load_bank
from interviewkit.extensions import db
from interviewkit.models import Loop
from interviewkit.services.bank import sync_questions
from tests.conftest import sign_in
from tests.web._scoring import published_loop

pytestmark = pytest.mark.db

NEW_PROMPT = "Walk me through a newer wording of this question, written for this test."


def _loop_with_changed_question(app, published: bool) -> tuple[int, int, str]:
    with app.app_context():
        loop = published_loop()
        if not published:
            loop.published_at = None
            loop.rubric_version = None
        pinned = loop.round("screen").questions[0]
        question_id, old_prompt = pinned.question_id, pinned.question.prompt
        db.session.commit()
        bank = [dataclasses.replace(q, prompt=NEW_PROMPT) if q.id == question_id else q
                for q in load_bank(app.config["QUESTION_BANK_DIR"])]
        sync_questions(bank)
        db.session.commit()
        return loop.id, loop.owner_id, old_prompt


def _as_owner(app, client, owner_id):
    from interviewkit.models import User

    with app.app_context():
        sign_in(client, db.session.get(User, owner_id))


def _csrf_off(app):
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_draft_loop_lists_newer_text_and_adopts_it_in_one_action(app, client):
    loop_id, owner_id, old_prompt = _loop_with_changed_question(app, published=False)
    _csrf_off(app)
    _as_owner(app, client, owner_id)
    page = client.get(f"/loops/{loop_id}").get_data(as_text=True)
    assert "Newer question text" in page and "prompt changed (version 1 → 2)" in page
    with app.app_context():
        assert db.session.get(Loop, loop_id).round("screen").questions[0].question.prompt \
            == old_prompt  # nothing moves until the manager says so
    response = client.post(f"/loops/{loop_id}/adopt-versions", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Updated to the newest question text" in text and "prompt changed" in text
    with app.app_context():
        pinned = db.session.get(Loop, loop_id).round("screen").questions[0]
        assert (pinned.question_version, pinned.question.prompt) == (2, NEW_PROMPT)
    assert "Newer question text" not in client.get(f"/loops/{loop_id}").get_data(as_text=True)


def test_a_published_loop_keeps_the_text_it_was_published_with(app, client):
    loop_id, owner_id, old_prompt = _loop_with_changed_question(app, published=True)
    _csrf_off(app)
    _as_owner(app, client, owner_id)
    assert "Newer question text" not in client.get(f"/loops/{loop_id}").get_data(as_text=True)
    client.post(f"/loops/{loop_id}/adopt-versions")
    with app.app_context():
        pinned = db.session.get(Loop, loop_id).round("screen").questions[0]
        assert (pinned.question_version, pinned.question.prompt) == (1, old_prompt)
