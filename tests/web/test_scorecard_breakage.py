"""Regression tests for what "trying to break it" found in the scorecard write path."""
# ruff: noqa: F811  (the imported world fixture is requested by name)

from __future__ import annotations

import pytest
import sqlalchemy as sa

from interviewkit.domain.scorecard import ENGINE_NOTES_LIMIT, ScorecardContent, raise_for
from interviewkit.extensions import db
from interviewkit.models import IdempotencyKey, Scorecard, utcnow
from interviewkit.services import scorecards as service
from tests.factories import UserFactory
from tests.web._scoring import complete_content, published_loop, shipped_rubrics, submitted_card
from tests.web.test_scorecards import (
    as_user,
    card_of,
    draft_url,
    key,
    post,
    submit_url,
    world,  # noqa: F401
)

pytestmark = pytest.mark.db


def _first_save_races_with(app, monkeypatch, world, also_key: str | None = None):
    """Make the first save find no scorecard while another request has just stored one."""
    real = service.find_scorecard
    calls = []

    def racing(loop_round, user_id):
        if not calls:
            calls.append(1)
            with db.engine.begin() as other:
                card_id = other.execute(sa.insert(Scorecard).values(
                    round_id=loop_round.id, interviewer_id=user_id, status="draft", version=1,
                    ratings={}, evidence={}, probes={}, observed_flags=[], flag_decisions={},
                    notes="from the other tab", created_at=utcnow(), updated_at=utcnow(),
                ).returning(Scorecard.id)).scalar_one()
                if also_key:
                    other.execute(sa.insert(IdempotencyKey).values(
                        key=also_key, user_id=user_id, scope=f"draft:{loop_round.id}",
                        scorecard_id=card_id, status_code=200, created_at=utcnow(),
                        response={"ok": True, "version": 1, "first": "answer"}))
            return None
        return real(loop_round, user_id)

    monkeypatch.setattr(service, "find_scorecard", racing)


def test_two_first_saves_at_once_give_a_conflict_not_a_500(app, client, world, monkeypatch):
    as_user(app, client, world["ines"])
    _first_save_races_with(app, monkeypatch, world)
    response = post(client, draft_url(world["design"]), {"version": 0, "notes": "this tab"})
    assert response.status_code == 409 and response.json["conflict"] is True
    assert response.json["current"]["notes"] == "from the other tab"


def test_a_retry_racing_its_own_first_request_gets_the_first_answer(app, client, world,
                                                                     monkeypatch):
    as_user(app, client, world["ines"])
    same = key()
    _first_save_races_with(app, monkeypatch, world, also_key=same)
    response = post(client, draft_url(world["design"]), {"version": 0, "notes": "retry"},
                    idem=same)
    assert response.status_code == 200 and response.json["first"] == "answer"


@pytest.mark.parametrize("field, body", [
    ("evidence.", lambda c: {"evidence": {c: "fine \udfff broken"}}),
    ("notes", lambda c: {"notes": "a lone surrogate \ud800 here"}),
    ("notes", lambda c: {"notes": "a NUL \x00 byte"}),
    ("evidence.", lambda c: {"evidence": {c: "NUL\x00"}}),
    ("flag_decisions.no-tradeoffs.reason",
     lambda c: {"flag_decisions": {"no-tradeoffs": {"decision": "dismissed",
                                                    "reason": "\udfff"}}}),
])
def test_broken_text_is_refused_at_the_boundary_naming_the_field(app, client, world, field,
                                                                 body):
    as_user(app, client, world["ines"])
    criterion = shipped_rubrics().for_round("system_design").criteria[0].id
    payload = {"version": 0, **body(criterion)}
    response = post(client, draft_url(world["design"]), payload)
    assert response.status_code == 400
    expected = field + criterion if field.endswith(".") else field
    assert response.json["field"] == expected and expected in response.json["error"]
    assert card_of(app, world["design"], world["ines"]) is None  # nothing stored
    # The proposals endpoint refuses it the same way rather than failing.
    proposals = client.post(f"/interviews/rounds/{world['design']}/scorecard/flags",
                            json=payload, headers={"Accept": "application/json"})
    assert proposals.status_code == 400


