"""The scorecard service: parsing, the rules of a complete scorecard, versions, visibility."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interviewkit.domain.flags import RaisedFlag
from interviewkit.models import utcnow
from interviewkit.services import scorecards as service
from interviewkit.services.scorecards import Draft, PayloadError, StaleVersion
from tests.factories import ScorecardFactory, UserFactory
from tests.web._scoring import complete_content, published_loop, shipped_rubrics, submitted_card


def _proposal(flag_id: str = "no-tradeoffs", label: str = "No trade-offs") -> RaisedFlag:
    return RaisedFlag(flag_id, label, "concern", "notes", "notes: ...", "rule")


def _complete(round_kind: str = "coding", **changes) -> Draft:
    body = complete_content(round_kind)
    body.update(changes)
    return service.parse_draft(body)


# --- pure rules -------------------------------------------------------------------------------

def test_a_complete_draft_has_no_errors():
    rubric = shipped_rubrics().for_round("coding")
    assert service.submission_errors(rubric, _complete(), []) == {}


def test_every_criterion_needs_a_rating_or_no_signal():
    rubric = shipped_rubrics().for_round("coding")
    first = rubric.criteria[0]
    draft = _complete(ratings={c.id: 3 for c in rubric.criteria[1:]})
    errors = service.submission_errors(rubric, draft, [])
    assert list(errors) == [f"ratings.{first.id}"]
    assert first.name in errors[f"ratings.{first.id}"]


def test_a_rating_without_evidence_names_its_criterion():
    rubric = shipped_rubrics().for_round("coding")
    first = rubric.criteria[0]
    body = complete_content("coding")
    body["evidence"][first.id] = "\n  "
    errors = service.submission_errors(rubric, service.parse_draft(body), [])
    assert errors == {f"evidence.{first.id}": f"{first.name}: write the evidence behind your "
                      "rating of 3 — what the candidate said or did."}


def test_proposals_must_be_confirmed_or_dismissed_with_a_reason():
    rubric = shipped_rubrics().for_round("coding")
    proposal = _proposal()
    assert "flags.no-tradeoffs" in service.submission_errors(rubric, _complete(), [proposal])
    dismissed = _complete(flag_decisions={"no-tradeoffs": {"decision": "dismissed"}})
    assert "say why" in service.submission_errors(rubric, dismissed, [proposal])[
        "flags.no-tradeoffs"]
    reasoned = _complete(flag_decisions={"no-tradeoffs": {"decision": "dismissed",
                                                          "reason": "Named two options."}})
    assert service.submission_errors(rubric, reasoned, [proposal]) == {}
    ticked = _complete(observed=["no-tradeoffs"])
    assert service.submission_errors(rubric, ticked, [proposal]) == {}


def test_parse_draft_keeps_no_signal_and_drops_unanswered_probes():
    draft = service.parse_draft({"ratings": {"a": None, "b": 2}, "probes": {"p": "", "q": "x"},
                                 "observed": ["f", "f", "g"], "notes": None})
    assert dict(draft.ratings) == {"a": None, "b": 2}
    assert dict(draft.probes) == {"q": "x"}
    assert draft.observed == ("f", "g") and draft.notes == ""


@pytest.mark.parametrize("body", [
    {"notes": 3}, {"ratings": {"x" * 81: 1}}, {"probes": {"p": 4}},
    {"flag_decisions": {"f": "confirmed"}}, {"notes": "x" * 200_001},
])
def test_parse_draft_refuses_what_it_cannot_store(body):
    with pytest.raises(PayloadError):
        service.parse_draft(body)


def test_changed_fields_lists_only_what_differs():
    before = _complete(notes="one")
    after = _complete(notes="two", recommendation="no")
    old, new = service.changed_fields(before, after)
    assert old == {"notes": "one", "recommendation": "yes"}
    assert new == {"notes": "two", "recommendation": "no"}


@pytest.mark.parametrize("key, valid", [
    ("3f2b9c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", True), ("short", False), ("has space 123", False),
    (None, False), ("a" * 81, False)])
def test_idempotency_keys(key, valid):
    assert service.valid_idempotency_key(key) is valid


# --- with the database ------------------------------------------------------------------------

@pytest.mark.db
def test_versions_guard_every_write(session):
    loop = published_loop()
    loop_round = loop.round("coding")
    person = loop_round.interviewers[0]
    card = service.save_draft(loop_round, person, Draft(notes="a"), 0)
    assert card.version == 1
    with pytest.raises(StaleVersion) as stale:
        service.save_draft(loop_round, person, Draft(notes="b"), 0)
    assert stale.value.current.notes == "a"
    assert service.save_draft(loop_round, person, Draft(notes="b"), 1).version == 2


def test_a_save_that_loses_a_race_is_a_conflict_not_an_overwrite(session):
    import sqlalchemy as sa
    from sqlalchemy.orm.attributes import set_committed_value

    from interviewkit.models import Scorecard

    loop = published_loop()
    loop_round = loop.round("coding")
    person = loop_round.interviewers[0]
    card = service.save_draft(loop_round, person, Draft(notes="first tab"), 0)
    session.commit()
    # Another request writes after this one checked the version (1) and before it writes.
    with session.get_bind().begin() as other:
        other.execute(sa.update(Scorecard).where(Scorecard.id == card.id).values(
            version=2, notes="second tab"))
    set_committed_value(card, "version", 1)
    with pytest.raises(StaleVersion):
        service.save_draft(loop_round, person, Draft(notes="first tab, later"), 1)
    session.rollback()
    assert session.get(Scorecard, card.id).notes == "second tab"


@pytest.mark.db
def test_submit_raises_incomplete_but_keeps_the_draft(session):
    loop = published_loop()
    loop_round = loop.round("coding")
    person = loop_round.interviewers[0]
    with pytest.raises(service.Incomplete) as incomplete:
        service.submit(loop_round, person, Draft(notes="half done"), 0)
    assert "recommendation" in incomplete.value.errors
    assert service.find_scorecard(loop_round, person.id).notes == "half done"


@pytest.mark.db
def test_visibility_follows_independent_scoring(session):
    owner = UserFactory(role="hiring_manager")
    a, b = UserFactory(), UserFactory()
    loop = published_loop(owner=owner, panel={"coding": [a], "screen": [b]})
    theirs = submitted_card(loop.round("screen"), b)
    ScorecardFactory(round_id=loop.round("coding").id, interviewer_id=a.id, status="draft")
    session.flush()
    session.expire_all()  # the rounds reload their scorecards
    assert service.visible_scorecards(loop, a) == []
    assert service.visible_scorecards(loop, owner) == [theirs]
    assert service.visible_scorecards(loop, UserFactory(role="recruiter")) == [theirs]
    assert service.visible_scorecards(loop, UserFactory(role="hiring_manager")) == []
    assert service.visible_scorecards(loop, b) == []  # a's is still a draft


@pytest.mark.db
def test_assignments_put_upcoming_first_then_owed_then_submitted(session):
    me = UserFactory()
    soon = published_loop(panel={"screen": [me]}, hours_from_now=2)
    later = published_loop(panel={"screen": [me]}, hours_from_now=48)
    past = published_loop(panel={"screen": [me]}, hours_from_now=-30)
    done = published_loop(panel={"screen": [me]}, hours_from_now=-60)
    submitted_card(done.round("screen"), me)
    unpublished = published_loop(panel={"screen": [me]})
    unpublished.published_at = None
    session.flush()
    found = service.assignments(me, utcnow() + timedelta(minutes=1))
    assert [(a.loop_round.loop_id, a.group) for a in found] == [
        (soon.id, "upcoming"), (later.id, "upcoming"), (past.id, "owed"),
        (done.id, "submitted")]
    assert [a.state for a in found] == ["not_started", "not_started", "not_started",
                                        "submitted"]
