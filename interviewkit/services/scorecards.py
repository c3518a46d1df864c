"""Save, submit and amend scorecards; decide who may read which.

Every write names the version it was based on (optimistic concurrency) and flushes only:
the request that called it commits once, so a write is one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..domain import policy
from ..domain.flags import RaisedFlag
from ..domain.rubric import Rubric, RubricSet
from ..domain.scorecard import (
    CONTENT_FIELDS,
    ContentError,
    ScorecardContent,
    engine_problems,
    parse_content,
    raise_for,
    settle,
    unknown_flag_ids,
)
from ..domain.scorecard import submission_errors as _submission_errors
from ..extensions import db
from ..models import (
    IdempotencyKey,
    Loop,
    LoopRound,
    Scorecard,
    User,
    loop_round_interviewers,
    utcnow,
)
from . import audit, webhooks
from .insight_summaries import refresh_loops
from .rubrics import rubric_set_of_version

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
INTERVIEWING_ROLES = policy.INTERVIEWING
WRITE_KINDS = ("draft", "submit", "amend")

# The scorecard content type and its parser live in the pure domain; these are their names
# in the service's vocabulary.
Draft = ScorecardContent
PayloadError = ContentError
parse_draft = parse_content
__all__ = ["CONTENT_FIELDS", "Draft", "PayloadError", "parse_draft"]


class StaleVersion(Exception):
    """Raised when a write is based on an older version than the stored one."""

    def __init__(self, current: Scorecard | None):
        super().__init__("the scorecard changed since this copy was loaded")
        self.current = current


class Incomplete(Exception):
    """Raised when a scorecard cannot be submitted; errors are keyed by field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class Locked(Exception):
    """Raised when a scorecard can no longer change (submitted, or the loop is decided)."""


def parse_version(data: Any) -> int:
    """Return the version a write was based on (0: no scorecard existed yet)."""
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ContentError("version", "expected the whole number the copy was based on")
    return version


def valid_idempotency_key(key: str | None) -> bool:
    return bool(key) and IDEMPOTENCY_KEY.match(key) is not None


# --- the rules of a complete scorecard ----------------------------------------------------------

def rubrics_for(loop: Loop) -> RubricSet:
    """Return the rubric set a loop was published with (the current one for a draft loop)."""
    return rubric_set_of_version(loop.rubric_version)


def proposals(rubrics: RubricSet, loop: Loop, round_kind: str,
              draft: ScorecardContent) -> list[RaisedFlag]:
    """Return the flags the engine proposes from the text (not the interviewer's own ticks)."""
    raised = raise_for(rubrics, round_kind, loop.lane, loop.level, draft)
    return [flag for flag in raised if flag.source != "interviewer"]


def submission_errors(rubric: Rubric, draft: ScorecardContent,
                      proposed: Sequence[RaisedFlag]) -> dict[str, str]:
    """Return what stops a draft from being submitted, keyed by the field to fix."""
    return _submission_errors(rubric, draft, proposed)


# --- reading ----------------------------------------------------------------------------------

def draft_of(card: Scorecard | None) -> ScorecardContent:
    """Return a stored scorecard's content (empty for none)."""
    if card is None:
        return ScorecardContent()
    ratings = {k: (None if v is None else int(v)) for k, v in (card.ratings or {}).items()}
    return ScorecardContent(ratings=ratings, evidence=dict(card.evidence or {}),
                 probes=dict(card.probes or {}), observed=tuple(card.observed_flags or ()),
                 flag_decisions={k: dict(v) for k, v in (card.flag_decisions or {}).items()},
                 notes=card.notes or "", recommendation=card.recommendation)


