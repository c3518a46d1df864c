"""/api/v1: loops, questions, scorecards, debriefs, decisions and users, as JSON.

Every operation authenticates its bearer token first and then applies the same role and
ownership rules as the web pages, through the same service calls."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request, url_for
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from ...domain import policy
from ...extensions import csrf, db
from ...models import (
    BankQuestion,
    Loop,
    LoopRound,
    QuestionVersion,
    Scorecard,
    User,
    WebhookDelivery,
    WebhookSubscription,
)
from ...services import debriefs as debrief_service
from ...services import loop_import as import_service
from ...services import loops as loop_service
from ...services import scorecards as scorecard_service
from ...services import webhooks as webhook_service
from . import schemas as s
from .auth import authenticate
from .problems import ApiProblem, field_error, from_exception, problem_response
from .registry import Api

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
api = Api(bp, authenticate)

LOOP_READERS = policy.LOOP_VIEWERS
DEBRIEF_READERS = policy.DEBRIEF_READERS
# The question bank pages' roles (web/bank).
BANK_READERS = ("admin", "hiring_manager")


@bp.errorhandler(HTTPException)
def _http_problem(error: HTTPException):
    db.session.rollback()
    return problem_response(error.code or 500, error.description or "")


@bp.errorhandler(ApiProblem)
def _problem(problem: ApiProblem):
    db.session.rollback()
    return from_exception(problem)


# --- helpers ----------------------------------------------------------------------------

def _json(model: s.Output, status: int = 200):
    return current_app.response_class(model.model_dump_json(by_alias=True), status=status,
                                      mimetype="application/json")


def _require_role(user: User, roles: tuple[str, ...], what: str) -> None:
    if user.role not in roles:
        raise ApiProblem(403, f"A {user.role_name.lower()} account cannot {what}.",
                         code="role_not_allowed")


def _not_found(what: str) -> ApiProblem:
    return ApiProblem(404, f"No such {what}, or this token's owner cannot see it.",
                      code="not_found")


def _encode_cursor(*parts: Any) -> str:
    text = "|".join(str(p) for p in parts)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, count: int) -> list[str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    parts = text.split("|")
    if len(parts) != count or not all(parts):
        raise ApiProblem(422, "The cursor is not one this API gave out.",
                         errors=[field_error("cursor", "not a cursor from a previous page",
                                             "query")], code="invalid_cursor")
    return parts


def _invalid_cursor() -> ApiProblem:
    return ApiProblem(422, "The cursor is not one this API gave out.",
                      errors=[field_error("cursor", "not a cursor from a previous page",
                                          "query")], code="invalid_cursor")


def _cursor_int(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > s.DB_INT_MAX:
        raise _invalid_cursor()
    return int(text)


def _decision(loop: Loop) -> s.DecisionOut | None:
    if loop.decision is None or loop.decided_at is None:
        return None
    return s.DecisionOut(decision=loop.decision, level=loop.decision_level,
                         reason=loop.decision_reason or "", decided_at=loop.decided_at,
                         decided_by=_ref(loop.decided_by))


def _ref(user: User | None) -> s.UserRef | None:
    return s.UserRef(id=user.id, name=user.name) if user is not None else None


def _loop_fields(loop: Loop) -> dict[str, Any]:
    return {"id": loop.id, "candidate_name": loop.candidate_name,
            "candidate_email": loop.candidate_email, "role_title": loop.role_title,
            "lane": loop.lane, "level": loop.level, "domain": loop.domain,
            "deployment_target": loop.deployment_target, "work_type": loop.work_type,
            "platform_team": loop.platform_team, "framework": loop.framework,
            "status": loop.status, "owner": _ref(loop.owner), "created_at": loop.created_at,
            "published_at": loop.published_at, "decision": _decision(loop),
            "cancelled_at": loop.cancelled_at, "cancel_reason": loop.cancel_reason}


def _loop_out(loop: Loop) -> s.LoopOut:
    rounds = [s.RoundOut(
        id=r.id, kind=r.kind, position=r.position, minutes=r.minutes,
        scheduled_at=r.scheduled_at, interviewers=[_ref(u) for u in r.interviewers],
        questions=[s.PlannedQuestionOut(
            question_id=q.question_id, question_version=q.question_version,
            title=q.question.title, minutes=q.minutes, reason=q.reason,
            pinned=q.manager_pinned) for q in r.questions]) for r in loop.rounds]
    return s.LoopOut(**_loop_fields(loop), warnings=list(loop.warnings or []),
                     publish_problems=loop_service.publish_problems(loop)
                     if loop.published_at is None else [], rounds=rounds)


def _visible_loop(user: User, loop_id: int) -> Loop:
    """The loop, if the user's role lists loops and (for managers) they own it."""
    _require_role(user, LOOP_READERS, "read loops")
    loop = loop_service.get_loop(loop_id)
    if loop is None or not policy.can_view_loop(user, loop):
        raise _not_found("loop")
    return loop


