"""A decided loop is a record: later bank and rubric imports never rewrite its debrief or packet."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markupsafe import escape

from interviewkit.domain.bank import load_bank
from interviewkit.domain.rubric import load_rubric_set
from interviewkit.domain.scorecard import ScorecardContent, raise_for
from interviewkit.extensions import db
from interviewkit.models import BankQuestion, Loop, QuestionVersion, Scorecard, User
from interviewkit.services import debriefs
from interviewkit.services import scorecards as service
from interviewkit.services.bank import sync_questions
from interviewkit.services.rubrics import import_rubrics, latest_rubric_version
from interviewkit.web.printing import views as printing_views
from tests.conftest import sign_in
from tests.pdf.helpers import all_text
from tests.web._scoring import complete_content, published_loop

pytestmark = pytest.mark.db

NOTES = "Asked for a production incident she owned: could not name a production failure."
NEW_PROMPT = "A REWRITTEN PROMPT that the decided loop must never show."
NEW_ANCHOR = "A REWRITTEN ANCHOR that the decided loop must never show, long enough to pass."
NEW_LABEL = "A renamed incident flag"


def _submit_everything(loop: Loop) -> None:
    """Submit every round's scorecard through the write use case, confirming each proposal."""
    for loop_round in loop.rounds:
        person = loop_round.interviewers[0]
        body = complete_content(loop_round.kind, notes=NOTES)
        content = service.parse_draft(body)
        rubrics = service.rubrics_for(loop)
        body["flag_decisions"] = {
            flag.id: {"decision": "confirmed", "reason": "", "because": flag.because}
            for flag in service.proposals(rubrics, loop, loop_round.kind, content)}
        outcome = service.write_scorecard(loop_round, person, "submit", uuid.uuid4().hex,
                                          {"version": 0, **body})
        assert outcome.status == 200, outcome.body
        db.session.commit()


def _edited_rubrics(app, tmp_path: Path, criterion_anchor: str) -> Path:
    """Copy the shipped rubrics with one anchor, one flag rule and one flag label changed."""
    source = Path(app.config["RUBRICS_DIR"])
    target = tmp_path / "rubrics"
    target.mkdir()
    for path in source.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "screen.yaml":
            assert text.count(criterion_anchor) == 1
            text = text.replace(criterion_anchor, NEW_ANCHOR)
            # The text rule stops reading "could not name a failure" as a missing story.
            rule = "        - {kind: text, negates: [incident]}\n"
            phrase = '            - "(?:couldn\'t|could not|can\'t|cannot|didn\'t|unable to)'
            assert rule in text and phrase in text
            text = text.replace(rule, "").replace(phrase, '            - "zzz-never-said|(?:zzz)')
        if path.name == "flags.yaml":
            text = text.replace("label: No production incident story", f"label: {NEW_LABEL}")
        (target / path.name).write_text(text, encoding="utf-8")
    return target


def _pages(app, loop_id: int, owner_id: int, recruiter_id: int) -> dict[str, str]:
    client = app.test_client()
    with app.app_context():
        sign_in(client, db.session.get(User, owner_id))
    debrief = client.get(f"/loops/{loop_id}/debrief")
    assert debrief.status_code == 200
    recruiter = app.test_client()
    with app.app_context():
        sign_in(recruiter, db.session.get(User, recruiter_id))
    printed = recruiter.get(f"/loops/{loop_id}/print")
    packet = recruiter.get(f"/loops/{loop_id}/packet.pdf")
    assert printed.status_code == 200 and packet.status_code == 200
    return {"debrief": _without_csrf(debrief.get_data(as_text=True)),
            "print": _without_csrf(printed.get_data(as_text=True)),
            "packet": all_text(packet.data)}


def _without_csrf(page: str) -> str:
    # The CSRF token is fresh on every render; it is not part of the record.
    return re.sub(r'(name="csrf[-_]token"[^>]*(?:value|content)=")[^"]*', r"\1", page)


def test_a_decided_loop_reads_the_same_after_bank_and_rubric_changes(app, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(printing_views, "_now", lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    with app.app_context():
        owner = User(email="owner@example.net", name="Olga Owner", role="hiring_manager",
                     password_hash="x")
        recruiter = User(email="rec@example.net", name="Rui Recruiter", role="recruiter",
                         password_hash="x")
        db.session.add_all([owner, recruiter])
        loop = published_loop(owner=owner, level="senior", hours_from_now=-48)
        db.session.commit()
        _submit_everything(loop)
        loop = db.session.get(Loop, loop.id)
        assert loop.status == "awaiting_debrief"
        debriefs.decide(loop, owner, "no_hire", "No owned production failure story.")
        db.session.commit()
        ids = {"loop": loop.id, "owner": owner.id, "recruiter": recruiter.id}
        screen = loop.round("screen")
        question_id = screen.questions[0].question_id
        old_prompt = screen.questions[0].question.prompt
        criterion = service.rubrics_for(loop).for_round("screen").criteria[0]
        old_anchor = criterion.anchor("senior", 3)
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == screen.id)).scalar_one()
        settled = {f["id"]: f for f in card.settled_flags}
        assert settled["no-incident-story"]["decision"] == "confirmed"
        assert settled["no-incident-story"]["severity"] == "blocking"
        assert card.rubric_version == loop.rubric_version

    before = _pages(app, ids["loop"], ids["owner"], ids["recruiter"])
    # The page escapes HTML ("Your churn model's" is "Your churn model&#39;s" there).
    assert str(escape(old_prompt.split("\n")[0][:40])) in before["print"]
    assert "No production incident story" in before["packet"]

    rubrics_dir = _edited_rubrics(app, tmp_path, old_anchor)
    with app.app_context():
        bank = [dataclasses.replace(q, prompt=NEW_PROMPT) if q.id == question_id else q
                for q in load_bank(app.config["QUESTION_BANK_DIR"])]
        report = sync_questions(bank)
        assert question_id in report.updated
        import_rubrics(rubrics_dir)
        db.session.commit()
        # The changes are real: today's engine, rubric and bank say something else.
        edited = load_rubric_set(rubrics_dir)
        assert edited.for_round("screen").criteria[0].anchor("senior", 3) == NEW_ANCHOR
        loop = db.session.get(Loop, ids["loop"])
        content = ScorecardContent(notes=NOTES)
        # The rule that read the notes is gone, and whatever the engine (rules and the trained
        # notes reader) still proposes today comes under the renamed flag.
        today = {f.id: f for f in raise_for(edited, "screen", loop.lane, loop.level, content)}
        assert edited.flags["no-incident-story"].label == NEW_LABEL
        if "no-incident-story" in today:
            assert today["no-incident-story"].label == NEW_LABEL
        assert db.session.get(BankQuestion, question_id).prompt == NEW_PROMPT
        assert latest_rubric_version() == loop.rubric_version + 1
        # The old versions stay readable.
        versions = db.session.execute(db.select(QuestionVersion.version, QuestionVersion.prompt)
                                      .where(QuestionVersion.question_id == question_id)
                                      .order_by(QuestionVersion.version)).all()
        assert [prompt for _, prompt in versions] == [old_prompt, NEW_PROMPT]

    after = _pages(app, ids["loop"], ids["owner"], ids["recruiter"])
    for name in ("debrief", "print", "packet"):
        assert after[name] == before[name], name
    assert NEW_PROMPT not in after["print"] and NEW_ANCHOR not in after["debrief"]
    assert NEW_LABEL not in after["packet"]