def iso(moment: datetime | None) -> str | None:
    """Return a stored naive-UTC time as ISO 8601 with a Z, for the browser's clock."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def scorecard_json(card: Scorecard | None) -> dict[str, Any]:
    """Return the JSON copy of a scorecard the page works from (version 0: none yet)."""
    content = draft_of(card).as_dict()
    if card is None:
        return {"id": None, "status": "not_started", "version": 0, **content,
                "updated_at": None, "submitted_at": None, "amended_at": None}
    return {"id": card.id, "status": card.status, "version": card.version, **content,
            "updated_at": iso(card.updated_at), "submitted_at": iso(card.submitted_at),
            "amended_at": iso(card.amended_at)}


def settled_proposals(card: Scorecard) -> list[dict[str, Any]]:
    """Return the proposals a submitted scorecard settled, as stored (no engine run)."""
    return [{k: flag[k] for k in ("id", "label", "severity", "source", "because", "rule")}
            for flag in card.settled_flags or () if flag["source"] != "interviewer"]


def proposal_json(flag: RaisedFlag) -> dict[str, Any]:
    return {"id": flag.id, "label": flag.label, "severity": flag.severity,
            "source": flag.source, "because": flag.because, "rule": flag.rule}


def find_scorecard(loop_round: LoopRound, user_id: int) -> Scorecard | None:
    return db.session.execute(db.select(Scorecard).where(
        Scorecard.round_id == loop_round.id,
        Scorecard.interviewer_id == user_id)).scalar_one_or_none()


def is_assigned(loop_round: LoopRound, user: User) -> bool:
    return any(person.id == user.id for person in loop_round.interviewers)


def can_score(loop_round: LoopRound, user: User) -> bool:
    """Return whether the user may open the kit and scorecard of a round."""
    return policy.can_score(user, loop_round)


def has_submitted_in(loop: Loop, user: User) -> bool:
    """Return whether the user submitted a scorecard for any round of the loop."""
    return bool(_submitted_rounds(loop, user))


def _submitted_rounds(loop: Loop, user: User) -> set[int]:
    return {r.id for r in loop.rounds for c in r.scorecards
            if c.interviewer_id == user.id and c.status == "submitted"}


def sees_all_submitted(loop: Loop, user: User) -> bool:
    """Return whether a user reads every submitted scorecard of a loop regardless of their own."""
    return policy.sees_all_submitted(user, loop)


def visible_scorecards(loop: Loop, user: User) -> list[Scorecard]:
    """Return the scorecards of a loop a user may read besides their own.

    Independent scoring: an interviewer reads the others only once their own is in, and a
    round they sit on only once their own scorecard for that round is in. Drafts are read by
    their author alone, so they never appear here.
    """
    everything = sees_all_submitted(loop, user)
    submitted = _submitted_rounds(loop, user)
    if not (everything or submitted):
        return []
    return [card for r in loop.rounds for card in r.scorecards
            if card.status == "submitted" and card.interviewer_id != user.id
            and (everything or r.id in submitted
                 or all(person.id != user.id for person in r.interviewers))]


# --- writing: one use case, one outcome ---------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What a write came to: the HTTP status and JSON body, and whether to keep the writes."""

    status: int
    body: dict[str, Any]
    commit: bool = True


def _apply(card: Scorecard, content: ScorecardContent) -> None:
    # New objects, not in-place edits, so the JSON columns are seen as changed.
    stored = content.as_dict()
    card.ratings = stored["ratings"]
    card.evidence = stored["evidence"]
    card.probes = stored["probes"]
    card.observed_flags = stored["observed"]
    card.flag_decisions = stored["flag_decisions"]
    card.notes = stored["notes"]
    card.recommendation = stored["recommendation"]


def changed_fields(before: ScorecardContent,
                   after: ScorecardContent) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the (before, after) values of the content fields that differ."""
    return after.changes_from(before)


def _check_open(loop_round: LoopRound) -> None:
    if loop_round.loop.cancelled_at is not None:
        raise Locked("the loop was cancelled; it takes no more scorecards")
    if loop_round.loop.decision is not None:
        raise Locked("the loop is decided; its scorecards no longer change")


def _current_for_write(loop_round: LoopRound, user: User, base_version: int) -> Scorecard | None:
    card = find_scorecard(loop_round, user.id)
    current_version = card.version if card else 0
    if base_version != current_version:
        raise StaleVersion(card)
    return card


def save_draft(loop_round: LoopRound, user: User, draft: ScorecardContent,
               base_version: int) -> Scorecard:
    """Store a draft; create the scorecard on the first save (base version 0)."""
    _check_open(loop_round)
    card = _current_for_write(loop_round, user, base_version)
    if card is not None and card.status == "submitted":
        raise Locked("this scorecard is submitted; amend it instead")
    if card is None:
        # Through the relationship, so the round's loaded scorecards include it at once.
        card = Scorecard(round=loop_round, interviewer_id=user.id, status="draft", version=0)
        db.session.add(card)
    elif draft_of(card) == draft:
        return card  # nothing changed: no new version
    _apply(card, draft)
    card.version += 1
    card.updated_at = utcnow()
    _flush_or_conflict(card)
    return card


def _flush_or_conflict(card: Scorecard) -> None:
    """Flush; a write that lost a race with another request becomes a version conflict."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleVersion(card) from error


