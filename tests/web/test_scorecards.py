"""The scorecard pages and JSON API: autosave, versions, idempotency, submit, amend, CSRF."""

from __future__ import annotations

import logging
import re
import uuid

import pytest

from interviewkit.extensions import db
from interviewkit.models import AuditEntry, IdempotencyKey, Loop, Scorecard, User
from tests.conftest import make_app, sign_in
from tests.factories import UserFactory
from tests.web._scoring import answer_proposals, complete_content, published_loop, submitted_card

pytestmark = pytest.mark.db


@pytest.fixture
def world(app):
    """A published mid-level loop: Ines and Ravi on system design, Cleo on the screen."""
    with app.app_context():
        owner = UserFactory(role="hiring_manager", name="Morgan Manager")
        ines = UserFactory(name="Ines Interviewer")
        ravi = UserFactory(name="Ravi Reviewer")
        cleo = UserFactory(name="Cleo Coder")
        loop = published_loop(owner=owner, panel={"system_design": [ines, ravi],
                                                  "screen": [cleo]})
        db.session.commit()
        ids = {"owner": owner.id, "ines": ines.id, "ravi": ravi.id, "cleo": cleo.id,
               "loop": loop.id, "design": loop.round("system_design").id,
               "screen": loop.round("screen").id}
    return ids


def user(app, user_id) -> User:
    with app.app_context():
        found = db.session.get(User, user_id)
        db.session.expunge(found)
        return found


def as_user(app, client, user_id):
    sign_in(client, user(app, user_id))
    return client


def key() -> str:
    return str(uuid.uuid4())


def post(client, url, body, idem=None, **headers):
    return client.post(url, json=body, headers={"Accept": "application/json",
                                                "Idempotency-Key": idem or key(), **headers})


def draft_url(round_id):
    return f"/interviews/rounds/{round_id}/scorecard/draft"


def submit_url(round_id):
    return f"/interviews/rounds/{round_id}/scorecard/submit"


def amend_url(round_id):
    return f"/interviews/rounds/{round_id}/scorecard/amend"


def card_of(app, round_id, user_id) -> Scorecard | None:
    with app.app_context():
        card = db.session.execute(db.select(Scorecard).where(
            Scorecard.round_id == round_id, Scorecard.interviewer_id == user_id)
        ).scalar_one_or_none()
        if card is not None:
            db.session.expunge(card)
        return card


# --- pages ------------------------------------------------------------------------------

