"""Compute the insights figures from the summary tables, in a fixed number of queries.

Who sees what is decided here, by scoping the loops: admins and recruiters every loop,
hiring managers the loops they own, interviewers the loops they sat on (and the view then
shows them only their own row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ..domain import insights as figures
from ..extensions import db
from ..models import (
    Loop,
    LoopQuestion,
    LoopRound,
    RoundSummary,
    Scorecard,
    ScorecardSummary,
    SeatSummary,
    User,
)
from ..models.loop import loop_round_interviewers

SEE_EVERYTHING = ("admin", "recruiter")
TEAM_ROLES = ("admin", "recruiter", "hiring_manager")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date                        # inclusive
    lane: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class InsightFigures:
    interviewers: dict[int, figures.InterviewerFigures]
    names: dict[int, str]
    question_titles: dict[str, str]
    questions: list[figures.QuestionFigures]
    groups: list[figures.LoopGroupFigures]


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


def load_figures(viewer: User, filters: Filters, now: datetime) -> InsightFigures:
    """Compute the figures this viewer may see from the summary tables.

    The per-loop work was done when each loop's scorecards were written (see
    services/insight_summaries.py); here the database adds up narrow rows per interviewer,
    question and lane-level group, and the pure functions finish the figures.
    """
    team = viewer.role in TEAM_ROLES
    only = None if team else viewer.id  # an interviewer's own row is all they are shown
    people = _interviewer_figures(viewer, filters, only)
    names = dict(db.session.execute(sa.select(User.id, User.name)).all())
    if not team:
        return InsightFigures(people, names, {}, [], [])
    from ..models import BankQuestion

    titles = dict(db.session.execute(sa.select(BankQuestion.id, BankQuestion.title)).all())
    questions = figures.question_figures_from_totals(_question_totals(viewer, filters))
    groups = figures.loop_figures_from_totals(_loop_totals(viewer, filters, now))
    return InsightFigures(people, names, titles, questions, groups)


def _summary_scope(model, viewer: User, filters: Filters) -> list[sa.ColumnElement[bool]]:
    """Return the conditions on a summary table that pick this viewer's loops."""
    since, until = _bounds(filters)
    conditions = [model.loop_created_at >= since, model.loop_created_at < until]
    if filters.lane:
        conditions.append(model.lane == filters.lane)
    if filters.level:
        conditions.append(model.level == filters.level)
    if viewer.role in SEE_EVERYTHING:
        return conditions
    if viewer.role == "hiring_manager":
        return [*conditions, model.owner_id == viewer.id]
    return [*conditions, model.loop_id.in_(_sat_on(viewer))]


def _sat_on(viewer: User) -> sa.Select:
    return (sa.select(LoopRound.loop_id)
            .join(Scorecard, Scorecard.round_id == LoopRound.id)
            .where(Scorecard.interviewer_id == viewer.id))


def _bounds(filters: Filters) -> tuple[datetime, datetime]:
    return (datetime.combine(filters.start, time.min),
            datetime.combine(filters.end + timedelta(days=1), time.min))


