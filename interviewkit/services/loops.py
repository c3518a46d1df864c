"""Plan, re-plan, staff and publish interview loops. Services flush; the request commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..domain import catalog
from ..domain.bank import Question
from ..domain.planner import (
    Intake,
    LoopPlan,
    PlannedQuestion,
    PlannedRound,
    PlanningError,
    alternatives,
    plan_loop,
    with_questions,
)
from ..extensions import db
from ..models import BankQuestion, Loop, LoopQuestion, LoopRound, User, utcnow
from . import audit, webhooks
from . import calendar as calendar_service
from .bank import active_questions, to_domain, usage_counts
from .insight_summaries import refresh_loops
from .rubrics import latest_rubric_version
from .users import normalise_email

# Roles that can sit on an interview panel.
PANEL_ROLES = ("interviewer", "hiring_manager")


class LoopError(ValueError):
    """Raised when a loop cannot be changed as asked; the message is for the user."""


@dataclass(frozen=True)
class LoopIntake:
    candidate_name: str
    candidate_email: str
    role_title: str
    lane: str
    level: str
    domain: str | None = None
    deployment_target: str | None = None
    round_minutes: Mapping[str, int] | None = None
    work_type: str | None = None
    platform_team: bool | None = None
    framework: str | None = None


@dataclass(frozen=True)
class LoopFilters:
    lane: str | None = None
    level: str | None = None
    status: str | None = None
    owner_id: int | None = None
    search: str | None = None


# --- reading ----------------------------------------------------------------------------

def get_loop(loop_id: int) -> Loop | None:
    """Return a loop with its rounds, questions and interviewers loaded, or None."""
    return db.session.execute(
        db.select(Loop).where(Loop.id == loop_id).options(
            so.selectinload(Loop.owner),
            so.selectinload(Loop.rounds).selectinload(LoopRound.questions)
            .selectinload(LoopQuestion.question),
            so.selectinload(Loop.rounds).selectinload(LoopRound.interviewers),
            so.selectinload(Loop.rounds).selectinload(LoopRound.scorecards),
        )).scalar_one_or_none()


def loops_query(user: User, filters: LoopFilters = LoopFilters()) -> sa.Select:
    """Return the select for the loops a user may list, filtered: awaiting a decision first,
    then newest first."""
    query = db.select(Loop).options(
        so.selectinload(Loop.owner),
        so.selectinload(Loop.rounds).selectinload(LoopRound.interviewers),
        # The status is derived from the scorecards, so the list loads them with the rounds.
        so.selectinload(Loop.rounds).selectinload(LoopRound.scorecards),
    )
    if user.role == "hiring_manager":
        # A manager's list holds only their own loops; other managers' loops do not exist
        # for them.
        query = query.where(Loop.owner_id == user.id)
    elif filters.owner_id is not None:
        query = query.where(Loop.owner_id == filters.owner_id)
    if filters.lane:
        query = query.where(Loop.lane == filters.lane)
    if filters.level:
        query = query.where(Loop.level == filters.level)
    if filters.status:
        query = query.where(Loop.status == filters.status)
    if filters.search and filters.search.strip():
        pattern = "%" + _escape_like(filters.search.strip().lower()) + "%"
        query = query.where(sa.or_(
            sa.func.lower(Loop.candidate_name).like(pattern, escape="\\"),
            sa.func.lower(Loop.candidate_email).like(pattern, escape="\\")))
    # Loops waiting on the manager's decision lead the list; then newest first.
    waiting_first = sa.case((Loop.status == "awaiting_debrief", 0), else_=1)
    return query.order_by(waiting_first, Loop.created_at.desc(), Loop.id.desc())


def loops_for(user: User, filters: LoopFilters = LoopFilters()) -> list[Loop]:
    """Return the loops a user may list, filtered, newest first, with rounds loaded."""
    return list(db.session.execute(loops_query(user, filters)).scalars())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def panel_candidates(limit: int | None = None, after: User | None = None) -> list[User]:
    """Return the active users who can be put on an interview panel, by name (then id);
    `after` continues a page from that user."""
    query = (db.select(User).where(User.active, User.role.in_(PANEL_ROLES))
             .order_by(User.name, User.id))
    if after is not None:
        query = query.where(sa.or_(User.name > after.name,
                                   sa.and_(User.name == after.name, User.id > after.id)))
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def bank_rows(question_ids: Iterable[str]) -> dict[str, BankQuestion]:
    """Return stored bank questions by id, for showing their full text."""
    ids = list(question_ids)
    if not ids:
        return {}
    rows = db.session.execute(db.select(BankQuestion).where(BankQuestion.id.in_(ids))).scalars()
    return {row.id: row for row in rows}


def hiring_managers() -> list[User]:
    return list(db.session.execute(
        db.select(User).where(User.role == "hiring_manager").order_by(User.name)).scalars())


def earlier_question_ids(candidate_email: str, exclude_loop_id: int | None = None) -> list[str]:
    """Return the questions the candidate was asked in earlier published loops."""
    query = (db.select(LoopQuestion.question_id).distinct()
             .join(LoopRound, LoopQuestion.round_id == LoopRound.id)
             .join(Loop, LoopRound.loop_id == Loop.id)
             .where(Loop.candidate_email == normalise_email(candidate_email),
                    Loop.published_at.is_not(None)))
    if exclude_loop_id is not None:
        query = query.where(Loop.id != exclude_loop_id)
    return sorted(db.session.execute(query).scalars())


# --- planning ---------------------------------------------------------------------------

def create_draft_loop(owner: User, intake: LoopIntake, seed: int = 0) -> Loop:
    """Plan a new draft loop for an intake, leaving out questions the candidate has seen."""
    email = normalise_email(intake.candidate_email)
    minutes = _round_minutes(intake.round_minutes)
    _check_intake(intake, minutes)
    loop = Loop(candidate_name=intake.candidate_name.strip(), candidate_email=email,
                role_title=intake.role_title.strip(), lane=intake.lane, level=intake.level,
                domain=intake.domain or None, deployment_target=intake.deployment_target or None,
                work_type=intake.work_type or None, platform_team=intake.platform_team,
                framework=(intake.framework or "").strip() or None,
                seed=seed, owner_id=owner.id, warnings=[],
                excluded_question_ids=[], swapped_out_question_ids=[])
    db.session.add(loop)
    for position, kind in enumerate(catalog.ROUND_IDS):
        loop.rounds.append(LoopRound(kind=kind, position=position, minutes=minutes[kind]))
    _replan(loop, minutes, seed)
    db.session.flush()
    audit.record(owner.id, "loop.create", "loop", loop.id, None, _snapshot(loop))
    return loop


def regenerate(loop: Loop, seed: int | None = None, actor: User | None = None) -> Loop:
    """Re-plan a draft loop with a new seed (the next one unless given).

    The manager's pinned questions stay; questions they swapped out never come back.
    """
    _require_draft(loop, "regenerate")
    before = _snapshot(loop)
    new_seed = loop.seed + 1 if seed is None else seed
    _replan(loop, _current_minutes(loop), new_seed)
    db.session.flush()
    audit.record(_actor_id(actor), "loop.regenerate", "loop", loop.id, before, _snapshot(loop))
    return loop


def set_round_minutes(loop: Loop, minutes_by_round: Mapping[str, int],
                      actor: User | None = None) -> Loop:
    """Change round lengths and re-plan the draft with its current seed."""
    _require_draft(loop, "change the round lengths of")
    minutes = {**_current_minutes(loop), **dict(minutes_by_round)}
    try:
        Intake(loop.lane, loop.level, loop.domain, minutes).validate()  # lengths only
    except PlanningError as error:
        raise LoopError(_sentence(str(error))) from error
    before = _snapshot(loop)
    _replan(loop, minutes, loop.seed)
    db.session.flush()
    audit.record(_actor_id(actor), "loop.minutes", "loop", loop.id, before, _snapshot(loop))
    return loop


def swap_options(loop: Loop, round_kind: str, question_id: str,
                 limit: int = 5) -> list[PlannedQuestion]:
    """Return the best questions to take one slot of a draft round, each with its reason."""
    _require_draft(loop, "swap questions in")
    questions, intake, plan = _current_plan(loop)
    _require_in_round(plan, round_kind, question_id)
    return alternatives(questions, intake, plan, round_kind, question_id, limit=limit)


def signals_only_from(loop: Loop, round_kind: str, question_id: str) -> tuple[str, ...]:
    """Return the round's required signals that only this question covers."""
    loop_round = loop.round(round_kind)
    if loop_round is None:
        return ()
    others = {s for q in loop_round.questions if q.question_id != question_id
              for s in q.question.signals}
    this = next((q.question.signals for q in loop_round.questions
                 if q.question_id == question_id), [])
    required = catalog.required_signals(round_kind, loop.lane, loop.level)
    return tuple(s for s in required if s in this and s not in others)