def test_my_interviews_lists_assigned_rounds_with_their_state(app, client, world):
    as_user(app, client, world["ines"])
    page = client.get("/interviews/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "ML system design" in text
    assert "Not started" in text
    assert "Technical screen" not in text  # Cleo's round, not Ines's


def test_kit_shows_questions_strong_weak_answers_and_anchors_at_the_level(app, client, world):
    as_user(app, client, world["ines"])
    page = client.get(f"/interviews/rounds/{world['design']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "A strong answer" in text and "A weak answer" in text
    assert "What each rating means for a mid-level candidate" in text
    with app.app_context():
        from interviewkit.services.rubrics import current_rubric_set

        criterion = current_rubric_set().for_round("system_design").criteria[0]
        mid, senior = criterion.anchor("mid", 3), criterion.anchor("senior", 3)
    assert _html(mid) in text
    assert _html(senior) not in text


def _html(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_scorecard_page_renders_touch_controls_and_initial_state(app, client, world):
    as_user(app, client, world["ines"])
    page = client.get(f"/interviews/rounds/{world['design']}/scorecard")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="scorecard-initial"' in text
    assert "No signal" in text and "Strong yes" in text
    assert '<script type="module" src="/static/js/scorecard/main.js">' in text
    assert "<script>" not in text  # CSP: no inline scripts
    assert 'style="' not in text


# --- autosave and versions ----------------------------------------------------------------

def test_first_save_creates_version_one_and_later_saves_count_up(app, client, world):
    as_user(app, client, world["ines"])
    body = {"version": 0, "notes": "Started with the data flow.", "ratings": {"architecture": 3}}
    first = post(client, draft_url(world["design"]), body)
    assert first.status_code == 200, first.json
    assert first.json["version"] == 1
    assert first.json["scorecard"]["notes"] == "Started with the data flow."
    assert first.json["saved_at"].endswith("Z")
    assert "proposals" not in first.json  # read apart from the save, from the flags endpoint
    second = post(client, draft_url(world["design"]), {**body, "version": 1, "notes": "More."})
    assert second.json["version"] == 2
    card = card_of(app, world["design"], world["ines"])
    assert (card.status, card.version, card.notes) == ("draft", 2, "More.")


def test_a_stale_version_is_refused_with_the_current_copy(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "tab one"})
    post(client, draft_url(world["design"]), {"version": 1, "notes": "tab one, later"})
    stale = post(client, draft_url(world["design"]), {"version": 1, "notes": "tab two"})
    assert stale.status_code == 409
    assert stale.json["conflict"] is True
    assert stale.json["current"]["notes"] == "tab one, later"
    assert stale.json["current"]["version"] == 2
    assert card_of(app, world["design"], world["ines"]).notes == "tab one, later"


def test_a_second_tab_creating_the_scorecard_conflicts_instead_of_overwriting(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "first tab"})
    again = post(client, draft_url(world["design"]), {"version": 0, "notes": "second tab"})
    assert again.status_code == 409
    assert again.json["current"]["notes"] == "first tab"


def test_a_replayed_draft_save_returns_the_first_answer(app, client, world):
    as_user(app, client, world["ines"])
    idem = key()
    first = post(client, draft_url(world["design"]), {"version": 0, "notes": "once"}, idem)
    replay = post(client, draft_url(world["design"]), {"version": 0, "notes": "once"}, idem)
    assert replay.status_code == 200
    assert replay.json == first.json
    assert card_of(app, world["design"], world["ines"]).version == 1


def test_saving_unchanged_content_keeps_the_version(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "same"})
    again = post(client, draft_url(world["design"]), {"version": 1, "notes": "same"})
    assert again.status_code == 200 and again.json["version"] == 1


# --- submitting ---------------------------------------------------------------------------

def test_submit_names_each_missing_piece_at_its_field_and_keeps_the_draft(app, client, world):
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    body["evidence"]["architecture"] = "   "
    body["recommendation"] = None
    del body["ratings"]["cost_tradeoffs"]
    response = post(client, submit_url(world["design"]), {"version": 0, **body})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert "Architecture" in errors["evidence.architecture"] or \
        "architecture" in errors["evidence.architecture"].lower()
    assert "ratings.cost_tradeoffs" in errors
    assert errors["recommendation"] == "Choose an overall recommendation."
    card = card_of(app, world["design"], world["ines"])
    assert card.status == "draft" and card.version == response.json["version"] == 1
    assert card.notes == body["notes"]


def test_no_signal_needs_no_evidence(app, client, world):
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    body["ratings"]["cost_tradeoffs"] = None
    body["evidence"].pop("cost_tradeoffs")
    answer_proposals(body, "system_design")
    response = post(client, submit_url(world["design"]), {"version": 0, **body})
    assert response.status_code == 200, response.json
    assert card_of(app, world["design"], world["ines"]).ratings["cost_tradeoffs"] is None


def test_submit_stores_the_scorecard_and_moves_the_loop_on(app, client, world):
    as_user(app, client, world["ines"])
    response = post(client, submit_url(world["design"]),
                    {"version": 0, **complete_content("system_design")})
    assert response.status_code == 200, response.json
    assert response.json["redirect"].endswith(f"/interviews/rounds/{world['design']}/scorecard")
    card = card_of(app, world["design"], world["ines"])
    assert card.status == "submitted" and card.submitted_at is not None
    with app.app_context():
        assert db.session.get(Loop, world["loop"]).status == "in_progress"
        entry = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "scorecard.submit")).scalar_one()
        assert entry.actor_id == world["ines"] and entry.entity_id == str(card.id)


