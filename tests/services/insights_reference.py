"""The insights rows as they were read before the summary tables: every scorecard, parsed.

Kept for the tests only, as the reference the summary path must agree with: the figures
computed from these rows by the pure functions are the ones the page showed before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from interviewkit.domain import insights as figures
from interviewkit.extensions import db
from interviewkit.models import BankQuestion, Loop, LoopQuestion, LoopRound, Scorecard, User
from interviewkit.models.loop import loop_round_interviewers
from interviewkit.services.insights import SEE_EVERYTHING, Filters


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
