"""Save, submit and amend scorecards; decide who may read which.

Every write names the version it was based on (optimistic concurrency) and flushes only:
the request that called it commits once, so a write is one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy.orm as so
from sqlalchemy.orm.exc import StaleDataError

from ..domain import catalog
from ..domain.flags import RaisedFlag, ScorecardInput, raise_flags, validate_scorecard
from ..domain.rubric import Rubric, RubricSet
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
from . import audit
from .rubrics import current_rubric_set

RECOMMENDATION_IDS = catalog.ids(catalog.RECOMMENDATIONS)
FLAG_DECISIONS = ("confirmed", "dismissed")
RATING_POINTS = (1, 2, 3, 4)
MAX_ID = 80
MAX_TEXT = 20_000
MAX_NOTES = 200_000
MAX_ITEMS = 100
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
# Roles that may be assigned to interview (a hiring manager can sit on a loop too).
INTERVIEWING_ROLES = ("interviewer", "hiring_manager")
# Content fields compared, saved and audited.
CONTENT_FIELDS = ("ratings", "evidence", "probes", "observed", "flag_decisions", "notes",
                  "recommendation")


class PayloadError(ValueError):
    """Raised when a request body is not a scorecard the server can store."""


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


@dataclass(frozen=True)
class Draft:
    """The content of a scorecard as a client sends it; None rating means "no signal"."""

    ratings: Mapping[str, int | None] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    probes: Mapping[str, str] = field(default_factory=dict)
    observed: tuple[str, ...] = ()
    flag_decisions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    notes: str = ""
    recommendation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ratings": dict(self.ratings), "evidence": dict(self.evidence),
                "probes": dict(self.probes), "observed": list(self.observed),
                "flag_decisions": {k: dict(v) for k, v in self.flag_decisions.items()},
                "notes": self.notes, "recommendation": self.recommendation}


# --- parsing what the client sent ---------------------------------------------------------------

def _check_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise PayloadError(f"{what}: expected an id of 1 to {MAX_ID} characters")
    return value


def _text(value: Any, what: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{what}: expected text")
    if len(value) > limit:
        raise PayloadError(f"{what}: longer than {limit} characters")
    return value


def _mapping(value: Any, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{what}: expected an object")
    if len(value) > MAX_ITEMS:
        raise PayloadError(f"{what}: more than {MAX_ITEMS} entries")
    return value


def parse_draft(data: Any) -> Draft:
    """Return the Draft in a request body, or raise PayloadError saying what is wrong."""
    if not isinstance(data, dict):
        raise PayloadError("expected a JSON object")
    ratings: dict[str, int | None] = {}
    for key, value in _mapping(data.get("ratings"), "ratings").items():
        _check_id(key, "ratings")
        if value is not None and (isinstance(value, bool) or value not in RATING_POINTS):
            raise PayloadError(f"ratings.{key}: expected 1 to 4, or null for no signal")
        ratings[key] = value
    evidence = {_check_id(k, "evidence"): _text(v, f"evidence.{k}")
                for k, v in _mapping(data.get("evidence"), "evidence").items()}
    probes = {_check_id(k, "probes"): _check_id(v, f"probes.{k}")
              for k, v in _mapping(data.get("probes"), "probes").items() if v}
    observed_raw = data.get("observed") or []
    if not isinstance(observed_raw, list) or len(observed_raw) > MAX_ITEMS:
        raise PayloadError("observed: expected a list of flag ids")
    observed: list[str] = []
    for flag_id in observed_raw:
        _check_id(flag_id, "observed")
        if flag_id not in observed:
            observed.append(flag_id)
    decisions: dict[str, dict[str, str]] = {}
    for flag_id, decision in _mapping(data.get("flag_decisions"), "flag_decisions").items():
        _check_id(flag_id, "flag_decisions")
        if not isinstance(decision, dict) or decision.get("decision") not in FLAG_DECISIONS:
            raise PayloadError(f"flag_decisions.{flag_id}: expected a decision of "
                               f"{' or '.join(FLAG_DECISIONS)}")
        decisions[flag_id] = {
            "decision": decision["decision"],
            "reason": _text(decision.get("reason"), f"flag_decisions.{flag_id}.reason"),
            "because": _text(decision.get("because"), f"flag_decisions.{flag_id}.because"),
        }
    recommendation = data.get("recommendation") or None
    if recommendation is not None and recommendation not in RECOMMENDATION_IDS:
        raise PayloadError(f"recommendation: expected one of {', '.join(RECOMMENDATION_IDS)}")
    return Draft(ratings=ratings, evidence=evidence, probes=probes, observed=tuple(observed),
                 flag_decisions=decisions, notes=_text(data.get("notes"), "notes", MAX_NOTES),
                 recommendation=recommendation)


def parse_version(data: Any) -> int:
    """Return the version a write was based on (0: no scorecard existed yet)."""
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise PayloadError("version: expected the whole number the copy was based on")
    return version


def valid_idempotency_key(key: str | None) -> bool:
    return bool(key) and IDEMPOTENCY_KEY.match(key) is not None


# --- the rules of a complete scorecard (pure) ---------------------------------------------------

def scorecard_input(loop: Loop, round_kind: str, draft: Draft) -> ScorecardInput:
    """Return the flag engine's view of a draft."""
    return ScorecardInput.of(round_kind, loop.lane, loop.level, draft)


