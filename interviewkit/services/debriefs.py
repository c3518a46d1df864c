"""Load a loop's debrief and record the hiring decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy.orm as so

from ..domain import catalog, policy
from ..domain.debrief import (
    Debrief,
    LoopFacts,
    QuestionFacts,
    RoundFacts,
    ScorecardFacts,
    build_debrief,
)
from ..domain.lifecycle import is_overdue
from ..domain.scorecard import SettledFlag
from ..extensions import db
from ..models import Loop, LoopRound, User, utcnow
from ..models.loop import DECISIONS
from . import audit, webhooks
from .insight_summaries import refresh_loops
from .scorecards import (
    draft_of,
    has_submitted_in,
    rubrics_for,
    sees_all_submitted,
    visible_scorecards,
)

DECISION_NAMES = {"hire": "Hire", "no_hire": "No hire", "hire_other_level": "Hire at another level"}
# A decision is taken once every scorecard is in; a decided loop may be decided again (audited).
DECIDABLE_STATUSES = ("awaiting_debrief", "decided")
MAX_REASON = 5000


class DecisionError(ValueError):
    """Raised when a decision cannot be recorded as asked; the message says why."""


def loop_facts(loop: Loop) -> LoopFacts:
    return LoopFacts(
        id=loop.id, candidate_name=loop.candidate_name, candidate_email=loop.candidate_email,
        role_title=loop.role_title, lane=loop.lane, level=loop.level, domain=loop.domain,
        status=loop.status, deployment_target=loop.deployment_target, decision=loop.decision,
        decision_level=loop.decision_level, decision_reason=loop.decision_reason,
        decided_by=loop.decided_by.name if loop.decided_by else None,
        decided_at=loop.decided_at,
        cancel_reason=loop.cancel_reason if loop.cancelled_at is not None else None)


def debrief_facts(loop: Loop) -> tuple[LoopFacts, list[RoundFacts], list[ScorecardFacts]]:
    """Return the facts the debrief is built from; only submitted scorecards leave here."""
    rounds = []
    cards = []
    for loop_round in loop.rounds:
        rounds.append(RoundFacts(
            round=loop_round.kind, minutes=loop_round.minutes,
            scheduled_at=loop_round.scheduled_at,
            interviewers=tuple(person.name for person in loop_round.interviewers),
            questions=tuple(QuestionFacts(id=q.question_id, title=q.question.title,
                                          prompt=q.question.prompt, minutes=q.minutes,
                                          version=q.question_version)
                            for q in loop_round.questions)))
        for card in loop_round.scorecards:
            if card.status != "submitted":
                continue  # drafts are their author's alone
            cards.append(ScorecardFacts(
                id=card.id, round=loop_round.kind, interviewer=card.interviewer.name,
                status=card.status, content=draft_of(card),
                settled=tuple(SettledFlag.from_json(f) for f in card.settled_flags or ()),
                submitted_at=card.submitted_at, amended_at=card.amended_at))
    return loop_facts(loop), rounds, cards


def load_debrief(loop: Loop) -> Debrief:
    """Return the debrief of a loop from stored facts: the submitted scorecards with the flags
    they settled, the pinned question texts and the rubric version the loop was published with.
    """
    facts, rounds, cards = debrief_facts(loop)
    return build_debrief(facts, rounds, cards, rubrics_for(loop))


def can_decide(loop: Loop, user: User) -> bool:
    return policy.can_decide(user, loop)


def decide(loop: Loop, user: User, decision: str, reason: str,
           level: str | None = None) -> None:
    """Record the hiring decision on a loop, audited with the values before and after."""
    if not can_decide(loop, user):
        raise DecisionError("only the loop's hiring manager records its decision")
    if loop.status not in DECIDABLE_STATUSES:
        raise DecisionError("the decision opens once every scorecard is submitted")
    if decision not in DECISIONS:
        raise DecisionError(f"unknown decision {decision!r}")
    reason = (reason or "").strip()
    if not reason:
        raise DecisionError("say why: the reason is kept with the decision")
    if len(reason) > MAX_REASON:
        raise DecisionError(f"keep the reason under {MAX_REASON} characters")
    if decision == "hire_other_level":
        if level not in catalog.LEVEL_IDS:
            raise DecisionError("choose the level to hire at")
        if level == loop.level:
            raise DecisionError("that is the level the loop was run for; choose Hire instead")
        decided_level: str | None = level
    elif decision == "hire":
        decided_level = loop.level
    else:
        decided_level = None
    before = {"decision": loop.decision, "level": loop.decision_level,
              "reason": loop.decision_reason, "status": loop.status}
    loop.decision = decision
    loop.decision_level = decided_level
    loop.decision_reason = reason
    loop.decided_at = utcnow()
    loop.decided_by_id = user.id
    refresh_loops(db.session, [loop.id])  # agreement and separation read the decision
    audit.record(user.id, "loop.decide", "loop", loop.id, before,
                 {"decision": decision, "level": decided_level, "reason": reason,
                  "status": "decided"})
    webhooks.emit("loop.decided", webhooks.loop_decided(loop, user))


@dataclass(frozen=True)
class OtherScorecards:
    """What an interviewer may read of the other scorecards of their loop."""

    unlocked: bool
    debrief: Debrief | None

    @property
    def count(self) -> int:
        return self.debrief.submitted_count if self.debrief else 0


def others_debrief(loop: Loop, viewer: User) -> OtherScorecards:
    """Return the other submitted scorecards a viewer may read (independent scoring)."""
    unlocked = sees_all_submitted(loop, viewer) or has_submitted_in(loop, viewer)
    visible = {card.id for card in visible_scorecards(loop, viewer)}
    if not unlocked or not visible:
        return OtherScorecards(unlocked, None)
    facts, rounds, cards = debrief_facts(loop)
    shown = [card for card in cards if card.id in visible]
    return OtherScorecards(True, build_debrief(facts, rounds, shown, rubrics_for(loop)))


# --- the recruiter's follow-ups ------------------------------------------------------------------

@dataclass(frozen=True)
class OwedScorecard:
    """One interviewer who still owes the scorecard of one round."""

    round_kind: str
    scheduled_at: datetime | None
    interviewer: str
    state: str  # not_started | draft
    overdue: bool


@dataclass(frozen=True)
class FollowUp:
    loop: Loop
    owed: tuple[OwedScorecard, ...]
    unstaffed: tuple[str, ...]  # round kinds with nobody assigned
    submitted: int
    expected: int

    @property
    def overdue(self) -> tuple[OwedScorecard, ...]:
        return tuple(o for o in self.owed if o.overdue)

    @property
    def overdue_since(self) -> datetime | None:
        times = [o.scheduled_at for o in self.overdue if o.scheduled_at]
        return min(times) if times else None

    @property
    def next_interview(self) -> datetime | None:
        times = [o.scheduled_at for o in self.owed if o.scheduled_at and not o.overdue]
        return min(times) if times else None


@dataclass(frozen=True)
class FollowUps:
    awaiting: tuple[FollowUp, ...]   # overdue first (longest overdue first), then by next date
    ready: tuple[Loop, ...]          # every scorecard in: ready for the debrief
    decided: tuple[Loop, ...]        # most recent decisions


def follow_up(loop: Loop, now: datetime) -> FollowUp:
    """Return who owes which scorecard of a loop, and which are overdue."""
    owed: list[OwedScorecard] = []
    unstaffed: list[str] = []
    submitted = expected = 0
    for loop_round in loop.rounds:
        if not loop_round.interviewers:
            unstaffed.append(loop_round.kind)
        cards = {c.interviewer_id: c for c in loop_round.scorecards}
        for person in loop_round.interviewers:
            expected += 1
            card = cards.get(person.id)
            if card is not None and card.status == "submitted":
                submitted += 1
                continue
            owed.append(OwedScorecard(
                loop_round.kind, loop_round.scheduled_at, person.name,
                card.status if card else "not_started",
                is_overdue(loop_round.scheduled_at, False, now)))
    return FollowUp(loop, tuple(owed), tuple(unstaffed), submitted, expected)


def follow_ups(now: datetime | None = None, decided_limit: int = 10) -> FollowUps:
    """Return the recruiter's view of every published loop: who owes what, what is ready."""
    now = now or utcnow()
    loops = db.session.execute(
        db.select(Loop).where(Loop.published_at.is_not(None)).options(
            so.selectinload(Loop.rounds).selectinload(LoopRound.interviewers),
            so.selectinload(Loop.rounds).selectinload(LoopRound.scorecards),
            so.selectinload(Loop.owner))).scalars().all()
    awaiting = [follow_up(loop, now) for loop in loops
                if loop.status in ("scheduled", "in_progress")]
    far = datetime.max
    awaiting.sort(key=lambda f: (not f.overdue, f.overdue_since or far,
                                 f.next_interview or far, f.loop.id))
    ready = sorted((loop for loop in loops if loop.status == "awaiting_debrief"),
                   key=lambda loop: loop.id)
    decided = sorted((loop for loop in loops if loop.status == "decided"),
                     key=lambda loop: loop.decided_at or far, reverse=True)[:decided_limit]
    return FollowUps(tuple(awaiting), tuple(ready), tuple(decided))
