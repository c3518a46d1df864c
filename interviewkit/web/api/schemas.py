"""One pydantic model per API shape: it validates requests and writes the OpenAPI document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from ...domain import catalog
from ...domain import webhooks as webhook_rules
from ...models.loop import DECISIONS, LOOP_STATUSES
from ...models.user import ROLES

DB_INT_MAX = 2**31 - 1

# Text without control characters (tabs and newlines aside) that has something in it.
_NO_CONTROLS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_SOMETHING = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"


def Line(max_length: int):  # noqa: N802 - a type factory, read like a type
    """One line of text: 1 to max_length characters, not blank, no control characters."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length,
                                            pattern=_SOMETHING)]


def Prose(max_length: int):  # noqa: N802
    """Free text up to max_length characters; newlines and tabs allowed."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_NO_CONTROLS)]


Id = Annotated[str, StringConstraints(min_length=1, max_length=80,
                                      pattern=r"^[A-Za-z0-9_.:-]+$")]
DbId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]


def _utc_text(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


# Stored times are naive UTC; the API writes them as ISO 8601 with a Z.
UtcTime = Annotated[datetime, PlainSerializer(_utc_text, return_type=str),
                    WithJsonSchema({"type": "string", "format": "date-time"},
                                   mode="serialization")]


def _plausible(moment: datetime) -> datetime:
    if not 2000 <= moment.year <= 2100:
        raise ValueError("expected a time between the years 2000 and 2100")
    return moment.astimezone(UTC).replace(tzinfo=None)


# An input time must say its offset (…Z or …+02:00); it is stored as naive UTC.
InputTime = Annotated[AwareDatetime, AfterValidator(_plausible)]

Lane = Literal[catalog.LANE_IDS]
Level = Literal[catalog.LEVEL_IDS]
RoundKind = Literal[catalog.ROUND_IDS]
Domain = Literal[catalog.DOMAIN_IDS]
DeploymentTarget = Literal[catalog.DEPLOYMENT_TARGET_IDS]
WorkType = Literal[catalog.WORK_TYPE_IDS]
LoopStatus = Literal[LOOP_STATUSES]
Role = Literal[ROLES]
Decision = Literal[DECISIONS]
Recommendation = Literal[catalog.ids(catalog.RECOMMENDATIONS)]


class Input(BaseModel):
    """A request body or query: unknown fields are refused by name."""

    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- common ---------------------------------------------------------------------------------

class FieldError(Output):
    field: str = Field(description="The field at fault, dotted for nested fields.")
    in_: Literal["body", "query", "path", "header"] = Field(alias="in")
    message: str
    line: int | None = Field(None, description="For a CSV body: the line the problem is on.")
    column: str | None = Field(None, description="For a CSV body: the column, as the file's "
                                                 "header line names it.")


class Problem(Output):
    """An error (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    code: str | None = None
    errors: list[FieldError] | None = None
    retry_after: int | None = None


class PageQuery(Input):
    cursor: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None, description="The `next_cursor` of the previous page.")
    limit: Annotated[int, Field(ge=1, le=100)] = 25


class UserRef(Output):
    id: int
    name: str


# --- users ----------------------------------------------------------------------------------

class UserOut(Output):
    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: UtcTime


class UserPage(Output):
    data: list[UserOut]
    next_cursor: str | None


class UserQuery(PageQuery):
    role: Role | None = None
    active: bool | None = None


# --- questions ------------------------------------------------------------------------------

class QuestionOut(Output):
    id: str
    version: int
    title: str
    prompt: str
    round: RoundKind
    lanes: list[str]
    levels: list[str]
    signals: list[str]
    domains: list[str]
    concept: str
    minutes: int
    follow_ups: list[str]
    strong_answer: str
    weak_answer: str
    active: bool
    times_used: int
    imported_at: UtcTime