def proposals(rubrics: RubricSet, loop: Loop, round_kind: str,
              draft: Draft) -> list[RaisedFlag]:
    """Return the flags the engine proposes from the text (not the interviewer's own ticks)."""
    raised = raise_flags(rubrics, scorecard_input(loop, round_kind, draft))
    return [flag for flag in raised if flag.source != "interviewer"]


def submission_errors(rubric: Rubric, draft: Draft,
                      proposed: Sequence[RaisedFlag]) -> dict[str, str]:
    """Return what stops a draft from being submitted, keyed by the field to fix."""
    errors: dict[str, str] = {}
    for criterion in rubric.criteria:
        if criterion.id not in draft.ratings:
            errors[f"ratings.{criterion.id}"] = (
                f"{criterion.name}: choose a rating, or No signal if the interview gave none.")
            continue
        value = draft.ratings[criterion.id]
        if value is not None and not draft.evidence.get(criterion.id, "").strip():
            errors[f"evidence.{criterion.id}"] = (
                f"{criterion.name}: write the evidence behind your rating of {value} "
                f"— what the candidate said or did.")
    for flag in proposed:
        decision = draft.flag_decisions.get(flag.id)
        if flag.id in draft.observed:
            continue  # the interviewer ticked it themselves: it stands
        if not decision:
            errors[f"flags.{flag.id}"] = f"Proposed flag “{flag.label}”: confirm or dismiss it."
        elif decision["decision"] == "dismissed" and not decision.get("reason", "").strip():
            errors[f"flags.{flag.id}"] = (
                f"Proposed flag “{flag.label}”: say why you dismiss it.")
    if draft.recommendation is None:
        errors["recommendation"] = "Choose an overall recommendation."
    return errors


# --- reading ----------------------------------------------------------------------------------

