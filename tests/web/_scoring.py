"""Builders shared by the scoring, debrief and follow-up tests: published loops and payloads."""

from __future__ import annotations

from datetime import timedelta

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain.rubric import RubricSet, load_rubric_set
from interviewkit.domain.scorecard import parse_content, raise_for, settle
from interviewkit.extensions import db
from interviewkit.models import BankQuestion, Loop, LoopQuestion, utcnow
from interviewkit.services.insight_summaries import refresh_loops
from interviewkit.services.rubrics import latest_rubric_version
from tests.factories import LoopFactory, ScorecardFactory, UserFactory


def published_loop(owner=None, panel: dict | None = None, level: str = "mid",
                   lane: str = "applied", hours_from_now: float = 24,
                   candidate_name: str | None = None) -> Loop:
    """Return a published loop, one question per round, panel {round: [users]}, flushed.

    Rounds without a panel entry get a fresh interviewer each.
    """
    fields = {"level": level, "lane": lane}
    if owner is not None:
        fields["owner"] = owner
    if candidate_name:
        fields["candidate_name"] = candidate_name
    loop = LoopFactory(**fields)
    panel = panel or {}
    start = utcnow() + timedelta(hours=hours_from_now)
    for index, loop_round in enumerate(loop.rounds):
        question = db.session.execute(db.select(BankQuestion).where(
            BankQuestion.round == loop_round.kind, BankQuestion.active).limit(1)).scalar_one()
        loop_round.questions = [LoopQuestion(question_id=question.id,
                                             question_version=question.version, position=0,
                                             minutes=question.minutes, reason="test")]
        loop_round.interviewers = list(panel.get(loop_round.kind) or [UserFactory()])
        loop_round.scheduled_at = start + timedelta(hours=index)
    loop.published_at = utcnow()
    loop.rubric_version = latest_rubric_version()
    db.session.flush()
    refresh_loops(db.session, [loop.id])  # as publishing does
    return loop


_RUBRICS: list[RubricSet] = []


def shipped_rubrics() -> RubricSet:
    """Return the rubric files the tests import, parsed once."""
    if not _RUBRICS:
        _RUBRICS.append(load_rubric_set(PROJECT_ROOT / "rubrics"))
    return _RUBRICS[0]


def complete_content(round_kind: str, rating: int = 3, notes: str = "",
                     recommendation: str = "yes", lane: str = "applied",
                     level: str = "mid") -> dict:
    """Return a scorecard body that can be submitted: every criterion rated with evidence.

    Whatever the notes reader proposes for this text is answered (dismissed with a reason), as
    an interviewer must before submitting.
    """
    rubric = shipped_rubrics().for_round(round_kind, lane)
    body = {
        "ratings": {c.id: rating for c in rubric.criteria},
        "evidence": {c.id: f"Said something specific about {c.name.lower()}."
                     for c in rubric.criteria},
        "probes": {}, "observed": [], "flag_decisions": {},
        "notes": notes or "Walked through the design calmly and named the trade-offs.",
        "recommendation": recommendation,
    }
    return answer_proposals(body, round_kind, lane, level)


def answer_proposals(body: dict, round_kind: str, lane: str = "applied",
                     level: str = "mid") -> dict:
    """Dismiss, with a reason, whatever the reader proposes for `body` as it now reads (call
    again after changing its text: the reader reads the evidence as a whole)."""
    raised = raise_for(shipped_rubrics(), round_kind, lane, level, parse_content(body))
    body["flag_decisions"] = {
        flag.id: {"decision": "dismissed", "reason": "Not what the candidate showed."}
        for flag in raised if flag.source != "interviewer"}
    return body


def submitted_card(loop_round, interviewer, rating: int = 3, **content):
    """Add a submitted scorecard straight to the database, its flags settled as submit does
    (no completeness check)."""
    loop = loop_round.loop
    body = complete_content(loop_round.kind, rating, lane=loop.lane, level=loop.level)
    body.update(content)
    parsed = parse_content(body)
    settled = settle(raise_for(shipped_rubrics(), loop_round.kind, loop.lane, loop.level,
                               parsed), parsed)
    card = ScorecardFactory(
        settled_flags=[flag.to_json() for flag in settled],
        rubric_version=loop.rubric_version,
        round_id=loop_round.id, interviewer_id=interviewer.id, status="submitted", version=2,
        ratings=body["ratings"], evidence=body["evidence"], probes=body["probes"],
        observed_flags=body["observed"], flag_decisions=body["flag_decisions"],
        notes=body["notes"], recommendation=body["recommendation"],
        submitted_at=utcnow())
    # As the submit service does, in the same transaction: the insights read the summaries.
    refresh_loops(db.session, [loop.id])
    return card