def _owned_loop(user: User, loop_id: int) -> Loop:
    """The loop, if the user is the hiring manager who owns it (who alone changes it)."""
    loop = _visible_loop(user, loop_id)
    if not policy.can_edit_loop(user, loop):
        raise ApiProblem(403, "Only the loop's hiring manager can change it.",
                         code="not_owner")
    return loop


def _loop_error(error: Exception, field: str | None = None) -> ApiProblem:
    detail = str(error)
    return ApiProblem(409, detail, errors=[field_error(field, detail)] if field else None,
                      code="loop_conflict")


# --- documents --------------------------------------------------------------------------

DESCRIPTION = (
    "The interviewkit API: plan and publish interview loops, read the question bank, write "
    "scorecards exactly as the interviewer's tablet page does, read debriefs and record "
    "decisions. Authenticate with a personal access token (Settings → API tokens) as "
    "`Authorization: Bearer <token>`; a token acts as its owner, with the owner's role and "
    "the same access rules as the web app. Lists are paged with `cursor` and `limit`; "
    "times are ISO 8601 in UTC; errors are `application/problem+json` (RFC 9457) and name "
    "each field at fault.")


def openapi_document() -> dict[str, Any]:
    return api.document(title="interviewkit API", version="1.0.0", description=DESCRIPTION,
                        server=url_for("api.openapi", _external=False).rsplit("/", 1)[0])


@bp.route("/openapi.json")
def openapi():
    return openapi_document()


@bp.route("/docs")
def docs():
    return render_template("api/docs.html", document=openapi_document())


# --- users ------------------------------------------------------------------------------

@api.operation("GET", "/me", summary="The token's owner", tag="users", response=s.UserOut)
def me(user: User):
    return _json(s.UserOut.model_validate(user))


@api.operation("GET", "/users", summary="List users (admin)", tag="users", query=s.UserQuery,
               response=s.UserPage)
def list_users(user: User, query: s.UserQuery):
    _require_role(user, ("admin",), "list users")
    select = db.select(User).order_by(User.id)
    if query.role:
        select = select.where(User.role == query.role)
    if query.active is not None:
        select = select.where(User.active.is_(query.active))
    if query.cursor:
        select = select.where(User.id > _cursor_int(_decode_cursor(query.cursor, 1)[0]))
    rows = list(db.session.execute(select.limit(query.limit + 1)).scalars())
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    return _json(s.UserPage(data=[s.UserOut.model_validate(u) for u in rows],
                            next_cursor=_encode_cursor(rows[-1].id) if more else None))


@api.operation("GET", "/users/<int:user_id>", summary="Read a user (admin)", tag="users",
               response=s.UserOut)
def get_user(user: User, user_id: int):
    _require_role(user, ("admin",), "read users")
    found = db.session.get(User, user_id)
    if found is None:
        raise _not_found("user")
    return _json(s.UserOut.model_validate(found))


@api.operation("GET", "/panel-candidates", summary="People who can sit on a panel",
               tag="users", query=s.PageQuery, response=s.UserRefPage,
               description="Active interviewers and hiring managers, for PUT …/panel; by "
                           "name.")
def panel_candidates(user: User, query: s.PageQuery):
    _require_role(user, ("hiring_manager", "admin"), "list panel candidates")
    after = None
    if query.cursor:
        after = db.session.get(User, _cursor_int(_decode_cursor(query.cursor, 1)[0]))
        if after is None:
            raise _invalid_cursor()
    rows = loop_service.panel_candidates(limit=query.limit + 1, after=after)
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    return _json(s.UserRefPage(data=[_ref(u) for u in rows],
                               next_cursor=_encode_cursor(rows[-1].id) if more else None))


# --- questions --------------------------------------------------------------------------

def _question_out(row: BankQuestion) -> s.QuestionOut:
    return s.QuestionOut.model_validate(row)


@api.operation("GET", "/questions", summary="List bank questions", tag="questions",
               query=s.QuestionQuery, response=s.QuestionPage)
def list_questions(user: User, query: s.QuestionQuery):
    _require_role(user, BANK_READERS, "read the question bank")
    select = db.select(BankQuestion).where(BankQuestion.active.is_(query.active)) \
        .order_by(BankQuestion.id)
    if query.round:
        select = select.where(BankQuestion.round == query.round)
    if query.q and query.q.strip():
        pattern = "%" + loop_service._escape_like(query.q.strip().lower()) + "%"
        select = select.where(sa.or_(
            sa.func.lower(BankQuestion.title).like(pattern, escape="\\"),
            sa.func.lower(BankQuestion.prompt).like(pattern, escape="\\")))
    if query.cursor:
        select = select.where(BankQuestion.id > _decode_cursor(query.cursor, 1)[0])
    # Lanes, levels and domains are JSON lists: filtered here, identically on every database.
    rows, more = [], False
    for row in db.session.execute(select).scalars():
        if (query.lane and query.lane not in row.lanes) or (
                query.level and query.level not in row.levels) or (
                query.domain and row.domains and query.domain not in row.domains):
            continue
        if len(rows) == query.limit:
            more = True
            break
        rows.append(row)
    return _json(s.QuestionPage(data=[_question_out(r) for r in rows],
                                next_cursor=_encode_cursor(rows[-1].id) if more else None))


