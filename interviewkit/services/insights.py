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
    CalibrationMonth,
    Loop,
    LoopQuestion,
    LoopRound,
    QuestionUseSummary,
    RoundSummary,
    Scorecard,
    ScorecardSummary,
    SeatMonth,
    SeatSummary,
    User,
)
from ..models.insights import SEAT_TOTALS
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
    since, until = _bounds(filters)
    return [Loop.created_at >= since, Loop.created_at < until,
            *_access(viewer, filters, Loop.lane, Loop.level, Loop.owner_id, Loop.id)]


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


def _summary_scope(model, viewer: User, filters: Filters,
                   ranges: list[tuple[datetime, datetime]] | None = None,
                   ) -> list[sa.ColumnElement[bool]]:
    """Return the conditions on a summary table that pick this viewer's loops (created in
    the given stretches of time, by default the filters' whole range)."""
    ranges = [_bounds(filters)] if ranges is None else ranges
    conditions = [sa.or_(sa.false(), *(sa.and_(model.loop_created_at >= since,
                                               model.loop_created_at < until)
                                       for since, until in ranges))]
    return [*conditions, *_access(viewer, filters, model.lane, model.level, model.owner_id,
                                  model.loop_id)]


def _access(viewer: User, filters: Filters, lane, level, owner_id, loop_id,
            ) -> list[sa.ColumnElement[bool]]:
    """The lane and level filters, and what this viewer may see, on the given columns (of
    Loop or of a summary table)."""
    conditions = []
    if filters.lane:
        conditions.append(lane == filters.lane)
    if filters.level:
        conditions.append(level == filters.level)
    if viewer.role in SEE_EVERYTHING:
        return conditions
    if viewer.role == "hiring_manager":
        return [*conditions, owner_id == viewer.id]
    return [*conditions, loop_id.in_(_sat_on(viewer))]


def _sat_on(viewer: User) -> sa.Select:
    return (sa.select(LoopRound.loop_id)
            .join(Scorecard, Scorecard.round_id == LoopRound.id)
            .where(Scorecard.interviewer_id == viewer.id))


def _bounds(filters: Filters) -> tuple[datetime, datetime]:
    return (datetime.combine(filters.start, time.min),
            datetime.combine(filters.end + timedelta(days=1), time.min))


def whole_months(since: datetime, until: datetime,
                 ) -> tuple[list[str], list[tuple[datetime, datetime]]]:
    """Split [since, until) into the calendar months wholly inside it ("2026-03") and the
    stretches left over at either end."""
    first = since if since.day == 1 and since.time() == time.min else _next_month(since)
    last = datetime(until.year, until.month, 1)
    if first >= last:
        return [], [(since, until)]
    months = []
    month = first
    while month < last:
        months.append(month.strftime("%Y-%m"))
        month = _next_month(month)
    edges = [(a, b) for a, b in ((since, first), (last, until)) if a < b]
    return months, edges