class QuestionVersionOut(Output):
    """One stored version of a question's text: what a loop that pinned it shows."""

    question_id: str
    version: int
    title: str
    prompt: str
    round: RoundKind
    signals: list[str]
    concept: str
    minutes: int
    follow_ups: list[str]
    strong_answer: str
    weak_answer: str
    imported_at: UtcTime


class QuestionPage(Output):
    data: list[QuestionOut]
    next_cursor: str | None


class QuestionQuery(PageQuery):
    round: RoundKind | None = None
    lane: Lane | None = None
    level: Level | None = None
    domain: Domain | None = None
    active: bool = True
    q: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROLS)] | None = Field(
        None, description="Words in the title or prompt.")


# --- loops ----------------------------------------------------------------------------------

_MINUTES = Annotated[int, Field(ge=15, le=180)]


class RoundMinutesIn(Input):
    screen: _MINUTES | None = None
    system_design: _MINUTES | None = None
    coding: _MINUTES | None = None
    deep_dive: _MINUTES | None = None


class LoopIntakeIn(Input):
    """The intake a hiring manager fills in; the loop is planned from it at once."""

    candidate_name: Line(200)
    candidate_email: Annotated[EmailStr, StringConstraints(max_length=254)]
    role_title: Line(200)
    lane: Lane
    level: Level
    domain: Domain | None = None
    deployment_target: DeploymentTarget | None = None
    work_type: WorkType | None = None
    platform_team: bool | None = None
    framework: Line(80) | None = None
    round_minutes: RoundMinutesIn | None = Field(
        None, description="Minutes per round; rounds left out keep the default length.")


class PanelIn(Input):
    interviewer_ids: Annotated[list[DbId], Field(min_length=1, max_length=20)]
    scheduled_at: InputTime


class LoopQuery(PageQuery):
    lane: Lane | None = None
    level: Level | None = None
    status: LoopStatus | None = None
    owner_id: DbId | None = Field(None, description="Ignored for hiring managers, who list "
                                                    "only their own loops.")
    q: Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROLS)] | None = Field(
        None, description="Part of the candidate's name or email.")


class PlannedQuestionOut(Output):
    question_id: str
    question_version: int
    title: str
    minutes: int
    reason: str
    pinned: bool


class RoundOut(Output):
    id: int
    kind: RoundKind
    position: int
    minutes: int
    scheduled_at: UtcTime | None
    interviewers: list[UserRef]
    questions: list[PlannedQuestionOut]


class DecisionOut(Output):
    decision: Decision
    level: Level | None
    reason: str
    decided_at: UtcTime
    decided_by: UserRef | None


class LoopSummary(Output):
    id: int
    candidate_name: str
    candidate_email: str
    role_title: str
    lane: Lane
    level: Level
    domain: str | None
    deployment_target: str | None
    work_type: str | None
    platform_team: bool | None
    framework: str | None
    status: LoopStatus
    owner: UserRef
    created_at: UtcTime
    published_at: UtcTime | None
    decision: DecisionOut | None
    cancelled_at: UtcTime | None
    cancel_reason: str | None


class AlternativesQuery(Input):
    limit: Annotated[int, Field(ge=1, le=20)] = 5


class SwapOptionOut(Output):
    question_id: str
    title: str
    minutes: int
    signals: list[str]
    reason: str = Field(description="Why the planner ranks it for this slot.")
    loses_signals: list[str] = Field(
        description="Required signals of the round only the current question covers, which "
                    "this one would leave uncovered.")


class SwapOptionList(Output):
    data: list[SwapOptionOut]


class SwapIn(Input):
    replacement_id: Id = Field(description="A question from …/alternatives, or any other the "
                                           "planner would rank for the slot.")


class CancelIn(Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000,
                                             pattern=_NO_CONTROLS)] = Field(
        description="Why the loop is cancelled; interviewers and recruiters see it.")


class LoopOut(LoopSummary):
    warnings: list[str]
    publish_problems: list[str] = Field(
        description="What stops a draft from being published; empty when it is ready.")
    rounds: list[RoundOut]