@api.operation("GET", "/questions/<question_id>", summary="Read a bank question",
               tag="questions", response=s.QuestionOut)
def get_question(user: User, question_id: str):
    _require_role(user, BANK_READERS, "read the question bank")
    row = db.session.get(BankQuestion, question_id)
    if row is None:
        raise _not_found("question")
    return _json(_question_out(row))


@api.operation("GET", "/questions/<question_id>/versions/<int:version>",
               summary="Read one version of a bank question", tag="questions",
               response=s.QuestionVersionOut,
               description="Loops pin the version they were planned with; this is its text.")
def get_question_version(user: User, question_id: str, version: int):
    _require_role(user, BANK_READERS, "read the question bank")
    row = db.session.get(QuestionVersion, (question_id, version))
    if row is None:
        raise _not_found("question version")
    return _json(s.QuestionVersionOut.model_validate(row))


# --- loops ------------------------------------------------------------------------------

@api.operation("GET", "/loops", summary="List loops", tag="loops", query=s.LoopQuery,
               response=s.LoopPage,
               description="Newest first. A hiring manager lists only their own loops.")
def list_loops(user: User, query: s.LoopQuery):
    _require_role(user, LOOP_READERS, "list loops")
    select = loop_service.loops_query(user, loop_service.LoopFilters(
        lane=query.lane, level=query.level, status=query.status, owner_id=query.owner_id,
        search=query.q))
    if query.cursor:
        created, loop_id = _decode_cursor(query.cursor, 2)
        try:
            created_at = datetime.fromisoformat(created)
        except ValueError:
            created_at = None
        if created_at is None or created_at.tzinfo is not None:
            raise ApiProblem(422, "The cursor is not one this API gave out.",
                             errors=[field_error("cursor", "not a cursor from a previous "
                                                           "page", "query")],
                             code="invalid_cursor")
        last_id = _cursor_int(loop_id)
        select = select.where(sa.or_(Loop.created_at < created_at, sa.and_(
            Loop.created_at == created_at, Loop.id < last_id)))
    rows = list(db.session.execute(select.limit(query.limit + 1)).scalars())
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    cursor = _encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id) if more else None
    return _json(s.LoopPage(data=[s.LoopSummary(**_loop_fields(r)) for r in rows],
                            next_cursor=cursor))


@api.operation("POST", "/loops", summary="Create and plan a loop from an intake", tag="loops",
               body=s.LoopIntakeIn, response=s.LoopOut, status=201, conflict=True)
def create_loop(user: User, body: s.LoopIntakeIn):
    _require_role(user, ("hiring_manager",), "create loops")
    minutes = body.round_minutes.model_dump(exclude_none=True) if body.round_minutes else None
    intake = loop_service.LoopIntake(
        candidate_name=body.candidate_name, candidate_email=str(body.candidate_email),
        role_title=body.role_title, lane=body.lane, level=body.level, domain=body.domain,
        deployment_target=body.deployment_target, round_minutes=minutes,
        work_type=body.work_type, platform_team=body.platform_team, framework=body.framework)
    try:
        loop = loop_service.create_draft_loop(user, intake)
    except loop_service.LoopError as error:
        raise ApiProblem(422, str(error), errors=[field_error("lane", str(error))],
                         code="cannot_plan") from None
    db.session.commit()
    response = _json(_loop_out(loop_service.get_loop(loop.id)), 201)
    response.headers["Location"] = url_for("api.get_loop", loop_id=loop.id)
    return response


@api.operation("GET", "/loops/<int:loop_id>", summary="Read a loop with its plan",
               tag="loops", response=s.LoopOut)
def get_loop(user: User, loop_id: int):
    return _json(_loop_out(_visible_loop(user, loop_id)))


@api.operation("POST", "/loops/<int:loop_id>/regenerate", summary="Re-plan a draft loop",
               tag="loops", response=s.LoopOut, conflict=True,
               description="A new seed; pinned questions and panels stay.")
def regenerate_loop(user: User, loop_id: int):
    loop = _owned_loop(user, loop_id)
    try:
        loop_service.regenerate(loop, actor=user)
    except loop_service.LoopError as error:
        raise _loop_error(error) from None
    db.session.commit()
    return _json(_loop_out(loop_service.get_loop(loop.id)))


@api.operation("PUT", "/loops/<int:loop_id>/rounds/<round_kind>/panel",
               summary="Set a round's interviewers and time", tag="loops", body=s.PanelIn,
               response=s.LoopOut, conflict=True)
def set_panel(user: User, loop_id: int, round_kind: str, body: s.PanelIn):
    loop = _owned_loop(user, loop_id)
    if loop.round(round_kind) is None:
        raise _not_found("round")
    try:
        loop_service.assign_interviewers(loop, round_kind, body.interviewer_ids,
                                         body.scheduled_at, actor=user)
    except loop_service.LoopError as error:
        raise _loop_error(error, "interviewer_ids") from None
    db.session.commit()
    return _json(_loop_out(loop_service.get_loop(loop.id)))