def _settle_into(card: Scorecard, loop_round: LoopRound, raised: Sequence[RaisedFlag],
                 draft: ScorecardContent) -> None:
    card.settled_flags = [flag.to_json() for flag in settle(raised, draft)]
    card.rubric_version = loop_round.loop.rubric_version


def submit(loop_round: LoopRound, user: User, draft: ScorecardContent, base_version: int,
           rubrics: RubricSet | None = None,
           raised: Sequence[RaisedFlag] | None = None) -> Scorecard:
    """Save the draft, then submit it with its settled flags; raise Incomplete when short.

    The draft part stays in the session when Incomplete is raised, so it can be kept.
    """
    loop = loop_round.loop
    rubrics = rubrics or rubrics_for(loop)
    if raised is None:
        raised = raise_for(rubrics, loop_round.kind, loop.lane, loop.level, draft)
    card = save_draft(loop_round, user, draft, base_version)
    errors = _completeness(rubrics, loop_round, draft, raised)
    if errors:
        raise Incomplete(errors)
    now = utcnow()
    card.status = "submitted"
    card.submitted_at = now
    card.updated_at = now
    card.version += 1
    _settle_into(card, loop_round, raised, draft)
    _flush_or_conflict(card)
    refresh_loops(db.session, [loop_round.loop_id])
    audit.record(user.id, "scorecard.submit", "scorecard", card.id, None,
                 {"round": loop_round.kind, "loop_id": loop_round.loop_id,
                  "recommendation": card.recommendation, "version": card.version,
                  "flags": card.settled_flags, "rubric_version": card.rubric_version})
    webhooks.emit("scorecard.submitted", webhooks.scorecard_submitted(card, loop_round, user))
    return card


def amend(loop_round: LoopRound, user: User, draft: ScorecardContent, base_version: int,
          rubrics: RubricSet | None = None,
          raised: Sequence[RaisedFlag] | None = None) -> Scorecard:
    """Change a submitted scorecard; it must stay complete; audit before and after."""
    loop = loop_round.loop
    rubrics = rubrics or rubrics_for(loop)
    if raised is None:
        raised = raise_for(rubrics, loop_round.kind, loop.lane, loop.level, draft)
    _check_open(loop_round)
    card = _current_for_write(loop_round, user, base_version)
    if card is None or card.status != "submitted":
        raise Locked("only a submitted scorecard can be amended; save the draft instead")
    errors = _completeness(rubrics, loop_round, draft, raised)
    if errors:
        raise Incomplete(errors)
    before, after = changed_fields(draft_of(card), draft)
    if not after:
        return card
    _apply(card, draft)
    now = utcnow()
    card.version += 1
    card.amended_at = now
    card.updated_at = now
    previous_flags = card.settled_flags
    _settle_into(card, loop_round, raised, draft)
    if card.settled_flags != previous_flags:
        before["flags"], after["flags"] = previous_flags, card.settled_flags
    _flush_or_conflict(card)
    refresh_loops(db.session, [loop_round.loop_id])
    audit.record(user.id, "scorecard.amend", "scorecard", card.id, before, after)
    webhooks.emit("scorecard.amended",
                  webhooks.scorecard_amended(card, loop_round, user, list(after)))
    return card


def _completeness(rubrics: RubricSet, loop_round: LoopRound, draft: ScorecardContent,
                  raised: Sequence[RaisedFlag]) -> dict[str, str]:
    loop = loop_round.loop
    proposed = [flag for flag in raised if flag.source != "interviewer"]
    errors = submission_errors(rubrics.for_round(loop_round.kind, loop.lane), draft, proposed)
    if not errors:
        problems = engine_problems(rubrics, loop_round.kind, loop.lane, loop.level, draft)
        if problems:
            errors["form"] = " ".join(problems)
    return errors


CONFLICT = ("This scorecard was changed in another tab or device since you loaded it. "
            "Compare the two versions and choose what to keep.")