def test_a_replayed_submit_makes_one_scorecard_and_returns_the_same_answer(app, client, world):
    as_user(app, client, world["ines"])
    idem = key()
    body = {"version": 0, **complete_content("system_design")}
    first = post(client, submit_url(world["design"]), body, idem)
    second = post(client, submit_url(world["design"]), body, idem)
    assert first.status_code == second.status_code == 200
    assert second.json == first.json
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Scorecard)).scalar() == 1
        audits = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "scorecard.submit")).scalars().all()
        assert len(audits) == 1


def test_a_double_tap_on_submit_with_a_new_key_is_refused_not_duplicated(app, client, world):
    as_user(app, client, world["ines"])
    body = {"version": 0, **complete_content("system_design")}
    assert post(client, submit_url(world["design"]), body).status_code == 200
    again = post(client, submit_url(world["design"]), body)
    assert again.status_code == 409
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Scorecard)).scalar() == 1


def test_an_idempotency_key_is_required_and_not_shared_between_users(app, client, world):
    as_user(app, client, world["ines"])
    missing = client.post(draft_url(world["design"]), json={"version": 0},
                          headers={"Accept": "application/json"})
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json["error"]
    idem = key()
    post(client, draft_url(world["design"]), {"version": 0, "notes": "mine"}, idem)
    other = app.test_client()
    as_user(app, other, world["ravi"])
    stolen = post(other, draft_url(world["design"]), {"version": 0, "notes": "theirs"}, idem)
    assert stolen.status_code == 422
    assert card_of(app, world["design"], world["ravi"]) is None


def test_proposed_flags_must_be_answered_and_a_dismissal_keeps_its_reason(app, client, world):
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    body["notes"] = "Feature pipeline: spark batch + online feature store. no mention of skew " \
                    "or drift between offline/online. Rollout: 'we'd run an A/B test', no metric."
    proposals = post(client, f"/interviews/rounds/{world['design']}/scorecard/flags", body)
    assert proposals.status_code == 200
    proposed = {p["id"]: p for p in proposals.json["proposals"]}
    assert proposed, "the notes should raise at least one flag"
    flag_id = next(iter(proposed))
    assert proposed[flag_id]["because"]
    refused = post(client, submit_url(world["design"]), {"version": 0, **body})
    assert refused.status_code == 422
    assert f"flags.{flag_id}" in refused.json["errors"]
    decisions = {fid: {"decision": "confirmed", "because": p["because"]}
                 for fid, p in proposed.items()}
    decisions[flag_id] = {"decision": "dismissed", "reason": "", "because": "x"}
    body["flag_decisions"] = decisions
    no_reason = post(client, submit_url(world["design"]),
                     {"version": refused.json["version"], **body})
    assert "say why" in no_reason.json["errors"][f"flags.{flag_id}"]
    decisions[flag_id]["reason"] = "They described a parity check later in the interview."
    done = post(client, submit_url(world["design"]), {"version": no_reason.json["version"], **body})
    assert done.status_code == 200, done.json
    stored = card_of(app, world["design"], world["ines"]).flag_decisions
    assert stored[flag_id]["decision"] == "dismissed"
    assert stored[flag_id]["reason"].startswith("They described a parity check")


# --- amending -----------------------------------------------------------------------------