def swap_question(loop: Loop, round_kind: str, old_id: str, new_id: str,
                  actor: User | None = None) -> Loop:
    """Put another eligible question in one slot of a draft round, keeping its position."""
    _require_draft(loop, "swap questions in")
    questions, intake, plan = _current_plan(loop)
    _require_in_round(plan, round_kind, old_id)
    # Anything the planner would rank for the slot is valid: it fits the lane, level, time
    # left in the round, and is neither excluded nor already in the loop.
    valid = {q.id for q in alternatives(questions, intake, plan, round_kind, old_id,
                                        limit=len(questions))}
    if new_id not in valid:
        raise LoopError("That question cannot take this slot: it does not fit the lane, "
                        "level or time left in the round, or it is already in the loop.")
    chosen = {r.round: [q.id for q in r.questions] for r in plan.rounds}
    chosen[round_kind] = [new_id if qid == old_id else qid for qid in chosen[round_kind]]
    # The manager's choice sticks: the new question is pinned, the old one never returns.
    pins = {kind: [qid for qid in ids if qid != old_id]
            for kind, ids in _pins(loop).items()}
    pins.setdefault(round_kind, []).append(new_id)
    loop.swapped_out_question_ids = sorted({*(loop.swapped_out_question_ids or []), old_id}
                                           - {new_id})
    intake = replace(intake, pins={k: tuple(v) for k, v in pins.items()},
                     exclude=intake.exclude | {old_id})
    new_plan = with_questions(questions, intake, plan, chosen)
    _store_plan(loop, new_plan, intake)
    db.session.flush()
    audit.record(_actor_id(actor), "loop.swap", "loop", loop.id,
                 {"round": round_kind, "question": old_id},
                 {"round": round_kind, "question": new_id})
    return loop