@api.operation("POST", "/loops/<int:loop_id>/publish", summary="Publish a ready draft",
               tag="loops", response=s.LoopOut, conflict=True,
               description="Refused with 409 (and the reasons) until every round has "
                           "questions, interviewers and a time.")
def publish_loop(user: User, loop_id: int):
    loop = _owned_loop(user, loop_id)
    try:
        loop_service.publish(loop, user)
    except loop_service.LoopError as error:
        raise _loop_error(error) from None
    db.session.commit()
    return _json(_loop_out(loop_service.get_loop(loop.id)))


def _planned_question(loop: Loop, round_kind: str, question_id: str):
    loop_round = loop.round(round_kind)
    current = next((q for q in loop_round.questions if q.question_id == question_id),
                   None) if loop_round else None
    if current is None:
        raise _not_found("question in this round")
    return current


@api.operation("GET", "/loops/<int:loop_id>/rounds/<round_kind>/questions/<question_id>"
                      "/alternatives",
               summary="Questions that could take this question's slot", tag="loops",
               query=s.AlternativesQuery, response=s.SwapOptionList, conflict=True,
               description="Best first, each with the planner's reason and the required "
                           "signals it would leave uncovered; a draft loop only.")
def swap_alternatives(user: User, loop_id: int, round_kind: str, question_id: str,
                      query: s.AlternativesQuery):
    loop = _owned_loop(user, loop_id)
    _planned_question(loop, round_kind, question_id)
    try:
        options = loop_service.swap_options(loop, round_kind, question_id, limit=query.limit)
    except LookupError:
        raise _not_found("question in this round") from None
    except loop_service.LoopError as error:
        raise _loop_error(error) from None
    needed = loop_service.signals_only_from(loop, round_kind, question_id)
    return _json(s.SwapOptionList(data=[s.SwapOptionOut(
        question_id=o.id, title=o.title, minutes=o.minutes, signals=list(o.signals),
        reason=o.reason, loses_signals=[x for x in needed if x not in o.signals])
        for o in options]))


@api.operation("POST", "/loops/<int:loop_id>/rounds/<round_kind>/questions/<question_id>"
                       "/swap",
               summary="Swap a question of a draft loop", tag="loops", body=s.SwapIn,
               response=s.LoopOut, conflict=True,
               description="The new question takes the old one's place and is pinned; the "
                           "old one never comes back on a re-plan. 409 once published.")
def swap_question(user: User, loop_id: int, round_kind: str, question_id: str,
                  body: s.SwapIn):
    loop = _owned_loop(user, loop_id)
    _planned_question(loop, round_kind, question_id)
    try:
        # The web swap page's order: a loop that can no longer change is a 409 first.
        loop_service.swap_options(loop, round_kind, question_id, limit=1)
    except LookupError:
        raise _not_found("question in this round") from None
    except loop_service.LoopError as error:
        raise _loop_error(error) from None
    try:
        loop_service.swap_question(loop, round_kind, question_id, body.replacement_id,
                                   actor=user)
    except loop_service.LoopError as error:
        raise ApiProblem(422, str(error), errors=[field_error("replacement_id", str(error))],
                         code="invalid_replacement") from None
    db.session.commit()
    return _json(_loop_out(loop_service.get_loop(loop.id)))


@api.operation("POST", "/loops/<int:loop_id>/cancel", summary="Cancel a loop", tag="loops",
               body=s.CancelIn, response=s.LoopOut, conflict=True,
               description="Keeps its record; it takes no more scorecards or decisions. 409 "
                           "when already cancelled or decided.")
def cancel_loop(user: User, loop_id: int, body: s.CancelIn):
    loop = _owned_loop(user, loop_id)
    try:
        loop_service.cancel(loop, user, body.reason)
    except loop_service.LoopError as error:
        if loop.status in ("decided", "cancelled"):
            raise _loop_error(error) from None
        raise ApiProblem(422, str(error), errors=[field_error("reason", str(error))],
                         code="invalid_fields") from None
    db.session.commit()
    return _json(_loop_out(loop_service.get_loop(loop.id)))


# --- candidate import -------------------------------------------------------------------

_CSV = {"tag": "loops", "raw_body": "text/csv",
        "extra_errors": {413: "The file is larger than INTERVIEWKIT_IMPORT_MAX_BYTES.",
                         422: "The file has problems: `errors` names each one with its "
                              "`line` and `column`; nothing was created."}}


def _import_rows(rows) -> list[s.ImportRowOut]:
    return [s.ImportRowOut(line=r.row.line, candidate_name=r.row.name,
                           candidate_email=r.row.email, role_title=r.row.role_title,
                           lane=r.row.lane, level=r.row.level, domain=r.row.domain,
                           deployment_target=r.row.deployment_target,
                           warnings=list(r.warnings)) for r in rows]