def _interviewer_figures(viewer: User, filters: Filters, only: int | None,
                         ) -> dict[int, figures.InterviewerFigures]:
    seat = SeatSummary
    scope = _summary_scope(seat, viewer, filters)
    mine = [seat.interviewer_id == only] if only is not None else []
    total = sa.func.sum
    totals = [figures.SeatTotals(
        interviewer_id=r[0], scorecards=r[1], timed=r[2], on_time=r[3],
        own=(r[4], r[5], r[6], r[7]), panel=(r[8], r[9], r[10], r[11]),
        leniency_total=r[12] or 0.0, leniency_candidates=r[13], agreed=r[14], decided=r[15],
        flags_raised=r[16], flags_confirmed=r[17], flags_dismissed=r[18])
        for r in db.session.execute(
            sa.select(seat.interviewer_id, total(seat.scorecards), total(seat.timed),
                      total(seat.on_time), total(seat.own_1), total(seat.own_2),
                      total(seat.own_3), total(seat.own_4), total(seat.panel_1),
                      total(seat.panel_2), total(seat.panel_3), total(seat.panel_4),
                      sa.func.total(seat.leniency), sa.func.count(seat.leniency),
                      total(seat.agreed), total(seat.decided), total(seat.flags_raised),
                      total(seat.flags_confirmed), total(seat.flags_dismissed))
            .where(*scope, *mine).group_by(seat.interviewer_id))]
    strong = [figures.StrongYesTotals(r[0], r[1], r[2], r[3] or 0.0, r[4])
              for r in db.session.execute(
                  sa.select(seat.interviewer_id, seat.level, sa.func.count(),
                            sa.func.total(seat.co_panel_mean), sa.func.count(seat.co_panel_mean))
                  .where(*scope, *mine, seat.strong_yes)
                  .group_by(seat.interviewer_id, seat.level))]
    bar = {level: card_total / cards for level, card_total, cards in db.session.execute(
        sa.select(seat.level, sa.func.total(seat.strong_card_total), total(seat.strong_cards))
        .where(*scope, seat.strong_cards > 0).group_by(seat.level))}
    card = ScorecardSummary
    card_scope = _summary_scope(card, viewer, filters)
    card_mine = [card.interviewer_id == only] if only is not None else []
    hours: dict[int, list[float]] = defaultdict(list)
    for person, value in db.session.execute(
            sa.select(card.interviewer_id, card.hours_to_submit)
            .where(*card_scope, *card_mine, card.hours_to_submit.is_not(None))):
        hours[person].append(value)
    groups: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for person, criteria, no_signal, count in db.session.execute(
            sa.select(card.interviewer_id, card.criteria, card.no_signal, sa.func.count())
            .where(*card_scope, *card_mine)
            .group_by(card.interviewer_id, card.criteria, card.no_signal)):
        groups[person].append((criteria, no_signal, count))
    no_signal = {person: figures.no_signal_counts(rows) for person, rows in groups.items()}
    return figures.interviewer_figures_from_totals(totals, hours, no_signal, strong, bar)


def _question_totals(viewer: User, filters: Filters) -> list[figures.QuestionTotals]:
    """Add up each question's uses in scope, with the ratings its rounds were given.

    Uses are read from the plans themselves (a draft loop's plan counts too, as before);
    the ratings come from the round summaries.
    """
    scope = _in_scope(viewer, filters)
    rs = RoundSummary
    uses = (sa.select(LoopQuestion.question_id, LoopRound.kind, LoopRound.loop_id,
                      Loop.candidate_email, Loop.decision)
            .join(LoopRound, LoopRound.id == LoopQuestion.round_id)
            .join(Loop, Loop.id == LoopRound.loop_id).where(*scope).subquery())
    joined = sa.outerjoin(uses, rs, sa.and_(rs.loop_id == uses.c.loop_id,
                                            rs.round == uses.c.kind))
    counted = {}
    for qid, kind, count, candidates, r1, r2, r3, r4 in db.session.execute(
            sa.select(uses.c.question_id, sa.func.min(uses.c.kind), sa.func.count(),
                      sa.func.count(sa.distinct(sa.func.lower(uses.c.candidate_email))),
                      sa.func.coalesce(sa.func.sum(rs.rated_1), 0),
                      sa.func.coalesce(sa.func.sum(rs.rated_2), 0),
                      sa.func.coalesce(sa.func.sum(rs.rated_3), 0),
                      sa.func.coalesce(sa.func.sum(rs.rated_4), 0))
            .select_from(joined).group_by(uses.c.question_id)):
        counted[qid] = (kind, count, candidates, (r1, r2, r3, r4))
    separation: dict[str, list[tuple[int, int, bool, int]]] = defaultdict(list)
    for qid, rating_sum, rating_count, hired, count in db.session.execute(
            sa.select(uses.c.question_id, rs.rating_sum, rs.rating_count,
                      uses.c.decision == "hire", sa.func.count())
            .select_from(joined)
            .where(uses.c.decision.is_not(None), rs.rating_count > 0)
            .group_by(uses.c.question_id, rs.rating_sum, rs.rating_count,
                      uses.c.decision == "hire")):
        separation[qid].append((rating_sum, rating_count, bool(hired), count))
    return [figures.QuestionTotals(qid, kind, count, candidates, ratings,
                                   tuple(separation.get(qid, ())))
            for qid, (kind, count, candidates, ratings) in counted.items()]