class LoopPage(Output):
    data: list[LoopSummary]
    next_cursor: str | None


# --- scorecards -----------------------------------------------------------------------------

class FlagDecisionIn(Input):
    decision: Literal["confirmed", "dismissed"]
    reason: Prose(20_000) | None = None
    because: Prose(20_000) | None = None


class ScorecardWriteIn(Input):
    """A whole scorecard as the tablet page sends it, with the version it was based on."""

    version: Annotated[int, Field(ge=0, le=DB_INT_MAX,
                                  description="The version this copy was based on; 0 when "
                                              "no scorecard exists yet.")]
    ratings: Annotated[dict[Id, Literal[1, 2, 3, 4] | None], Field(max_length=100)] = {}
    evidence: Annotated[dict[Id, Prose(20_000)], Field(max_length=100)] = {}
    probes: Annotated[dict[Id, Id], Field(max_length=100)] = {}
    observed: Annotated[list[Id], Field(max_length=100)] = []
    flag_decisions: Annotated[dict[Id, FlagDecisionIn], Field(max_length=100)] = {}
    notes: Prose(200_000) = ""
    recommendation: Recommendation | None = None


class FlagDecisionOut(Output):
    decision: str
    reason: str
    because: str


class ScorecardOut(Output):
    id: int | None
    round_id: int
    round: RoundKind
    interviewer: UserRef
    status: Literal["not_started", "draft", "submitted"]
    version: int
    ratings: dict[str, int | None]
    evidence: dict[str, str]
    probes: dict[str, str]
    observed: list[str]
    flag_decisions: dict[str, FlagDecisionOut]
    notes: str
    recommendation: str | None
    updated_at: UtcTime | None
    submitted_at: UtcTime | None
    amended_at: UtcTime | None


class ScorecardList(Output):
    data: list[ScorecardOut]


class DebriefRatingOut(Output):
    criterion_id: str
    criterion_name: str
    value: int | None
    evidence: str
    no_signal: bool


class DebriefFlagOut(Output):
    id: str
    label: str
    severity: str
    source: str
    because: str
    round: str
    raised_by: str


class DebriefScorecardOut(Output):
    id: int
    interviewer: str
    ratings: list[DebriefRatingOut]
    flags: list[DebriefFlagOut]
    notes: str
    recommendation: str | None
    submitted_at: UtcTime | None
    amended_at: UtcTime | None


class DebriefRoundOut(Output):
    round: RoundKind
    title: str
    scheduled_at: UtcTime | None
    awaiting: list[str] = Field(description="Panelists whose scorecard is not in yet.")
    scorecards: list[DebriefScorecardOut]


class RecommendationOut(Output):
    round: str
    interviewer: str
    recommendation: str


class RatingByOut(Output):
    interviewer: str
    rating: int


class DisagreementOut(Output):
    round: str
    criterion_id: str
    criterion_name: str
    low: RatingByOut
    high: RatingByOut


class LevelSignalOut(Output):
    level: str
    suggested: str
    reasons: list[str]


class MissingOut(Output):
    round: str
    interviewer: str


class DebriefOut(Output):
    """The debrief of a loop, as its hiring manager and recruiters read it on the web."""

    loop_id: int
    status: LoopStatus
    ready_for_decision: bool
    rounds: list[DebriefRoundOut]
    recommendations: list[RecommendationOut]
    tally: dict[str, int]
    flags: list[DebriefFlagOut]
    disagreements: list[DisagreementOut]
    level_signal: LevelSignalOut | None
    missing: list[MissingOut]
    decision: DecisionOut | None


class DecisionIn(Input):
    decision: Decision
    level: Level | None = Field(None, description="Required for hire_other_level.")
    reason: Annotated[str, StringConstraints(min_length=1, max_length=5000,
                                             pattern=_NO_CONTROLS)]