def _import_problem(problems) -> ApiProblem:
    errors = [{"field": p.column or "", "in": "body", "message": p.message,
               "line": p.line, "column": p.column} for p in problems]
    count = len(errors)
    first = problems[0].text() if problems else ""
    return ApiProblem(422, f"Nothing was imported: {count} problem{'s' if count != 1 else ''} "
                           f"in the file. The first: {first}", errors=errors,
                      code="invalid_csv")


def _csv_data(user: User, body: bytes) -> bytes:
    _require_role(user, ("hiring_manager",), "import loops")
    max_bytes, _ = import_service.limits()
    if len(body) > max_bytes:
        raise ApiProblem(413, f"The file is {len(body) // 1024} KB; the limit is "
                              f"{max_bytes // 1024} KB. Split it and import each part.",
                         code="too_large")
    return body


@api.operation("POST", "/loops/import/preview", summary="Check a candidate CSV; create nothing",
               response=s.ImportPreviewOut,
               description="The same reading and checks as POST /loops/import, answering with "
                           "the rows it would create.", **_CSV)
def preview_import(user: User, body: bytes):
    checked = import_service.preview(user, _csv_data(user, body))
    if not checked.ok:
        raise _import_problem(checked.problems or (import_service.NO_CANDIDATES,))
    return _json(s.ImportPreviewOut(rows=_import_rows(checked.rows),
                                    ignored_columns=list(checked.ignored_columns)))


@api.operation("POST", "/loops/import", summary="Create draft loops from a candidate CSV",
               response=s.ImportOut, status=201,
               description="An applicant tracker's export with a header line naming name, "
                           "email, role, lane, level and (optionally) domain; `,` `;` or tab "
                           "between fields; UTF-8. One draft loop per line, planned as the "
                           "intake form plans one and owned by the token's owner. All or "
                           "nothing.", **_CSV)
def import_loops(user: User, body: bytes):
    data = _csv_data(user, body)
    try:
        result = import_service.import_loops(user, data)
    except import_service.ImportRejected as rejected:
        raise _import_problem(rejected.problems) from None
    db.session.commit()
    loops = [loop_service.get_loop(loop.id) for loop in result.loops]
    return _json(s.ImportOut(created=len(loops),
                             data=[s.LoopSummary(**_loop_fields(loop)) for loop in loops],
                             rows=_import_rows(result.preview.rows),
                             ignored_columns=list(result.preview.ignored_columns)), 201)


# --- scorecards -------------------------------------------------------------------------

def _scorecard_out(loop_round: LoopRound, interviewer: User,
                   card: Scorecard | None) -> s.ScorecardOut:
    content = scorecard_service.scorecard_json(card)
    for name in ("updated_at", "submitted_at", "amended_at"):
        content[name] = getattr(card, name) if card is not None else None
    return s.ScorecardOut(**content, round_id=loop_round.id, round=loop_round.kind,
                          interviewer=_ref(interviewer))


def _scoring_round(user: User, round_id: int) -> LoopRound:
    """A round the user sits on in a published loop (as the tablet page requires)."""
    loop_round = db.session.get(LoopRound, round_id)
    if loop_round is None or not policy.can_score(user, loop_round):
        raise _not_found("round")
    return loop_round


@api.operation("GET", "/me/rounds", summary="My interview rounds", tag="scorecards",
               query=s.PageQuery, response=s.AssignmentPage,
               description="Rounds of published loops the token's owner sits on: upcoming, "
                           "then owed, then submitted.")
def my_rounds(user: User, query: s.PageQuery):
    found = scorecard_service.assignments(user)
    start = 0
    if query.cursor:
        # The order is worked out from the clock (upcoming, owed, submitted), not a column:
        # the cursor names the last round given and where it was, in case it moved.
        round_id, position = (_cursor_int(p) for p in _decode_cursor(query.cursor, 2))
        ids = [a.loop_round.id for a in found]
        start = ids.index(round_id) + 1 if round_id in ids else min(position, len(found))
    page = found[start:start + query.limit]
    more = start + query.limit < len(found)
    return _json(s.AssignmentPage(data=[s.AssignmentOut(
        round_id=a.loop_round.id, round=a.loop_round.kind, loop_id=a.loop_round.loop_id,
        candidate_name=a.loop_round.loop.candidate_name,
        scheduled_at=a.loop_round.scheduled_at, minutes=a.loop_round.minutes,
        state=a.state, group=a.group) for a in page],
        next_cursor=_encode_cursor(page[-1].loop_round.id, start + len(page))
        if more else None))


@api.operation("GET", "/rounds/<int:round_id>/scorecard", summary="Read my scorecard",
               tag="scorecards", response=s.ScorecardOut,
               description="Version 0 and status not_started until the first save.")
def get_my_scorecard(user: User, round_id: int):
    loop_round = _scoring_round(user, round_id)
    card = scorecard_service.find_scorecard(loop_round, user.id)
    return _json(_scorecard_out(loop_round, user, card))