def test_the_author_amends_a_submitted_scorecard_and_each_change_is_audited(app, client, world):
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    done = post(client, submit_url(world["design"]), {"version": 0, **body})
    version = done.json["version"]
    body["ratings"]["architecture"] = 2
    body["evidence"]["architecture"] = "On reflection the data flow had no backfill path."
    answer_proposals(body, "system_design")
    amended = post(client, amend_url(world["design"]), {"version": version, **body})
    assert amended.status_code == 200, amended.json
    card = card_of(app, world["design"], world["ines"])
    assert card.status == "submitted" and card.amended_at is not None
    assert card.ratings["architecture"] == 2
    body["notes"] = "Added after the debrief prep."
    again = post(client, amend_url(world["design"]), {"version": amended.json["version"], **body})
    assert again.status_code == 200
    with app.app_context():
        entries = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "scorecard.amend").order_by(AuditEntry.id)).scalars().all()
    assert len(entries) == 2
    assert entries[0].actor_id == world["ines"] and entries[0].at is not None
    assert entries[0].before["ratings"]["architecture"] == 3
    assert entries[0].after["ratings"]["architecture"] == 2
    # The amended evidence is read again, so the settled flags (and the interviewer's answers to
    # what the reader now proposes) may change with it, and are then audited too; nothing else
    # does.
    assert set(entries[0].after) - {"flags", "flag_decisions"} == {"ratings", "evidence"}
    for key in {"flags", "flag_decisions"} & set(entries[0].after):
        assert entries[0].after[key] != entries[0].before[key]
    assert set(entries[1].after) == {"notes"}
    assert entries[1].after["notes"] == "Added after the debrief prep."


def test_an_amendment_must_stay_complete(app, client, world):
    as_user(app, client, world["ines"])
    body = complete_content("system_design")
    done = post(client, submit_url(world["design"]), {"version": 0, **body})
    body["recommendation"] = None
    refused = post(client, amend_url(world["design"]), {"version": done.json["version"], **body})
    assert refused.status_code == 422 and "recommendation" in refused.json["errors"]
    assert card_of(app, world["design"], world["ines"]).recommendation == "yes"


def test_a_submitted_scorecard_is_not_changed_by_a_draft_save(app, client, world):
    as_user(app, client, world["ines"])
    done = post(client, submit_url(world["design"]),
                {"version": 0, **complete_content("system_design")})
    late = post(client, draft_url(world["design"]),
                {"version": done.json["version"], "notes": "late autosave"})
    assert late.status_code == 409 and late.json["locked"] is True
    assert late.json["current"]["status"] == "submitted"


def test_only_a_submitted_scorecard_can_be_amended(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "draft"})
    response = post(client, amend_url(world["design"]),
                    {"version": 1, **complete_content("system_design")})
    assert response.status_code == 409 and response.json["locked"]


def test_scorecards_of_a_decided_loop_no_longer_change(app, client, world):
    as_user(app, client, world["ines"])
    done = post(client, submit_url(world["design"]),
                {"version": 0, **complete_content("system_design")})
    with app.app_context():
        db.session.get(Loop, world["loop"]).decision = "no_hire"
        db.session.commit()
    response = post(client, amend_url(world["design"]),
                    {"version": done.json["version"], **complete_content("system_design", 1)})
    assert response.status_code == 409 and "decided" in response.json["error"]


# --- bad requests are 4xx JSON ------------------------------------------------------------

@pytest.mark.parametrize("body, fragment", [
    ({"version": 0, "ratings": {"architecture": 7}}, "ratings.architecture"),
    ({"version": 0, "ratings": {"architecture": True}}, "ratings.architecture"),
    ({"version": "1"}, "version"),
    ({"notes": "no version"}, "version"),
    ({"version": 0, "recommendation": "maybe"}, "recommendation"),
    ({"version": 0, "flag_decisions": {"x": {"decision": "ignored"}}}, "flag_decisions.x"),
    ({"version": 0, "evidence": ["not", "a", "map"]}, "evidence"),
    ({"version": 0, "observed": "training-only"}, "observed"),
    ([1, 2, 3], "JSON object"),
])
def test_malformed_bodies_get_a_400_saying_what_is_wrong(app, client, world, body, fragment):
    as_user(app, client, world["ines"])
    response = post(client, draft_url(world["design"]), body)
    assert response.status_code == 400
    assert fragment in response.json["error"]


def test_a_body_that_is_not_json_is_a_400(app, client, world):
    as_user(app, client, world["ines"])
    response = client.post(draft_url(world["design"]), data="notes=hello",
                           headers={"Idempotency-Key": key(), "Accept": "application/json"})
    assert response.status_code == 400 and response.is_json