class UserRefPage(Output):
    data: list[UserRef]
    next_cursor: str | None


class AssignmentOut(Output):
    round_id: int
    round: RoundKind
    loop_id: int
    candidate_name: str
    scheduled_at: UtcTime | None
    minutes: int
    state: Literal["not_started", "draft", "submitted"]
    group: Literal["upcoming", "owed", "submitted"]


class AssignmentPage(Output):
    data: list[AssignmentOut]
    next_cursor: str | None


# --- candidate import -----------------------------------------------------------------------

class ImportRowOut(Output):
    line: int
    candidate_name: str
    candidate_email: str
    role_title: str
    lane: Lane
    level: Level
    domain: str | None
    deployment_target: str | None
    warnings: list[str] = Field(description="Worth a look, but not a reason to refuse, e.g. "
                                            "an open loop for the same candidate.")


class ImportPreviewOut(Output):
    """What importing the file would create; nothing was created."""

    rows: list[ImportRowOut]
    ignored_columns: list[str]


class ImportOut(Output):
    """The draft loops created, one per line of the file, in file order."""

    created: int
    data: list[LoopSummary]
    rows: list[ImportRowOut]
    ignored_columns: list[str]


# --- webhooks -------------------------------------------------------------------------------

WebhookEvent = Literal[webhook_rules.EVENTS]
# The service checks the URL (http or https, a host, no user name): the document says so too.
_URL = Annotated[str, StringConstraints(min_length=1, max_length=webhook_rules.MAX_URL),
                 Field(json_schema_extra={"pattern": r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"
                                                     r"(/[^\s#]*)?$"})]
_DESCRIPTION = Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROLS)]


class WebhookIn(Input):
    url: _URL = Field(description="Where deliveries are POSTed: http:// or https://.")
    events: Annotated[list[WebhookEvent], Field(min_length=1, max_length=10)]
    include_notes: bool = Field(False, description="Send free text about the candidate "
                                                   "(scorecard notes and evidence, flag "
                                                   "reasons, the decision's reason).")
    description: _DESCRIPTION = ""
    active: bool = True


class WebhookPatchIn(Input):
    """Only the fields sent change."""

    url: _URL | None = None
    events: Annotated[list[WebhookEvent], Field(min_length=1, max_length=10)] | None = None
    include_notes: bool | None = None
    description: _DESCRIPTION | None = None
    active: bool | None = None


class WebhookOut(Output):
    id: int
    url: str
    description: str
    events: list[WebhookEvent]
    include_notes: bool
    active: bool
    secret_prefix: str = Field(description="The start of the signing secret, to tell "
                                           "secrets apart; the secret itself is shown once.")
    created_at: UtcTime
    updated_at: UtcTime
    deliveries: dict[str, int] = Field(description="Deliveries by status: pending, sent, "
                                                   "failed.")


class WebhookSecretOut(WebhookOut):
    secret: str = Field(description="Signs every delivery (HMAC-SHA256). Shown only in this "
                                    "answer: keep it now.")


class WebhookPage(Output):
    data: list[WebhookOut]
    next_cursor: str | None


class AttemptOut(Output):
    attempt: int
    at: UtcTime
    status_code: int | None = Field(description="The receiver's HTTP status; null when no "
                                                "answer came (refused, timed out).")
    error: str | None
    duration_ms: int


class DeliveryOut(Output):
    """One event sent to one subscription; its body is not shown here (it can hold
    scorecard content, which admins do not read)."""

    id: int
    event: str
    event_id: str
    status: Literal["pending", "sent", "failed"]
    attempts: int
    created_at: UtcTime
    next_attempt_at: UtcTime | None
    sent_at: UtcTime | None
    last_status_code: int | None
    last_error: str | None
    log: list[AttemptOut]


class DeliveryPage(Output):
    data: list[DeliveryOut]
    next_cursor: str | None


class DeliveryQuery(PageQuery):
    status: Literal["pending", "sent", "failed"] | None = None