def _write_scorecard(user: User, round_id: int, body: s.ScorecardWriteIn, kind: str):
    """One save, submit or amend through the tablet page's own write path
    (scorecards.write_scorecard): the same version check, idempotency keys and answers."""
    loop_round = _scoring_round(user, round_id)
    outcome = scorecard_service.write_scorecard(
        loop_round, user, kind, request.headers.get("Idempotency-Key"),
        body.model_dump(mode="json", exclude_none=True) | {"recommendation": body.recommendation})
    if not outcome.commit:
        db.session.rollback()
    else:
        try:
            db.session.commit()
        except (IntegrityError, OperationalError):
            db.session.rollback()
            return problem_response(503, "The server is busy; nothing was kept. Retry with "
                                         "the same Idempotency-Key.", code="retry",
                                    headers={"Retry-After": "1"})
    answer = outcome.body
    if outcome.status == 200:
        # The write path's own answer (the first one, on a retry), in the API's shape.
        response = _json(s.ScorecardOut(**answer["scorecard"], round_id=loop_round.id,
                                        round=loop_round.kind, interviewer=_ref(user)))
        if not outcome.commit:
            response.headers["Idempotent-Replayed"] = "true"
        return response
    return _write_problem(outcome.status, answer)


def _write_problem(status: int, answer: dict[str, Any]):
    """The write path's refusal as a problem document, naming the fields at fault."""
    errors = [field_error(name, message) for name, message in (answer.get("errors") or {}).items()]
    field = answer.get("field")
    if field:
        errors.append(field_error(field, answer.get("error", ""),
                                  "header" if field == "Idempotency-Key" else "body"))
    code = ("stale_version" if answer.get("conflict") else "locked" if answer.get("locked")
            else "incomplete" if answer.get("errors") else "idempotency_key"
            if field == "Idempotency-Key" or status == 422 and not errors else "invalid_fields")
    # The stored copy (a conflict) or the kept draft (an incomplete submit), to build on.
    current = answer.get("current") or answer.get("scorecard")
    extra = {"current": current} if current else None
    if status == 400 and field != "Idempotency-Key":
        status = 422  # the body was JSON; a value in it was wrong
    if field == "Idempotency-Key":
        status = 422
    return problem_response(status, str(answer.get("error", "")), errors=errors, code=code,
                            extra=extra)


_WRITE = {"tag": "scorecards", "body": s.ScorecardWriteIn, "response": s.ScorecardOut,
          "idempotency_key": True, "conflict": True,
          "extra_errors": {503: "The database was busy and nothing was kept; retry with the "
                                "same Idempotency-Key."}}


@api.operation("PUT", "/rounds/<int:round_id>/scorecard/draft", summary="Save my draft",
               **_WRITE)
def save_scorecard_draft(user: User, round_id: int, body: s.ScorecardWriteIn):
    return _write_scorecard(user, round_id, body, "draft")


@api.operation("POST", "/rounds/<int:round_id>/scorecard/submit", summary="Submit my scorecard",
               description="422 names each thing missing; the draft part is kept.", **_WRITE)
def submit_scorecard(user: User, round_id: int, body: s.ScorecardWriteIn):
    return _write_scorecard(user, round_id, body, "submit")


@api.operation("POST", "/rounds/<int:round_id>/scorecard/amend",
               summary="Amend my submitted scorecard", **_WRITE)
def amend_scorecard(user: User, round_id: int, body: s.ScorecardWriteIn):
    return _write_scorecard(user, round_id, body, "amend")


@api.operation("GET", "/loops/<int:loop_id>/scorecards", summary="Read a loop's scorecards",
               tag="scorecards", response=s.ScorecardList,
               description="What the web app shows this user: their own, and the others' "
                           "submitted ones once allowed (independent scoring).")
def loop_scorecards(user: User, loop_id: int):
    loop = loop_service.get_loop(loop_id)
    if loop is None:
        raise _not_found("loop")
    sits_on = any(policy.can_score(user, r) for r in loop.rounds)
    if not (sits_on or policy.can_read_debrief(user, loop)):
        raise _not_found("loop")
    cards = [c for r in loop.rounds for c in r.scorecards if c.interviewer_id == user.id]
    cards += scorecard_service.visible_scorecards(loop, user)
    by_round = {r.id: r for r in loop.rounds}
    return _json(s.ScorecardList(data=[
        _scorecard_out(by_round[c.round_id], c.interviewer, c)
        for c in sorted(cards, key=lambda c: (by_round[c.round_id].position, c.id))]))


# --- debriefs and decisions -------------------------------------------------------------

def _debrief_loop(user: User, loop_id: int) -> Loop:
    _require_role(user, DEBRIEF_READERS, "read debriefs")
    loop = loop_service.get_loop(loop_id)
    if loop is None or not policy.can_read_debrief(user, loop):
        raise _not_found("loop")
    return loop


