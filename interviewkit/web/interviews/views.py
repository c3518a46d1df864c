"""The interviewer's side: my interviews, the interview kit, the scorecard and its JSON API.

The JSON endpoints are session-authenticated and CSRF-protected through the X-CSRFToken
header; they answer every failure with a 4xx JSON body the page can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from ...domain import catalog
from ...domain.rubric import RubricSet
from ...extensions import db
from ...models import LoopRound, Scorecard
from ...services import debriefs as debrief_service
from ...services import scorecards as service
from ...services.lifecycle import refresh_status
from ...services.rubrics import current_rubric_set
from ...services.scorecards import (
    Incomplete,
    KeyReused,
    Locked,
    PayloadError,
    StaleVersion,
)
from ..access import roles_required

bp = Blueprint("interviews", __name__, url_prefix="/interviews")

ROLES = service.INTERVIEWING_ROLES


# --- access -----------------------------------------------------------------------------

def _round_or_404(round_id: int) -> LoopRound:
    """Return a round the signed-in user is assigned to in a published loop; 404 otherwise."""
    loop_round = db.session.get(LoopRound, round_id)
    if loop_round is None or not service.can_score(loop_round, current_user):
        abort(404)
    return loop_round


def json_endpoint(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer in JSON whatever happens: 401 when signed out, 404 for other roles, 4xx errors."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return {"error": "You are signed out. Sign in again in another tab; your edits "
                             "stay on this page.", "signed_out": True}, 401
        if current_user.role not in ROLES:
            return {"error": "Not found"}, 404
        try:
            return view(*args, **kwargs)
        except HTTPException as error:
            db.session.rollback()
            code = error.code or 400
            detail = "Not found" if code == 404 else error.description
            return {"error": detail}, code
        except PayloadError as error:
            db.session.rollback()
            return {"error": str(error)}, 400
        except KeyReused as error:
            db.session.rollback()
            return {"error": str(error)}, 422

    return wrapped


# --- pages --------------------------------------------------------------------------------

@bp.route("/")
@roles_required(*ROLES)
def index():
    assignments = service.assignments(current_user)
    groups = {name: [a for a in assignments if a.group == name]
              for name in ("upcoming", "owed", "submitted")}
    return render_template("interviews/index.html", groups=groups,
                           state_names=service.STATE_NAMES)


def _page_context(loop_round: LoopRound) -> dict[str, Any]:
    loop = loop_round.loop
    rubrics = current_rubric_set()
    rubric = rubrics.for_round(loop_round.kind)
    card = service.find_scorecard(loop_round, current_user.id)
    others = debrief_service.others_debrief(loop, current_user)
    return {
        "loop": loop, "loop_round": loop_round, "rubric": rubric, "card": card,
        "level": loop.level, "level_name": catalog.name_of(catalog.LEVELS, loop.level),
        "round_name": catalog.name_of(catalog.ROUNDS, loop_round.kind),
        "lane_name": catalog.name_of(catalog.LANES, loop.lane),
        "others": others,
        "state": card.status if card else "not_started",
        "state_names": service.STATE_NAMES,
    }


@bp.route("/rounds/<int:round_id>")
@roles_required(*ROLES)
def kit(round_id: int):
    """Show the round's questions, what strong and weak answers sound like, and the anchors."""
    loop_round = _round_or_404(round_id)
    return render_template("interviews/kit.html", **_page_context(loop_round))


@bp.route("/rounds/<int:round_id>/scorecard")
@roles_required(*ROLES)
def scorecard(round_id: int):
    loop_round = _round_or_404(round_id)
    context = _page_context(loop_round)
    rubrics = current_rubric_set()
    card = context["card"]
    draft = service.draft_of(card)
    proposals = service.proposals(rubrics, loop_round.loop, loop_round.kind, draft)
    context.update(
        draft=draft,
        flags=rubrics.flags_for(loop_round.kind, loop_round.loop.lane, loop_round.loop.level),
        recommendations=catalog.RECOMMENDATIONS,
        initial={"scorecard": service.scorecard_json(card),
                 "proposals": [service.proposal_json(p) for p in proposals],
                 "urls": _urls(loop_round)},
        locked=loop_round.loop.decision is not None,
    )
    return render_template("interviews/scorecard.html", **context)


def _urls(loop_round: LoopRound) -> dict[str, str]:
    return {
        "draft": url_for("interviews.save_draft", round_id=loop_round.id),
        "submit": url_for("interviews.submit", round_id=loop_round.id),
        "amend": url_for("interviews.amend", round_id=loop_round.id),
        "flags": url_for("interviews.propose_flags", round_id=loop_round.id),
        "current": url_for("interviews.current", round_id=loop_round.id),
        "csrf": url_for("interviews.csrf_token"),
        "page": url_for("interviews.scorecard", round_id=loop_round.id),
    }


# --- JSON ---------------------------------------------------------------------------------