def write_scorecard(loop_round: LoopRound, user: User, kind: str, key: str | None,
                    body: Any) -> Outcome:
    """Carry out one save, submit or amend, at most once per idempotency key.

    The flag engine reads the text before anything is written, so the write itself is a
    few short statements. A lost race ends the transaction (rolled back) and answers 409,
    or the first answer when the same key won it.
    """
    if kind not in WRITE_KINDS:
        raise ValueError(f"unknown write {kind!r}")
    if not valid_idempotency_key(key):
        return Outcome(400, {"error": "Idempotency-Key header: expected 8 to 80 letters, "
                                      "digits, - or _", "field": "Idempotency-Key"}, False)
    assert key is not None
    scope = f"{kind}:{loop_round.id}"
    try:
        stored = replay(key, user, scope)
    except KeyReused as error:
        return Outcome(422, {"error": str(error)}, False)
    if stored is not None:
        return Outcome(stored.status_code, dict(stored.response), False)
    try:
        draft = parse_content(body)
        base_version = parse_version(body)
    except ContentError as error:
        return Outcome(400, {"error": str(error), "field": error.field}, False)
    loop = loop_round.loop
    rubrics = rubrics_for(loop)
    applicable = [f.id for f in rubrics.flags_for(loop_round.kind, loop.lane, loop.level)]
    unknown = unknown_flag_ids(draft, applicable)
    if unknown:
        return Outcome(400, {"error": f"{unknown[0]}: not a flag of this round at this level",
                             "field": unknown[0]}, False)
    # A draft save is a plain write: the page asks for proposals apart from it. Submit and
    # amend settle the flags, so the engine reads the text here, before anything is written.
    raised = (() if kind == "draft"
              else raise_for(rubrics, loop_round.kind, loop.lane, loop.level, draft))
    try:
        outcome = _write(loop_round, user, kind, draft, base_version, rubrics, raised)
        remember(key, user, scope, outcome)
        return outcome
    except StaleVersion:
        db.session.rollback()
        return Outcome(409, {"error": CONFLICT, "conflict": True,
                             "current": scorecard_json(find_scorecard(loop_round, user.id))},
                       False)
    except Locked as locked:
        db.session.rollback()
        message = str(locked)
        return Outcome(409, {"error": message[:1].upper() + message[1:] + ".", "locked": True,
                             "current": scorecard_json(find_scorecard(loop_round, user.id))},
                       False)
    except IntegrityError:
        # Two first saves at once (two tabs, or a retry of a request still in flight).
        db.session.rollback()
        stored = replay(key, user, scope)
        if stored is not None:
            return Outcome(stored.status_code, dict(stored.response), False)
        return Outcome(409, {"error": CONFLICT, "conflict": True,
                             "current": scorecard_json(find_scorecard(loop_round, user.id))},
                       False)


def _write(loop_round: LoopRound, user: User, kind: str, draft: ScorecardContent,
           base_version: int, rubrics: RubricSet, raised: Sequence[RaisedFlag]) -> Outcome:
    try:
        if kind == "draft":
            card = save_draft(loop_round, user, draft, base_version)
        elif kind == "submit":
            card = submit(loop_round, user, draft, base_version, rubrics, raised)
            forget_draft_keys(card)
        else:
            card = amend(loop_round, user, draft, base_version, rubrics, raised)
    except Incomplete as incomplete:
        # A submit keeps what was typed (the draft part of it is kept); an amendment that
        # falls short changes nothing. Either way a retry gets this same answer.
        card = find_scorecard(loop_round, user.id)
        count = len(incomplete.errors)
        return Outcome(422, {
            "error": f"Not submitted yet: {count} "
                     + ("thing needs" if count == 1 else "things need") + " your attention.",
            "errors": incomplete.errors, "version": card.version if card else 0,
            "scorecard": scorecard_json(card)})
    return Outcome(200, {"ok": True, "version": card.version, "saved_at": iso(card.updated_at),
                         "scorecard": scorecard_json(card)})


# --- idempotency --------------------------------------------------------------------------------

class KeyReused(Exception):
    """Raised when an idempotency key was already used by someone else or for another round."""


def replay(key: str, user: User, scope: str) -> IdempotencyKey | None:
    """Return the stored answer to a write already carried out under this key, if any."""
    row = db.session.get(IdempotencyKey, key)
    if row is None:
        return None
    if row.user_id != user.id or row.scope != scope:
        raise KeyReused("this idempotency key belongs to another request")
    return row


def remember(key: str, user: User, scope: str, outcome: Outcome) -> None:
    """Store the answer to a write so a retry with the same key gets it back."""
    card_id = (outcome.body.get("scorecard") or {}).get("id")
    db.session.add(IdempotencyKey(key=key, user_id=user.id, scope=scope, scorecard_id=card_id,
                                  response=outcome.body, status_code=outcome.status))
    db.session.flush()


def forget_draft_keys(card: Scorecard) -> None:
    """Drop the keys of a scorecard's draft saves once it is submitted; they are spent."""
    db.session.execute(db.delete(IdempotencyKey).where(
        IdempotencyKey.scorecard_id == card.id, IdempotencyKey.scope.like("draft:%")))