def unpin_question(loop: Loop, round_kind: str, question_id: str,
                   actor: User | None = None) -> Loop:
    """Let the planner replace a question the manager had pinned on the next re-plan."""
    _require_draft(loop, "change")
    loop_round = loop.round(round_kind)
    current = next((q for q in loop_round.questions if q.question_id == question_id),
                   None) if loop_round else None
    if current is None:
        raise LookupError(f"{question_id!r} is not in the {round_kind} round")
    if current.manager_pinned:
        current.manager_pinned = False
        db.session.flush()
        audit.record(_actor_id(actor), "loop.unpin", "loop", loop.id,
                     {"round": round_kind, "question": question_id, "pinned": True},
                     {"round": round_kind, "question": question_id, "pinned": False})
    return loop


# --- staffing and publishing ------------------------------------------------------------

def assign_interviewers(loop: Loop, round_kind: str, interviewer_ids: Iterable[int],
                        scheduled_at: datetime | None, actor: User | None = None) -> LoopRound:
    """Set a round's panel and time; allowed until the loop is decided, and audited."""
    _require_open(loop, "its panel can no longer change")
    loop_round = loop.round(round_kind)
    if loop_round is None:
        raise LoopError(f"This loop has no {round_kind} round.")
    wanted = sorted(set(interviewer_ids))
    users = list(db.session.execute(
        db.select(User).where(User.id.in_(wanted))).scalars()) if wanted else []
    if len(users) != len(wanted) or any(
            not u.active or u.role not in PANEL_ROLES for u in users):
        raise LoopError("Choose interviewers from the list of active interviewers.")
    removed = {u.id for u in loop_round.interviewers} - set(wanted)
    started = [c.interviewer.name for c in loop_round.scorecards if c.interviewer_id in removed]
    if started:
        raise LoopError(f"{', '.join(sorted(started))} already started a scorecard for this "
                        f"round and cannot be taken off it.")
    # A round someone has already written up took place: the plan must keep naming the
    # people who were in the room at the time they were there.
    if any(c.status == "submitted" for c in loop_round.scorecards):
        added = sorted(u.name for u in users
                       if u.id not in {i.id for i in loop_round.interviewers})
        if added:
            raise LoopError(f"This round already took place and has a submitted scorecard; "
                            f"{', '.join(added)} did not interview in it and cannot be added.")
        if scheduled_at != loop_round.scheduled_at:
            raise LoopError("This round already took place and has a submitted scorecard; "
                            "its time can no longer change.")
    before = _round_snapshot(loop_round)
    loop_round.interviewers = sorted(users, key=lambda u: (u.name, u.id))
    loop_round.scheduled_at = scheduled_at
    db.session.flush()
    audit.record(_actor_id(actor), "loop.assign", "loop", loop.id, before,
                 _round_snapshot(loop_round))
    calendar_service.sync_loop_invites(loop)  # updates and cancels go in this transaction
    return loop_round


