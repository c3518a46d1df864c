"""Load the rows the insights figures are computed from, in a fixed number of queries.

Who sees what is decided here, by scoping the loops: admins and recruiters every loop,
hiring managers the loops they own, interviewers the loops they sat on (and the view then
shows them only their own row).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..domain import insights as figures
from ..extensions import db
from ..models import Loop, LoopQuestion, LoopRound, Scorecard, User
from ..models.loop import loop_round_interviewers

SEE_EVERYTHING = ("admin", "recruiter")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date                        # inclusive
    lane: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class InsightRows:
    loops: dict[int, figures.LoopRow]
    cards: list[figures.CardRow]
    uses: list[figures.QuestionUse]
    assignments: list[figures.Assignment]
    names: dict[int, str]
    question_titles: dict[str, str]


def _in_scope(viewer: User, filters: Filters) -> list[sa.ColumnElement[bool]]:
    """Return the conditions on Loop that pick the loops this viewer's figures cover.

    Conditions, not a subquery to join: SQLite rescans a joined subquery per row, which
    made the page quadratic in the number of loops.
    """
    since = datetime.combine(filters.start, time.min)
    until = datetime.combine(filters.end + timedelta(days=1), time.min)
    conditions = [Loop.created_at >= since, Loop.created_at < until]
    if filters.lane:
        conditions.append(Loop.lane == filters.lane)
    if filters.level:
        conditions.append(Loop.level == filters.level)
    if viewer.role in SEE_EVERYTHING:
        return conditions
    if viewer.role == "hiring_manager":
        return [*conditions, Loop.owner_id == viewer.id]
    sat_on = (sa.select(LoopRound.loop_id)
              .join(Scorecard, Scorecard.round_id == LoopRound.id)
              .where(Scorecard.interviewer_id == viewer.id))
    return [*conditions, Loop.id.in_(sat_on)]


def load_rows(viewer: User, filters: Filters) -> InsightRows:
    """Read every row the figures need: eight queries whatever the number of loops."""
    scope = _in_scope(viewer, filters)
    first = dict(db.session.execute(
        sa.select(LoopRound.loop_id, sa.func.min(LoopRound.scheduled_at))
        .join(Loop, Loop.id == LoopRound.loop_id).where(*scope)
        .group_by(LoopRound.loop_id)).all())
    loop_rows = db.session.execute(
        sa.select(Loop.id, Loop.lane, Loop.level, Loop.candidate_email, Loop.decision,
                  Loop.decision_level, Loop.decided_at).where(*scope)).all()
    loops = {r.id: figures.LoopRow(id=r.id, lane=r.lane, level=r.level,
                                   candidate=r.candidate_email.lower(), decision=r.decision,
                                   decision_level=r.decision_level, decided_at=r.decided_at,
                                   first_interview_at=first.get(r.id)) for r in loop_rows}
    card_rows = db.session.execute(
        sa.select(LoopRound.loop_id, LoopRound.kind, _raw(LoopRound.scheduled_at),
                  Scorecard.interviewer_id, _raw(Scorecard.ratings), Scorecard.recommendation,
                  _raw(Scorecard.submitted_at), _raw(Scorecard.observed_flags),
                  _raw(Scorecard.flag_decisions))
        .join(LoopRound, LoopRound.id == Scorecard.round_id)
        .join(Loop, Loop.id == LoopRound.loop_id)
        .where(Scorecard.status == "submitted", *scope)).all()
    cards = [figures.CardRow(
        loop_id=loop_id, round=kind, interviewer_id=person, ratings=_parsed(ratings, {}),
        recommendation=recommendation, submitted_at=_when(submitted_at),
        scheduled_at=_when(scheduled_at),
        observed=tuple(_parsed(observed, ())), flag_decisions=_parsed(decisions, {}))
        for (loop_id, kind, scheduled_at, person, ratings, recommendation, submitted_at,
             observed, decisions) in card_rows]
    use_rows = db.session.execute(
        sa.select(LoopRound.loop_id, LoopRound.kind, LoopQuestion.question_id)
        .join(LoopRound, LoopRound.id == LoopQuestion.round_id)
        .join(Loop, Loop.id == LoopRound.loop_id).where(*scope)).all()
    uses = [figures.QuestionUse(r.loop_id, r.kind, r.question_id) for r in use_rows]
    assignment_rows = db.session.execute(
        sa.select(LoopRound.loop_id, LoopRound.kind, LoopRound.scheduled_at,
                  loop_round_interviewers.c.user_id, Scorecard.id.label("card_id"))
        .join(loop_round_interviewers, loop_round_interviewers.c.round_id == LoopRound.id)
        .join(Loop, Loop.id == LoopRound.loop_id)
        .outerjoin(Scorecard, sa.and_(
            Scorecard.round_id == LoopRound.id,
            Scorecard.interviewer_id == loop_round_interviewers.c.user_id,
            Scorecard.status == "submitted"))
        # Only owed scorecards matter (for the overdue count): a few, not one per card.
        .where(Scorecard.id.is_(None), *scope))
    assignments = [figures.Assignment(r.loop_id, r.kind, r.user_id, r.scheduled_at,
                                      r.card_id is not None) for r in assignment_rows]
    names = dict(db.session.execute(sa.select(User.id, User.name)).all())
    from ..models import BankQuestion

    titles = dict(db.session.execute(sa.select(BankQuestion.id, BankQuestion.title)).all())
    return InsightRows(loops, cards, uses, assignments, names, titles)


def _raw(column) -> sa.ColumnElement:
    """Read a column as its stored text: most flag columns are empty and skip their JSON
    parse; timestamps parse faster with datetime.fromisoformat."""
    return sa.type_coerce(column, sa.Text)


def _when(value: str | datetime | None) -> datetime | None:
    """Parse a stored timestamp with the C parser (SQLAlchemy's SQLite one is a regex)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _parsed(text: str | dict | list | None, empty):
    if text is None or text in ("{}", "[]", "null"):
        return empty
    if not isinstance(text, str):  # a driver that already decoded JSON (psycopg, jsonb)
        return text
    try:
        return json.loads(text)
    except ValueError:
        return empty


def visible_interviewers(viewer: User, computed: dict[int, figures.InterviewerFigures],
                         ) -> dict[int, figures.InterviewerFigures]:
    """Keep only the calibration rows this viewer may see."""
    if viewer.role in ("admin", "recruiter", "hiring_manager"):
        return computed
    return {k: v for k, v in computed.items() if k == viewer.id}


def data_fingerprint() -> tuple:
    """Return a cheap summary that changes whenever a scorecard or a decision does."""
    cards = db.session.execute(sa.select(sa.func.count(Scorecard.id),
                                         sa.func.max(Scorecard.updated_at))).one()
    decided = db.session.execute(sa.select(sa.func.count(Loop.id),
                                           sa.func.max(Loop.decided_at),
                                           sa.func.max(Loop.created_at))).one()
    return (*cards, *decided)


class FigureCache:
    """Computed insights per viewer scope, kept until the data changes or the minute turns.

    The minute in the key bounds how stale an overdue count or a reassigned round can be.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self.entries: dict[tuple, object] = {}

    def get_or_build(self, key: tuple, build):
        if key in self.entries:
            value = self.entries.pop(key)
        else:
            value = build()
            while len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
        self.entries[key] = value
        return value


FIGURES = FigureCache()


def cache_key(viewer: User, filters: Filters, now: datetime) -> tuple:
    scope = ("all",) if viewer.role in SEE_EVERYTHING else (viewer.role, viewer.id)
    return (str(db.engine.url), *scope, filters, data_fingerprint(),
            now.replace(second=0, microsecond=0))