def _debrief_out(loop: Loop) -> s.DebriefOut:
    """The debrief the web page shows, built from the stored scorecards and pinned rubrics."""
    debrief = debrief_service.load_debrief(loop)
    rounds = [s.DebriefRoundOut(
        round=r.round, title=r.title, scheduled_at=r.scheduled_at, awaiting=list(r.awaiting),
        scorecards=[s.DebriefScorecardOut(
            id=c.id, interviewer=c.interviewer, recommendation=c.recommendation,
            notes=c.notes, submitted_at=c.submitted_at, amended_at=c.amended_at,
            ratings=[s.DebriefRatingOut(criterion_id=x.criterion_id,
                                        criterion_name=x.criterion_name, value=x.value,
                                        evidence=x.evidence, no_signal=x.no_signal)
                     for x in c.ratings],
            flags=[_flag_out(f) for f in c.flags]) for c in r.scorecards])
        for r in debrief.rounds]
    signal = debrief.level_signal
    return s.DebriefOut(
        loop_id=loop.id, status=loop.status,
        ready_for_decision=loop.status in debrief_service.DECIDABLE_STATUSES,
        rounds=rounds,
        recommendations=[s.RecommendationOut(round=r, interviewer=i, recommendation=v)
                         for r, i, v in debrief.recommendations],
        tally=dict(debrief.tally),
        flags=[_flag_out(f) for group in debrief.flags.values() for f in group],
        disagreements=[s.DisagreementOut(round=d.round, criterion_id=d.criterion_id,
                                         criterion_name=d.criterion_name,
                                         low={"interviewer": d.low[0], "rating": d.low[1]},
                                         high={"interviewer": d.high[0], "rating": d.high[1]})
                       for d in debrief.disagreements],
        level_signal=s.LevelSignalOut(level=signal.level, suggested=signal.suggested,
                                      reasons=list(signal.reasons)) if signal else None,
        missing=[s.MissingOut(round=r, interviewer=i) for r, i in debrief.missing],
        decision=_decision(loop))


def _flag_out(flag) -> s.DebriefFlagOut:
    return s.DebriefFlagOut(id=flag.id, label=flag.label, severity=flag.severity,
                            source=flag.source, because=flag.because, round=flag.round,
                            raised_by=flag.raised_by)


@api.operation("GET", "/loops/<int:loop_id>/debrief", summary="Read a loop's debrief",
               tag="debriefs", response=s.DebriefOut)
def get_debrief(user: User, loop_id: int):
    return _json(_debrief_out(_debrief_loop(user, loop_id)))


@api.operation("POST", "/loops/<int:loop_id>/decision", summary="Record the hiring decision",
               tag="decisions", body=s.DecisionIn, response=s.DebriefOut, conflict=True)
def record_decision(user: User, loop_id: int, body: s.DecisionIn):
    loop = _debrief_loop(user, loop_id)
    if not policy.can_decide(user, loop):
        raise ApiProblem(403, "Only the loop's hiring manager records its decision.",
                         code="not_owner")
    try:
        debrief_service.decide(loop, user, body.decision, body.reason, body.level)
    except debrief_service.DecisionError as error:
        message = str(error)
        field = "level" if "level" in message else "reason" if "reason" in message else None
        status = 409 if "opens once" in message else 422
        raise ApiProblem(status, message[:1].upper() + message[1:] + ".",
                         errors=[field_error(field, message)] if field else None,
                         code="decision_refused") from None
    db.session.commit()
    return _json(_debrief_out(loop_service.get_loop(loop.id)))






# --- webhooks (admins) ------------------------------------------------------------------

def _webhook(user: User, webhook_id: int) -> WebhookSubscription:
    _require_role(user, ("admin",), "manage webhooks")
    row = db.session.get(WebhookSubscription, webhook_id)
    if row is None:
        raise _not_found("webhook")
    return row


def _webhook_out(row: WebhookSubscription, secret: str | None = None) -> s.WebhookOut:
    fields = {"id": row.id, "url": row.url, "description": row.description,
              "events": list(row.events), "include_notes": row.include_notes,
              "active": row.active, "secret_prefix": row.secret_prefix,
              "created_at": row.created_at, "updated_at": row.updated_at,
              "deliveries": webhook_service.counts(row)}
    return s.WebhookSecretOut(**fields, secret=secret) if secret else s.WebhookOut(**fields)


def _delivery_out(delivery: WebhookDelivery) -> s.DeliveryOut:
    return s.DeliveryOut(
        id=delivery.id, event=delivery.event, event_id=delivery.event_id,
        status=delivery.status, attempts=delivery.attempts, created_at=delivery.created_at,
        next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
        sent_at=delivery.sent_at, last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        log=[s.AttemptOut(attempt=a.attempt, at=a.at, status_code=a.status_code,
                          error=a.error, duration_ms=a.duration_ms) for a in delivery.log])


def _webhook_error(error: webhook_service.WebhookError) -> ApiProblem:
    return ApiProblem(422, str(error), errors=[field_error(error.field, str(error))],
                      code="invalid_fields")


_ADMIN = {"tag": "webhooks"}