def publish_problems(loop: Loop) -> list[str]:
    """Return what stops the loop from being published; empty when it is ready."""
    problems = []
    for loop_round in loop.rounds:
        name = catalog.name_of(catalog.ROUNDS, loop_round.kind)
        if not loop_round.questions:
            problems.append(f"{name} has no questions.")
        if not loop_round.interviewers:
            problems.append(f"{name} needs at least one interviewer.")
        if loop_round.scheduled_at is None:
            problems.append(f"{name} needs a date and time.")
    return problems


def publish(loop: Loop, actor: User) -> Loop:
    """Publish a ready draft: count each question's use and move the loop on."""
    _require_open(loop, "it can no longer be published")
    if loop.published_at is not None:
        raise LoopError("This loop is already published.")
    problems = publish_problems(loop)
    if problems:
        raise LoopError("Not ready to publish: " + " ".join(problems))
    question_ids = sorted({q.question_id for r in loop.rounds for q in r.questions})
    # One UPDATE, so concurrent publishes cannot lose a count.
    db.session.execute(
        sa.update(BankQuestion).where(BankQuestion.id.in_(question_ids))
        .values(times_used=BankQuestion.times_used + 1)
        .execution_options(synchronize_session=False))
    for row in db.session.execute(
            db.select(BankQuestion).where(BankQuestion.id.in_(question_ids))).scalars():
        db.session.refresh(row, ["times_used"])
    loop.published_at = utcnow()
    # The loop's scorecards and debrief read this rubric version from now on.
    loop.rubric_version = latest_rubric_version()
    db.session.flush()
    refresh_loops(db.session, [loop.id])  # its plan is fixed now: the insights count it
    audit.record(actor.id, "loop.publish", "loop", loop.id, {"status": "draft"},
                 {"status": loop.status, "questions": question_ids})
    calendar_service.sync_loop_invites(loop)  # invites go in the publishing transaction
    webhooks.emit("loop.published", webhooks.loop_published(loop))
    return loop


CANCEL_REASON_MAX = 2000


def cancel(loop: Loop, actor: User, reason: str) -> Loop:
    """Cancel a loop that is not yet decided: it keeps its record, takes no more scorecards
    or decisions, and every list and packet says it was cancelled. Audited with the reason."""
    reason = (reason or "").strip()
    if loop.cancelled_at is not None:
        raise LoopError("This loop is already cancelled.")
    if loop.decision is not None:
        raise LoopError("This loop is decided; a decided loop cannot be cancelled.")
    if not reason:
        raise LoopError("Say why the loop is cancelled; interviewers and recruiters see it.")
    if len(reason) > CANCEL_REASON_MAX:
        raise LoopError(f"Keep the reason under {CANCEL_REASON_MAX} characters.")
    before = {"status": loop.status}
    loop.cancelled_at = utcnow()
    loop.cancelled_by_id = actor.id
    loop.cancel_reason = reason
    db.session.flush()
    refresh_loops(db.session, [loop.id])
    calendar_service.sync_loop_invites(loop)  # every invite is withdrawn with a CANCEL
    audit.record(actor.id, "loop.cancel", "loop", loop.id, before,
                 {"status": loop.status, "reason": reason})
    webhooks.emit("loop.cancelled", webhooks.loop_cancelled(loop, actor))
    return loop


# --- helpers ----------------------------------------------------------------------------

def _require_open(loop: Loop, consequence: str) -> None:
    if loop.cancelled_at is not None:
        raise LoopError(f"This loop was cancelled; {consequence}.")
    if loop.decision is not None:
        raise LoopError(f"This loop is decided; {consequence}.")


def _actor_id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _require_draft(loop: Loop, verb: str) -> None:
    if loop.cancelled_at is not None:
        raise LoopError("This loop was cancelled; its plan can no longer change.")
    if loop.published_at is not None:
        raise LoopError(f"This loop is published; you can no longer {verb} it.")


def _require_in_round(plan: LoopPlan, round_kind: str, question_id: str) -> None:
    if round_kind not in catalog.ROUND_IDS or question_id not in {
            q.id for q in plan.round(round_kind).questions}:
        raise LookupError(f"{question_id!r} is not in the {round_kind} round")


def _round_minutes(given: Mapping[str, int] | None) -> dict[str, int]:
    minutes = dict(catalog.DEFAULT_ROUND_MINUTES)
    minutes.update(given or {})
    return minutes


def _current_minutes(loop: Loop) -> dict[str, int]:
    return {r.kind: r.minutes for r in loop.rounds}