def _loop_totals(viewer: User, filters: Filters, now: datetime,
                 ) -> list[figures.LoopGroupTotals]:
    scope = _in_scope(viewer, filters)
    counts = db.session.execute(
        sa.select(Loop.lane, Loop.level, sa.func.count(), sa.func.count(Loop.decision),
                  sa.func.count(sa.case((Loop.decision == "hire", 1))),
                  sa.func.count(sa.case((Loop.decision == "hire_other_level", 1))))
        .where(*scope).group_by(Loop.lane, Loop.level)).all()
    rs = RoundSummary
    per_loop = (sa.select(rs.lane, rs.level, sa.func.sum(rs.rating_sum).label("total"),
                          sa.func.sum(rs.rating_count).label("n"))
                .where(*_summary_scope(rs, viewer, filters), rs.decision.is_not(None))
                .group_by(rs.loop_id, rs.lane, rs.level).subquery())
    off = sa.or_(2 * per_loop.c.total < 4 * per_loop.c.n,
                 sa.and_(2 * per_loop.c.total >= 7 * per_loop.c.n, per_loop.c.n >= 8))
    signals = {(lane, level): n for lane, level, n in db.session.execute(
        sa.select(per_loop.c.lane, per_loop.c.level, sa.func.count())
        .where(per_loop.c.n > 0, off).group_by(per_loop.c.lane, per_loop.c.level))}
    first = (sa.select(sa.func.min(LoopRound.scheduled_at))
             .where(LoopRound.loop_id == Loop.id).correlate(Loop).scalar_subquery())
    days: dict[tuple[str, str], list[float]] = defaultdict(list)
    for lane, level, decided_at, started in db.session.execute(
            sa.select(Loop.lane, Loop.level, _raw(Loop.decided_at), _raw(first))
            .where(*scope, Loop.decision.is_not(None), Loop.decided_at.is_not(None))):
        decided_at, started = _when(decided_at), _when(started)
        if decided_at is not None and started is not None:
            days[(lane, level)].append((decided_at - started).total_seconds() / 86400)
    cutoff = now - figures.ON_TIME
    overdue = {(lane, level): n for lane, level, n in db.session.execute(
        sa.select(Loop.lane, Loop.level, sa.func.count())
        .select_from(loop_round_interviewers)
        .join(LoopRound, LoopRound.id == loop_round_interviewers.c.round_id)
        .join(Loop, Loop.id == LoopRound.loop_id)
        .where(*scope, LoopRound.scheduled_at.is_not(None), LoopRound.scheduled_at < cutoff,
               ~sa.exists().where(
                   Scorecard.round_id == LoopRound.id,
                   Scorecard.interviewer_id == loop_round_interviewers.c.user_id,
                   Scorecard.status == "submitted"))
        .group_by(Loop.lane, Loop.level))}
    return [figures.LoopGroupTotals(
        lane=lane, level=level, loops=n, decided=decided, hires=hires, other_level=other,
        level_signals=signals.get((lane, level), 0),
        days_to_decision=tuple(days.get((lane, level), ())),
        overdue=overdue.get((lane, level), 0))
        for lane, level, n, decided, hires, other in counts]


def _raw(column) -> sa.ColumnElement:
    """Read a timestamp as its stored text: datetime.fromisoformat parses it faster."""
    return sa.type_coerce(column, sa.Text)


def _when(value: str | datetime | None) -> datetime | None:
    """Parse a stored timestamp with the C parser (SQLAlchemy's SQLite one is a regex)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


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