@api.operation("GET", "/webhooks", summary="List webhook subscriptions (admin)",
               query=s.PageQuery, response=s.WebhookPage, **_ADMIN)
def list_webhooks(user: User, query: s.PageQuery):
    _require_role(user, ("admin",), "manage webhooks")
    after = _cursor_int(_decode_cursor(query.cursor, 1)[0]) if query.cursor else None
    rows = webhook_service.subscriptions(limit=query.limit + 1, after_id=after)
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    return _json(s.WebhookPage(data=[_webhook_out(r) for r in rows],
                               next_cursor=_encode_cursor(rows[-1].id) if more else None))


@api.operation("POST", "/webhooks", summary="Subscribe a URL to events (admin)",
               body=s.WebhookIn, response=s.WebhookSecretOut, status=201,
               description="The answer carries the signing secret, shown this once.", **_ADMIN)
def create_webhook(user: User, body: s.WebhookIn):
    _require_role(user, ("admin",), "manage webhooks")
    try:
        row, secret = webhook_service.create_subscription(
            user, body.url, body.events, include_notes=body.include_notes,
            description=body.description, active=body.active)
    except webhook_service.WebhookError as error:
        raise _webhook_error(error) from None
    db.session.commit()
    response = _json(_webhook_out(row, secret), 201)
    response.headers["Location"] = url_for("api.get_webhook", webhook_id=row.id)
    return response


@api.operation("GET", "/webhooks/<int:webhook_id>", summary="Read a webhook subscription "
                                                          "(admin)",
               response=s.WebhookOut, **_ADMIN)
def get_webhook(user: User, webhook_id: int):
    return _json(_webhook_out(_webhook(user, webhook_id)))


@api.operation("PATCH", "/webhooks/<int:webhook_id>", summary="Change a webhook subscription "
                                                             "(admin)",
               body=s.WebhookPatchIn, response=s.WebhookOut, **_ADMIN)
def update_webhook(user: User, webhook_id: int, body: s.WebhookPatchIn):
    row = _webhook(user, webhook_id)
    try:
        webhook_service.update_subscription(
            user, row, url=body.url, events=body.events, include_notes=body.include_notes,
            description=body.description, active=body.active)
    except webhook_service.WebhookError as error:
        raise _webhook_error(error) from None
    db.session.commit()
    return _json(_webhook_out(row))


@api.operation("DELETE", "/webhooks/<int:webhook_id>", summary="Delete a webhook subscription "
                                                              "(admin)",
               status=204, description="Its deliveries and their log go with it.", **_ADMIN)
def delete_webhook(user: User, webhook_id: int):
    webhook_service.delete_subscription(user, _webhook(user, webhook_id))
    db.session.commit()
    return current_app.response_class(status=204)


@api.operation("POST", "/webhooks/<int:webhook_id>/secret", summary="Replace the signing "
                                                                   "secret (admin)",
               response=s.WebhookSecretOut,
               description="Deliveries sent from now on are signed with the new secret, "
                           "shown in this answer only.", **_ADMIN)
def rotate_webhook_secret(user: User, webhook_id: int):
    row = _webhook(user, webhook_id)
    secret = webhook_service.rotate_secret(user, row)
    db.session.commit()
    return _json(_webhook_out(row, secret))


@api.operation("POST", "/webhooks/<int:webhook_id>/ping", summary="Queue a test delivery "
                                                                 "(admin)",
               response=s.DeliveryOut, status=202,
               description="A `ping` event, sent by the outbox senders like any other.",
               **_ADMIN)
def ping_webhook(user: User, webhook_id: int):
    delivery = webhook_service.ping(user, _webhook(user, webhook_id))
    db.session.commit()
    return _json(_delivery_out(delivery), 202)


@api.operation("GET", "/webhooks/<int:webhook_id>/deliveries",
               summary="A subscription's deliveries and their log (admin)",
               query=s.DeliveryQuery, response=s.DeliveryPage,
               description="Newest first; each with every attempt's time, status code and "
                           "error.", **_ADMIN)
def list_webhook_deliveries(user: User, webhook_id: int, query: s.DeliveryQuery):
    row = _webhook(user, webhook_id)
    before = _cursor_int(_decode_cursor(query.cursor, 1)[0]) if query.cursor else None
    found = webhook_service.deliveries(row, limit=query.limit + 1, before_id=before,
                                       status=query.status)
    more = len(found) > query.limit
    found = found[:query.limit]
    return _json(s.DeliveryPage(data=[_delivery_out(d) for d in found],
                                next_cursor=_encode_cursor(found[-1].id) if more else None))


@api.operation("POST", "/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver",
               summary="Send a delivery again (admin)", response=s.DeliveryOut, status=202,
               description="Due at once; a failed delivery gets one more attempt.", **_ADMIN)
def redeliver_webhook(user: User, webhook_id: int, delivery_id: int):
    row = _webhook(user, webhook_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != row.id:
        raise _not_found("delivery")
    webhook_service.redeliver(user, delivery)
    db.session.commit()
    return _json(_delivery_out(delivery), 202)