def _next_month(moment: datetime) -> datetime:
    return datetime(moment.year + moment.month // 12, moment.month % 12 + 1, 1)


def _interviewer_figures(viewer: User, filters: Filters, only: int | None,
                         ) -> dict[int, figures.InterviewerFigures]:
    months, edges = whole_months(*_bounds(filters))
    everything = viewer.role in SEE_EVERYTHING and not filters.lane
    if not everything:
        months, edges = [], [_bounds(filters)]
    seat = SeatSummary
    parts = [sa.select(seat.interviewer_id, seat.level,
                       *(getattr(seat, c) for c in SEAT_TOTALS))
             .where(*_summary_scope(seat, viewer, filters, edges))]
    if months:
        rollup = SeatMonth
        level = [rollup.level == filters.level] if filters.level else []
        parts.append(sa.select(rollup.interviewer_id, rollup.level,
                               *(getattr(rollup, c) for c in SEAT_TOTALS))
                     .where(rollup.month.in_(months), *level))
    both = sa.union_all(*parts).subquery()
    rows = db.session.execute(
        sa.select(both.c.interviewer_id, both.c.level,
                  *(sa.func.sum(both.c[c]) for c in SEAT_TOTALS))
        .group_by(both.c.interviewer_id, both.c.level)).all()
    per_person: dict[int, list[float]] = {}
    strong: list[figures.StrongYesTotals] = []
    bar_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for person, level, *values in rows:
        sums = dict(zip(SEAT_TOTALS, values, strict=True))
        bar_sums[level][0] += sums["strong_card_total"]
        bar_sums[level][1] += sums["strong_cards"]
        if only is not None and person != only:
            continue
        kept = per_person.setdefault(person, [0] * len(SEAT_TOTALS))
        for i, value in enumerate(values):
            kept[i] += value
        if sums["strong_seats"]:
            strong.append(figures.StrongYesTotals(
                person, level, sums["strong_seats"], sums["strong_co_panel_total"],
                sums["strong_co_panel_count"]))
    bar = {level: total / n for level, (total, n) in bar_sums.items() if n}
    totals = []
    for person, values in per_person.items():
        t = dict(zip(SEAT_TOTALS, values, strict=True))
        totals.append(figures.SeatTotals(
            interviewer_id=person, scorecards=t["scorecards"], timed=t["timed"],
            on_time=t["on_time"], own=(t["own_1"], t["own_2"], t["own_3"], t["own_4"]),
            panel=(t["panel_1"], t["panel_2"], t["panel_3"], t["panel_4"]),
            leniency_total=t["leniency_total"], leniency_candidates=t["leniency_count"],
            agreed=t["agreed"], decided=t["decided"], flags_raised=t["flags_raised"],
            flags_confirmed=t["flags_confirmed"], flags_dismissed=t["flags_dismissed"]))
    hours, no_signal = _calibration(viewer, filters, only,
                                    months if not filters.level else [],
                                    edges if not filters.level else [_bounds(filters)])
    return figures.interviewer_figures_from_totals(totals, hours, no_signal, strong, bar)


def _calibration(viewer: User, filters: Filters, only: int | None, months: list[str],
                 edges: list[tuple[datetime, datetime]],
                 ) -> tuple[dict[int, list[float]], dict[int, dict[str, tuple[int, int]]]]:
    """Return each interviewer's hours to submit and no-signal counts."""
    card = ScorecardSummary
    mine = [card.interviewer_id == only] if only is not None else []
    scope = _summary_scope(card, viewer, filters, edges)
    parts = [sa.select(card.interviewer_id, card.hours_to_submit,
                       sa.null().label("criteria"), sa.null().label("no_signal"),
                       sa.literal(1).label("scorecards"))
             .where(*scope, *mine, card.hours_to_submit.is_not(None)),
             sa.select(card.interviewer_id, sa.null(), card.criteria, card.no_signal,
                       sa.literal(1)).where(*scope, *mine)]
    if months:
        rollup = CalibrationMonth
        parts.append(sa.select(rollup.interviewer_id, rollup.hours_to_submit, rollup.criteria,
                               rollup.no_signal, rollup.scorecards)
                     .where(rollup.month.in_(months),
                            *([rollup.interviewer_id == only] if only is not None else [])))
    both = sa.union_all(*parts).subquery()
    hours: dict[int, list[float]] = defaultdict(list)
    groups: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for person, value, criteria, no_signal, count in db.session.execute(
            sa.select(both.c.interviewer_id, both.c.hours_to_submit, both.c.criteria,
                      both.c.no_signal, sa.func.sum(both.c.scorecards))
            .group_by(both.c.interviewer_id, both.c.hours_to_submit, both.c.criteria,
                      both.c.no_signal)):
        if value is not None:
            hours[person].extend([value] * count)
        elif criteria is not None:
            groups[person].append((criteria, no_signal or "", count))
    return hours, {person: figures.no_signal_counts(rows) for person, rows in groups.items()}


def _question_totals(viewer: User, filters: Filters) -> list[figures.QuestionTotals]:
    """Add up each question's uses in scope, with the ratings its rounds were given.

    A published loop's uses come from the summaries; a draft's from its plan (it still
    changes, and counts as a use as it always has).
    """
    use = QuestionUseSummary
    drafts = (sa.select(LoopQuestion.question_id, LoopRound.kind.label("round"),
                        sa.func.lower(Loop.candidate_email).label("candidate"),
                        sa.null().label("decision"), *(sa.literal(0).label(c) for c in (
                            "rated_1", "rated_2", "rated_3", "rated_4", "rating_sum",
                            "rating_count")))
              .join(LoopRound, LoopRound.id == LoopQuestion.round_id)
              .join(Loop, Loop.id == LoopRound.loop_id)
              .where(*_in_scope(viewer, filters), Loop.published_at.is_(None)))
    published = sa.select(use.question_id, use.round, use.candidate, use.decision,
                          use.rated_1, use.rated_2, use.rated_3, use.rated_4, use.rating_sum,
                          use.rating_count).where(*_summary_scope(use, viewer, filters))
    both = sa.union_all(published, drafts).subquery()
    decided = sa.and_(both.c.decision.is_not(None), both.c.rating_count > 0)
    x = sa.case((decided, sa.cast(both.c.rating_sum, sa.Float) / both.c.rating_count))
    y = sa.case((decided, sa.case((both.c.decision == "hire", 1.0), else_=0.0)))
    totals = []
    for row in db.session.execute(
            sa.select(both.c.question_id, sa.func.min(both.c.round), sa.func.count(),
                      sa.func.count(sa.distinct(both.c.candidate)),
                      sa.func.sum(both.c.rated_1), sa.func.sum(both.c.rated_2),
                      sa.func.sum(both.c.rated_3), sa.func.sum(both.c.rated_4),
                      sa.func.count(x), sa.func.coalesce(sa.func.sum(x), 0.0),
                      sa.func.coalesce(sa.func.sum(x * x), 0.0),
                      sa.func.coalesce(sa.func.sum(x * y), 0.0),
                      sa.func.coalesce(sa.func.sum(y), 0.0))
            .group_by(both.c.question_id)):
        (qid, kind, count, candidates, r1, r2, r3, r4, n, sum_x, sum_xx, sum_xy,
         sum_y) = row
        totals.append(figures.QuestionTotals(
            qid, kind, count, candidates, (r1, r2, r3, r4), decided_uses=n, sum_x=sum_x,
            sum_xx=sum_xx, sum_xy=sum_xy, sum_y=sum_y))
    return totals


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
