"""A loop ready to print: published, one question and interviewer a round, three scorecards."""

from __future__ import annotations

from datetime import datetime

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain.rubric import load_rubric_set
from interviewkit.extensions import db
from interviewkit.models import BankQuestion, Loop, LoopQuestion, utcnow
from interviewkit.services.rubrics import latest_rubric_version
from tests.factories import LoopFactory, ScorecardFactory


def printable_loop(owner, interviewers, name: str, start: datetime, submitted: bool = True,
                   published: bool = True) -> Loop:
    """Add a loop with one question and one interviewer per round, scorecards submitted."""
    rubrics = load_rubric_set(PROJECT_ROOT / "rubrics")
    loop = LoopFactory(owner=owner, candidate_name=name, level="senior")
    for index, loop_round in enumerate(loop.rounds):
        question = db.session.execute(db.select(BankQuestion).where(
            BankQuestion.round == loop_round.kind, BankQuestion.active).limit(1)).scalar_one()
        loop_round.questions = [LoopQuestion(question_id=question.id,
                                             question_version=question.version, position=0,
                                             minutes=question.minutes, reason="test")]
        interviewer = interviewers[index % len(interviewers)]
        loop_round.interviewers = [interviewer]
        loop_round.scheduled_at = start.replace(hour=9 + index)
    loop.published_at = utcnow() if published else None
    loop.rubric_version = latest_rubric_version() if published else None
    db.session.flush()
    if submitted:
        for loop_round in loop.rounds[:3]:
            rubric = rubrics.for_round(loop_round.kind)
            ScorecardFactory(
                round_id=loop_round.id, interviewer_id=loop_round.interviewers[0].id,
                status="submitted", version=2,
                ratings={c.id: 3 for c in rubric.criteria},
                evidence={c.id: f"Evidence on {c.id} in {loop_round.kind}"
                          for c in rubric.criteria},
                notes=f"Notes from {loop_round.kind}.", recommendation="yes",
                submitted_at=utcnow(), settled_flags=[], rubric_version=loop.rubric_version)
    db.session.flush()
    return loop