# --- the interviewer's list -------------------------------------------------------------------

@dataclass(frozen=True)
class Assignment:
    loop_round: LoopRound
    scorecard: Scorecard | None
    group: str  # upcoming | owed | submitted

    @property
    def state(self) -> str:
        return self.scorecard.status if self.scorecard else "not_started"


STATE_NAMES = {"not_started": "Not started", "draft": "Draft", "submitted": "Submitted"}


SUBMITTED_PER_PAGE = 25


def _my_rounds(user: User):
    return (db.select(LoopRound).join(loop_round_interviewers,
                                      loop_round_interviewers.c.round_id == LoopRound.id)
            .join(Loop, Loop.id == LoopRound.loop_id)
            .where(loop_round_interviewers.c.user_id == user.id,
                   Loop.published_at.is_not(None))
            .options(so.selectinload(LoopRound.loop)))  # the list shows each candidate


def _submitted_by(user: User):
    return (Scorecard.round_id == LoopRound.id, Scorecard.interviewer_id == user.id,
            Scorecard.status == "submitted")


def assignments(user: User, now: datetime | None = None) -> list[Assignment]:
    """Return the user's rounds in published loops: upcoming first, then owed, then submitted."""
    return open_assignments(user, now) + submitted_assignments(user, None)[0]


def open_assignments(user: User, now: datetime | None = None) -> list[Assignment]:
    """Return the user's rounds still waiting on their scorecard: upcoming, then owed."""
    now = now or utcnow()
    rounds = db.session.execute(
        _my_rounds(user).where(~sa.exists().where(*_submitted_by(user)))).scalars().all()
    cards = {c.round_id: c for c in db.session.execute(
        db.select(Scorecard).where(Scorecard.interviewer_id == user.id,
                                   Scorecard.round_id.in_([r.id for r in rounds]))).scalars()}
    found = []
    for loop_round in rounds:
        if loop_round.loop.cancelled_at is not None:
            continue  # a cancelled loop owes nothing and has nothing coming up
        card = cards.get(loop_round.id)
        if loop_round.scheduled_at is None or (
                loop_round.scheduled_at + timedelta(minutes=loop_round.minutes) > now):
            group = "upcoming"
        else:
            group = "owed"
        found.append(Assignment(loop_round, card, group))
    far = datetime.max
    return sorted(found, key=lambda a: (a.group != "upcoming", a.loop_round.scheduled_at or far,
                                        a.loop_round.id))


def submitted_assignments(user: User, page: int | None = 1,
                          per_page: int | None = None) -> tuple[list[Assignment], int]:
    """Return one page of the user's submitted scorecards, newest first, and how many there
    are in all; page None returns them all."""
    query = (_my_rounds(user).join(Scorecard, sa.and_(*_submitted_by(user)))
             .add_columns(Scorecard)
             .order_by(Scorecard.submitted_at.is_(None).desc(), Scorecard.submitted_at.desc(),
                       LoopRound.id.desc()))
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())).scalar() or 0
    if page is not None:
        per_page = per_page or SUBMITTED_PER_PAGE
        query = query.limit(per_page).offset((max(page, 1) - 1) * per_page)
    found = [Assignment(loop_round, card, "submitted")
             for loop_round, card in db.session.execute(query).all()]
    return found, total


def settle_unrecorded() -> int:
    """Store the settled flags of submitted scorecards that have none on record: those
    submitted before the records migration added the column. Each is read once, with the
    rubrics its loop was published with, and from then on reads the same forever. Run by
    `interviewkit init` after migrating; returns how many it settled."""
    import sqlalchemy as sa

    unrecorded = sa.or_(Scorecard.settled_flags.is_(None),
                        sa.cast(Scorecard.settled_flags, sa.Text) == "null")
    cards = db.session.scalars(
        db.select(Scorecard).where(Scorecard.status == "submitted", unrecorded)
        .options(so.joinedload(Scorecard.round).joinedload(LoopRound.loop))).all()
    for card in cards:
        loop_round = card.round
        loop = loop_round.loop
        draft = draft_of(card)
        raised = raise_for(rubrics_for(loop), loop_round.kind, loop.lane, loop.level, draft)
        _settle_into(card, loop_round, raised, draft)
        audit.record(None, "scorecard.settle_recorded", "scorecard", card.id, None,
                     {"flags": card.settled_flags, "rubric_version": card.rubric_version})
    db.session.flush()
    return len(cards)