def draft_of(card: Scorecard | None) -> Draft:
    """Return a stored scorecard's content as a Draft (empty for none)."""
    if card is None:
        return Draft()
    return Draft(ratings=dict(card.ratings or {}), evidence=dict(card.evidence or {}),
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
    return (user.role in INTERVIEWING_ROLES and loop_round.loop.published_at is not None
            and is_assigned(loop_round, user))


def has_submitted_in(loop: Loop, user: User) -> bool:
    return any(c.interviewer_id == user.id and c.status == "submitted"
               for r in loop.rounds for c in r.scorecards)


def sees_all_submitted(loop: Loop, user: User) -> bool:
    """Return whether a user reads every submitted scorecard of a loop regardless of their own."""
    return user.role == "recruiter" or (user.role == "hiring_manager" and loop.owner_id == user.id)


def visible_scorecards(loop: Loop, user: User) -> list[Scorecard]:
    """Return the scorecards of a loop a user may read besides their own.

    Independent scoring: an interviewer reads the others only once their own is in. Drafts
    are read by their author alone, so they never appear here.
    """
    if not (sees_all_submitted(loop, user) or has_submitted_in(loop, user)):
        return []
    return [card for r in loop.rounds for card in r.scorecards
            if card.status == "submitted" and card.interviewer_id != user.id]


# --- writing ----------------------------------------------------------------------------------

def _apply(card: Scorecard, draft: Draft) -> None:
    # New objects, not in-place edits, so the JSON columns are seen as changed.
    card.ratings = dict(draft.ratings)
    card.evidence = dict(draft.evidence)
    card.probes = dict(draft.probes)
    card.observed_flags = list(draft.observed)
    card.flag_decisions = {k: dict(v) for k, v in draft.flag_decisions.items()}
    card.notes = draft.notes
    card.recommendation = draft.recommendation


def changed_fields(before: Draft, after: Draft) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the (before, after) values of the content fields that differ."""
    old, new = before.as_dict(), after.as_dict()
    names = [name for name in CONTENT_FIELDS if old[name] != new[name]]
    return {n: old[n] for n in names}, {n: new[n] for n in names}


def _check_open(loop_round: LoopRound) -> None:
    if loop_round.loop.decision is not None:
        raise Locked("the loop is decided; its scorecards no longer change")


def _current_for_write(loop_round: LoopRound, user: User, base_version: int) -> Scorecard | None:
    card = find_scorecard(loop_round, user.id)
    current_version = card.version if card else 0
    if base_version != current_version:
        raise StaleVersion(card)
    return card


def save_draft(loop_round: LoopRound, user: User, draft: Draft, base_version: int) -> Scorecard:
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


def submit(loop_round: LoopRound, user: User, draft: Draft, base_version: int,
           rubrics: RubricSet | None = None) -> Scorecard:
    """Save the draft, then submit it; raise Incomplete (the draft kept) when it falls short."""
    rubrics = rubrics or current_rubric_set()
    card = save_draft(loop_round, user, draft, base_version)
    errors = _completeness(rubrics, loop_round, draft)
    if errors:
        raise Incomplete(errors)
    now = utcnow()
    card.status = "submitted"
    card.submitted_at = now
    card.updated_at = now
    card.version += 1
    _flush_or_conflict(card)
    audit.record(user.id, "scorecard.submit", "scorecard", card.id, None,
                 {"round": loop_round.kind, "loop_id": loop_round.loop_id,
                  "recommendation": card.recommendation, "version": card.version})
    return card


def amend(loop_round: LoopRound, user: User, draft: Draft, base_version: int,
          rubrics: RubricSet | None = None) -> Scorecard:
    """Change a submitted scorecard; it must stay complete; audit before and after."""
    rubrics = rubrics or current_rubric_set()
    _check_open(loop_round)
    card = _current_for_write(loop_round, user, base_version)
    if card is None or card.status != "submitted":
        raise Locked("only a submitted scorecard can be amended; save the draft instead")
    errors = _completeness(rubrics, loop_round, draft)
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
    _flush_or_conflict(card)
    audit.record(user.id, "scorecard.amend", "scorecard", card.id, before, after)
    return card


def _completeness(rubrics: RubricSet, loop_round: LoopRound, draft: Draft) -> dict[str, str]:
    rubric = rubrics.for_round(loop_round.kind)
    proposed = proposals(rubrics, loop_round.loop, loop_round.kind, draft)
    errors = submission_errors(rubric, draft, proposed)
    if not errors:
        # The engine's own checks (unknown criteria, options, flags not open at this level).
        problems = validate_scorecard(rubrics, scorecard_input(loop_round.loop, loop_round.kind,
                                                               draft))
        if problems:
            errors["form"] = " ".join(problems)
    return errors


# --- idempotency --------------------------------------------------------------------------------

class KeyReused(Exception):
    """Raised when an idempotency key was already used by someone else or for another round."""


def replay(key: str, user: User, scope: str) -> IdempotencyKey | None:
    """Return the stored answer to a write already carried out under this key, if any."""
    row = db.session.get(IdempotencyKey, key)
    if row is None:
        return None
    if row.user_id != user.id or (row.response or {}).get("scope") != scope:
        raise KeyReused("this idempotency key belongs to another request")
    return row


def remember(key: str, user: User, scope: str, card: Scorecard, response: dict[str, Any],
             status_code: int) -> None:
    """Store the answer to a write so a retry with the same key gets it back."""
    db.session.add(IdempotencyKey(key=key, user_id=user.id, scorecard_id=card.id,
                                  response={**response, "scope": scope},
                                  status_code=status_code))
    db.session.flush()


def stored_response(row: IdempotencyKey) -> dict[str, Any]:
    return {k: v for k, v in (row.response or {}).items() if k != "scope"}


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


def assignments(user: User, now: datetime | None = None) -> list[Assignment]:
    """Return the user's rounds in published loops: upcoming first, then owed, then submitted."""
    now = now or utcnow()
    rounds = db.session.execute(
        db.select(LoopRound).join(loop_round_interviewers,
                                  loop_round_interviewers.c.round_id == LoopRound.id)
        .join(Loop, Loop.id == LoopRound.loop_id)
        .where(loop_round_interviewers.c.user_id == user.id, Loop.published_at.is_not(None))
        .options(so.selectinload(LoopRound.loop))  # the list shows each round's candidate
    ).scalars().all()
    cards = {c.round_id: c for c in db.session.execute(
        db.select(Scorecard).where(Scorecard.interviewer_id == user.id)).scalars()}
    found = []
    for loop_round in rounds:
        card = cards.get(loop_round.id)
        if card is not None and card.status == "submitted":
            group = "submitted"
        elif loop_round.scheduled_at is None or (
                loop_round.scheduled_at + timedelta(minutes=loop_round.minutes) > now):
            group = "upcoming"
        else:
            group = "owed"
        found.append(Assignment(loop_round, card, group))
    far = datetime.max
    upcoming = sorted((a for a in found if a.group != "submitted"),
                      key=lambda a: (a.group != "upcoming", a.loop_round.scheduled_at or far,
                                     a.loop_round.id))
    submitted = sorted((a for a in found if a.group == "submitted"),
                       key=lambda a: (a.scorecard.submitted_at or far, a.loop_round.id),
                       reverse=True)
    return upcoming + submitted


def forget_draft_keys(card: Scorecard) -> None:
    """Drop the keys of a scorecard's draft saves once it is submitted; they are spent."""
    rows = db.session.execute(
        db.select(IdempotencyKey).where(IdempotencyKey.scorecard_id == card.id)).scalars()
    for row in rows:
        if str((row.response or {}).get("scope", "")).startswith("draft:"):
            db.session.delete(row)
    db.session.flush()