def test_signed_out_api_calls_get_401_json(client, world):
    response = post(client, draft_url(world["design"]), {"version": 0})
    assert response.status_code == 401 and response.json["signed_out"] is True


def test_an_unknown_round_is_404_json(app, client, world):
    as_user(app, client, world["ines"])
    response = post(client, draft_url(999999), {"version": 0})
    assert response.status_code == 404 and response.is_json


def test_notes_never_reach_the_logs(app, client, world, caplog):
    secret = "CANDIDATE-SAID-SOMETHING-PRIVATE-0451"
    as_user(app, client, world["ines"])
    caplog.set_level(logging.DEBUG)
    post(client, draft_url(world["design"]), {"version": 0, "notes": secret})
    post(client, draft_url(world["design"]), {"version": 0, "notes": secret})  # a 409
    post(client, submit_url(world["design"]), {"version": 1, "notes": secret})  # a 422
    assert secret not in caplog.text


# --- CSRF over a long interview -------------------------------------------------------------

@pytest.fixture
def csrf_app(app, tmp_path):
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "csrf",
                    WTF_CSRF_ENABLED=True)


def _token_from(page_text: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page_text).group(1)


def test_a_scorecard_opened_hours_ago_still_submits(csrf_app, world, monkeypatch):
    """The token has no time limit: one from the page load works two hours later."""
    import time

    assert csrf_app.config["WTF_CSRF_TIME_LIMIT"] is None
    client = csrf_app.test_client()
    as_user(csrf_app, client, world["ines"])
    token = _token_from(client.get(f"/interviews/rounds/{world['design']}/scorecard")
                        .get_data(as_text=True))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * 3600)
    # Autosaves during the interview keep the session from idling out.
    with client.session_transaction() as sess:
        sess["last_seen"] = real_time() + 2 * 3600
    response = post(client, submit_url(world["design"]),
                    {"version": 0, **complete_content("system_design")}, **{"X-CSRFToken": token})
    assert response.status_code == 200, response.json


def test_a_missing_or_bad_csrf_token_is_a_json_400_and_a_fresh_one_works(csrf_app, world):
    client = csrf_app.test_client()
    as_user(csrf_app, client, world["ines"])
    bad = post(client, draft_url(world["design"]), {"version": 0, "notes": "kept on the page"},
               **{"X-CSRFToken": "stale"})
    assert bad.status_code == 400 and bad.json["csrf"] is True
    fresh = client.get("/interviews/csrf-token", headers={"Accept": "application/json"})
    assert fresh.status_code == 200
    retried = post(client, draft_url(world["design"]), {"version": 0, "notes": "kept on the page"},
                   **{"X-CSRFToken": fresh.json["csrf_token"]})
    assert retried.status_code == 200


# --- the stored keys ------------------------------------------------------------------------

def test_draft_keys_are_dropped_once_the_scorecard_is_submitted(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "a"})
    post(client, draft_url(world["design"]), {"version": 1, "notes": "b"})
    post(client, submit_url(world["design"]), {"version": 2, **complete_content("system_design")})
    with app.app_context():
        scopes = [row.scope for row in
                  db.session.execute(db.select(IdempotencyKey)).scalars()]
    assert scopes == [f"submit:{world['design']}"]


def test_others_see_nothing_of_a_draft_even_after_submitting(app, client, world):
    as_user(app, client, world["ines"])
    post(client, draft_url(world["design"]), {"version": 0, "notes": "INES-DRAFT-NOTE"})
    with app.app_context():
        loop = db.session.get(Loop, world["loop"])
        submitted_card(loop.round("system_design"), db.session.get(User, world["ravi"]))
        db.session.commit()
    other = app.test_client()
    as_user(app, other, world["ravi"])
    page = other.get(f"/interviews/rounds/{world['design']}").get_data(as_text=True)
    assert "INES-DRAFT-NOTE" not in page