def test_a_panelist_on_two_rounds_reads_round_b_only_after_scoring_round_b(app, client):
    with app.app_context():
        both, colleague = UserFactory(name="Pat Panel"), UserFactory(name="Col League")
        loop = published_loop(panel={"coding": [both], "screen": [both, colleague],
                                     "deep_dive": [colleague]})
        submitted_card(loop.round("screen"), colleague, notes="SCREEN-NOTES-OF-COLLEAGUE")
        submitted_card(loop.round("deep_dive"), colleague, notes="DEEP-DIVE-NOTES")
        submitted_card(loop.round("coding"), both)  # round A is in; round B is not
        db.session.commit()
        ids = {"both": both.id, "screen": loop.round("screen").id,
               "coding": loop.round("coding").id}
        db.session.expire_all()
        visible = {c.round.kind for c in service.visible_scorecards(loop, both)}
        assert visible == {"deep_dive"}  # not the screen, which Pat still has to score
    as_user(app, client, ids["both"])
    page = client.get(f"/interviews/rounds/{ids['screen']}/scorecard").get_data(as_text=True)
    assert "SCREEN-NOTES-OF-COLLEAGUE" not in page
    assert "DEEP-DIVE-NOTES" in page


def test_ratings_are_whole_numbers(app, client, world):
    as_user(app, client, world["ines"])
    criterion = shipped_rubrics().for_round("system_design").criteria[0].id
    refused = post(client, draft_url(world["design"]),
                   {"version": 0, "ratings": {criterion: 1.0}})
    assert refused.status_code == 400 and refused.json["field"] == f"ratings.{criterion}"
    saved = post(client, draft_url(world["design"]), {"version": 0, "ratings": {criterion: 2}})
    assert saved.status_code == 200
    stored = card_of(app, world["design"], world["ines"]).ratings[criterion]
    assert stored == 2 and type(stored) is int


@pytest.mark.parametrize("body, field", [
    ({"flag_decisions": {"made-up-flag": {"decision": "confirmed"}}},
     "flag_decisions.made-up-flag"),
    ({"observed": ["made-up-flag"]}, "observed[0]"),
])
def test_decisions_for_unknown_flags_are_refused(app, client, world, body, field):
    as_user(app, client, world["ines"])
    response = post(client, draft_url(world["design"]), {"version": 0, **body})
    assert response.status_code == 400 and response.json["field"] == field
    assert card_of(app, world["design"], world["ines"]) is None


def test_an_incomplete_submit_retried_with_its_key_gets_the_same_422(app, client, world):
    as_user(app, client, world["ines"])
    same = key()
    first = post(client, submit_url(world["design"]), {"version": 0, "notes": "half"}, idem=same)
    again = post(client, submit_url(world["design"]), {"version": 0, "notes": "half"}, idem=same)
    assert first.status_code == again.status_code == 422
    assert again.json == first.json
    assert card_of(app, world["design"], world["ines"]).notes == "half"  # the draft is kept


def test_the_flag_engine_never_runs_inside_the_write(app, client, world, monkeypatch):
    events: list[str] = []
    real = service.raise_for

    def engine(*args, **kwargs):
        events.append("engine")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "raise_for", engine)
    with app.app_context():
        sa.event.listen(db.session, "after_flush", lambda *a: events.append("flush"))
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    saved = post(client, draft_url(world["design"]), {"version": 0, **body})
    assert saved.status_code == 200 and "flush" in events
    assert "engine" not in events  # an autosave is a plain write; proposals are read apart
    events.clear()
    submitted = post(client, submit_url(world["design"]), {"version": 1, **body})
    assert submitted.status_code == 200
    assert events[0] == "engine" and events.count("engine") == 1 and "flush" in events


def test_the_engine_reads_a_bounded_amount_of_notes():
    rubrics = shipped_rubrics()
    confession = " She could not name a production failure she owned."
    near = ScorecardContent(notes=confession)
    far = ScorecardContent(notes="x " * (ENGINE_NOTES_LIMIT // 2) + confession)
    assert "no-incident-story" in {f.id for f in raise_for(rubrics, "screen", "applied",
                                                           "senior", near)}
    assert "no-incident-story" not in {f.id for f in raise_for(rubrics, "screen", "applied",
                                                               "senior", far)}