@bp.get("/csrf-token")
@json_endpoint
def csrf_token():
    """Hand a page a fresh CSRF token, e.g. after the session was renewed in another tab."""
    return {"csrf_token": generate_csrf()}


@bp.get("/rounds/<int:round_id>/scorecard.json")
@json_endpoint
def current(round_id: int):
    loop_round = _round_or_404(round_id)
    card = service.find_scorecard(loop_round, current_user.id)
    return {"scorecard": service.scorecard_json(card)}


@bp.post("/rounds/<int:round_id>/scorecard/flags")
@json_endpoint
def propose_flags(round_id: int):
    """Return the flags the engine proposes for the draft in the body; nothing is stored."""
    loop_round = _round_or_404(round_id)
    draft = service.parse_draft(_body())
    proposals = service.proposals(current_rubric_set(), loop_round.loop, loop_round.kind,
                                  draft)
    return {"proposals": [service.proposal_json(p) for p in proposals]}


@bp.post("/rounds/<int:round_id>/scorecard/draft")
@json_endpoint
def save_draft(round_id: int):
    return _write(round_id, "draft")


@bp.post("/rounds/<int:round_id>/scorecard/submit")
@json_endpoint
def submit(round_id: int):
    return _write(round_id, "submit")


@bp.post("/rounds/<int:round_id>/scorecard/amend")
@json_endpoint
def amend(round_id: int):
    return _write(round_id, "amend")


def _body() -> Any:
    data = request.get_json(silent=True)
    if data is None:
        raise PayloadError("expected a JSON body")
    return data


def _write(round_id: int, kind: str):
    """Carry out one save, submit or amend as a single transaction, at most once per key."""
    loop_round = _round_or_404(round_id)
    key = request.headers.get("Idempotency-Key", "")
    if not service.valid_idempotency_key(key):
        return {"error": "Idempotency-Key header: expected 8 to 80 letters, digits, - or _"}, 400
    scope = f"{kind}:{loop_round.id}"
    stored = service.replay(key, current_user, scope)
    if stored is not None:
        return service.stored_response(stored), stored.status_code
    data = _body()
    draft = service.parse_draft(data)
    base_version = service.parse_version(data)
    rubrics = current_rubric_set()
    try:
        if kind == "draft":
            card = service.save_draft(loop_round, current_user, draft, base_version)
        elif kind == "submit":
            card = service.submit(loop_round, current_user, draft, base_version, rubrics)
        else:
            card = service.amend(loop_round, current_user, draft, base_version, rubrics)
    except StaleVersion as conflict:
        db.session.rollback()
        return {"error": "This scorecard was changed in another tab or device since you "
                         "loaded it. Compare the two versions and choose what to keep.",
                "conflict": True, "current": service.scorecard_json(conflict.current)}, 409
    except Locked as locked:
        db.session.rollback()
        card = service.find_scorecard(loop_round, current_user.id)
        return {"error": str(locked)[:1].upper() + str(locked)[1:] + ".", "locked": True,
                "current": service.scorecard_json(card)}, 409
    except Incomplete as incomplete:
        # A submit keeps what was typed: the draft part of it is committed.
        if kind == "submit":
            refresh_status(loop_round.loop)
            db.session.commit()
        else:
            db.session.rollback()
        card = service.find_scorecard(loop_round, current_user.id)
        return {"error": "Not submitted yet: " + str(len(incomplete.errors))
                         + (" thing needs" if len(incomplete.errors) == 1 else " things need")
                         + " your attention.",
                "errors": incomplete.errors, "version": card.version if card else 0,
                "scorecard": service.scorecard_json(card)}, 422
    response = _success(loop_round, card, kind, draft, rubrics)
    if kind == "submit":
        service.forget_draft_keys(card)
    service.remember(key, current_user, scope, card, response, 200)
    refresh_status(loop_round.loop)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent request with the same key, or the first save from another tab.
        db.session.rollback()
        stored = service.replay(key, current_user, scope)
        if stored is not None:
            return service.stored_response(stored), stored.status_code
        return {"error": "This scorecard was changed in another tab or device at the same "
                         "moment. Compare the two versions and choose what to keep.",
                "conflict": True,
                "current": service.scorecard_json(service.find_scorecard(
                    loop_round, current_user.id))}, 409
    return response, 200


def _success(loop_round: LoopRound, card: Scorecard, kind: str, draft: service.Draft,
             rubrics: RubricSet) -> dict[str, Any]:
    response: dict[str, Any] = {"ok": True, "version": card.version,
                                "saved_at": service.iso(card.updated_at),
                                "scorecard": service.scorecard_json(card)}
    if kind == "draft":
        proposals = service.proposals(rubrics, loop_round.loop, loop_round.kind, draft)
        response["proposals"] = [service.proposal_json(p) for p in proposals]
    else:
        response["redirect"] = url_for("interviews.scorecard", round_id=loop_round.id)
    return response
