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
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from ...domain import catalog
from ...extensions import db
from ...models import LoopRound
from ...services import debriefs as debrief_service
from ...services import scorecards as service
from ...services.loading import load_round, load_round_for_write
from ...services.reminders import queue_debrief_ready
from ...services.scorecards import KeyReused, PayloadError
from ..access import roles_required

bp = Blueprint("interviews", __name__, url_prefix="/interviews")

ROLES = service.INTERVIEWING_ROLES


# --- access -----------------------------------------------------------------------------

def _round_or_404(round_id: int) -> LoopRound:
    """Return a round the signed-in user is assigned to in a published loop; 404 otherwise."""
    loop_round = load_round(round_id)
    if loop_round is None or not service.can_score(loop_round, current_user):
        abort(404)
    return loop_round


def _round_to_write(round_id: int) -> LoopRound:
    """Return a round the user may score, with only what a write reads loaded."""
    loop_round = load_round_for_write(round_id)
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
    waiting = service.open_assignments(current_user)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    submitted, total = service.submitted_assignments(current_user, page)
    groups = {name: [a for a in waiting if a.group == name] for name in ("upcoming", "owed")}
    groups["submitted"] = submitted
    pages = max(1, -(-total // service.SUBMITTED_PER_PAGE))
    return render_template("interviews/index.html", groups=groups,
                           state_names=service.STATE_NAMES, page=min(page, pages),
                           pages=pages, submitted_total=total)


def _page_context(loop_round: LoopRound) -> dict[str, Any]:
    loop = loop_round.loop
    rubrics = service.rubrics_for(loop)
    rubric = rubrics.for_round(loop_round.kind, loop.lane)
    # load_round brought the round's scorecards along: no second query for one's own.
    card = next((c for c in loop_round.scorecards if c.interviewer_id == current_user.id),
                None)
    others = debrief_service.others_debrief(loop, current_user)
    return {
        "loop": loop, "loop_round": loop_round, "rubric": rubric, "card": card,
        "level": loop.level, "level_name": catalog.name_of(catalog.LEVELS, loop.level),
        "round_name": catalog.name_of(catalog.ROUNDS, loop_round.kind),
        "lane_name": catalog.name_of(catalog.LANES, loop.lane),
        "others": others, "rubrics": rubrics,
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
    rubrics = context["rubrics"]
    card = context["card"]
    draft = service.draft_of(card)
    # A submitted scorecard shows the proposals it settled; a draft's are read by the page
    # from the flags endpoint once it loads, so this page never waits for the engine.
    submitted = card is not None and card.status == "submitted"
    context.update(
        draft=draft,
        flags=rubrics.flags_for(loop_round.kind, loop_round.loop.lane, loop_round.loop.level),
        recommendations=catalog.RECOMMENDATIONS,
        initial={"scorecard": service.scorecard_json(card),
                 "proposals": service.settled_proposals(card) if submitted else [],
                 "proposals_pending": card is not None and not submitted,
                 "urls": _urls(loop_round)},
        locked=(loop_round.loop.decision is not None
                or loop_round.loop.cancelled_at is not None),
        cancelled=loop_round.loop.cancelled_at is not None,
        next_round=_next_round(loop_round) if request.args.get("done") else None,
    )
    return render_template("interviews/scorecard.html", **context)


def _next_round(done: LoopRound) -> LoopRound | None:
    """The round this interviewer should turn to next: an owed scorecard, else the next one."""
    waiting = [a for a in service.open_assignments(current_user)
               if a.loop_round.id != done.id]
    waiting.sort(key=lambda a: a.group != "owed")
    return waiting[0].loop_round if waiting else None


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
    proposals = service.proposals(service.rubrics_for(loop_round.loop), loop_round.loop,
                                  loop_round.kind, draft)
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
    """Carry out one save, submit or amend; the request commits it once, or rolls it back."""
    loop_round = _round_to_write(round_id)
    outcome = service.write_scorecard(loop_round, current_user, kind,
                                      request.headers.get("Idempotency-Key"),
                                      request.get_json(silent=True))
    body = dict(outcome.body)
    if outcome.status == 200 and kind != "draft":
        body["redirect"] = url_for("interviews.scorecard", round_id=loop_round.id)
    if not outcome.commit:
        db.session.rollback()
        return body, outcome.status
    if kind == "submit" and outcome.status == 200:
        queue_debrief_ready(loop_round.loop)  # the manager's one message, in this transaction
    try:
        db.session.commit()
    except (IntegrityError, OperationalError):
        # The database refused the commit itself (a lock held past the busy timeout):
        # nothing was kept, and the page may safely retry with the same key.
        db.session.rollback()
        return {"error": "The server is busy; your edits are kept on this page and will be "
                         "saved again in a moment.", "retry": True}, 503
    return body, outcome.status