def check_intake(intake: LoopIntake) -> None:
    """Raise LoopError when create_draft_loop would refuse the intake; write nothing."""
    _check_intake(intake, _round_minutes(intake.round_minutes))


def _check_intake(intake: LoopIntake, minutes: Mapping[str, int]) -> None:
    if intake.deployment_target and intake.deployment_target not in catalog.ids(
            catalog.DEPLOYMENT_TARGETS):
        raise LoopError("Choose a deployment target from the list.")
    if intake.work_type and intake.work_type not in catalog.WORK_TYPE_IDS:
        raise LoopError("Choose the kind of work from the list.")
    try:
        Intake(intake.lane, intake.level, intake.domain or None, minutes).validate()
    except PlanningError as error:
        raise LoopError(_sentence(str(error))) from error


def _pins(loop: Loop) -> dict[str, list[str]]:
    return {r.kind: [q.question_id for q in r.questions if q.manager_pinned]
            for r in loop.rounds}


def _intake_for(loop: Loop, minutes: Mapping[str, int], excluded: Sequence[str]) -> Intake:
    return Intake(loop.lane, loop.level, loop.domain, dict(minutes),
                  exclude=frozenset(excluded) | frozenset(loop.swapped_out_question_ids or ()),
                  usage=usage_counts(), deployment_target=loop.deployment_target,
                  work_type=loop.work_type, platform_team=loop.platform_team,
                  framework=loop.framework,
                  pins={kind: tuple(ids) for kind, ids in _pins(loop).items() if ids})


def _replan(loop: Loop, minutes: Mapping[str, int], seed: int) -> None:
    # Look again each time: the candidate may have had another loop published meanwhile.
    excluded = earlier_question_ids(loop.candidate_email, exclude_loop_id=loop.id)
    loop.excluded_question_ids = excluded
    loop.seed = seed
    intake = _intake_for(loop, minutes, excluded)
    plan = plan_loop(active_questions(), intake, seed)
    _store_plan(loop, plan, intake)


def _current_plan(loop: Loop) -> tuple[list[Question], Intake, LoopPlan]:
    """Rebuild the domain plan a stored loop holds, with the questions it may draw on."""
    in_loop = {q.question_id for r in loop.rounds for q in r.questions}
    questions = active_questions()
    known = {q.id for q in questions}
    missing = in_loop - known
    if missing:
        # A question retired since planning stays where it is but is never offered again.
        rows = db.session.execute(
            db.select(BankQuestion).where(BankQuestion.id.in_(missing))).scalars()
        questions += [to_domain(row) for row in rows]
    intake = _intake_for(loop, _current_minutes(loop), loop.excluded_question_ids or [])
    # with_questions re-explains every round; the skeleton only carries the intake.
    skeleton = LoopPlan(loop.lane, loop.level, loop.domain, loop.seed, tuple(
        PlannedRound(r.kind, r.minutes, (), (), ()) for r in loop.rounds),
        tuple(loop.warnings or ()))
    chosen = {r.kind: [q.question_id for q in r.questions] for r in loop.rounds}
    plan = with_questions(questions, intake, skeleton, chosen)
    return questions, intake, plan


def _store_plan(loop: Loop, plan: LoopPlan, intake: Intake) -> None:
    ids = plan.question_ids()
    versions = dict(db.session.execute(
        db.select(BankQuestion.id, BankQuestion.version).where(BankQuestion.id.in_(ids))).all())
    rounds = {r.kind: r for r in loop.rounds}
    for planned in plan.rounds:
        loop_round = rounds[planned.round]
        loop_round.minutes = planned.minutes
        loop_round.questions = [
            LoopQuestion(question_id=pq.id, question_version=versions[pq.id], position=i,
                         minutes=pq.minutes, reason=pq.reason, note=pq.note,
                         manager_pinned=pq.pinned)
            for i, pq in enumerate(planned.questions)]
    loop.warnings = list(plan.warnings)


def _snapshot(loop: Loop) -> dict:
    return {"seed": loop.seed, "status": loop.status,
            "rounds": {r.kind: {"minutes": r.minutes,
                                "questions": [q.question_id for q in r.questions]}
                       for r in loop.rounds}}


def _round_snapshot(loop_round: LoopRound) -> dict:
    return {"round": loop_round.kind,
            "interviewers": [u.id for u in loop_round.interviewers],
            "scheduled_at": (loop_round.scheduled_at.isoformat(timespec="minutes")
                             if loop_round.scheduled_at else None)}

