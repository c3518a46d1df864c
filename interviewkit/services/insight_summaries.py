"""Keep the insight summaries in step with the scorecards and decisions they digest.

Called by every write that changes a loop's submitted scorecards or its decision, inside
that write's transaction (flush, never commit): the summaries are committed with the facts
or rolled back with them, so the insights pages never read figures the facts do not bear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from ..domain import insights as figures
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
)
from ..models.insights import SEAT_TOTALS

SUMMARY_TABLES = (ScorecardSummary, SeatSummary, RoundSummary, QuestionUseSummary)
# Loops digested per batch: bounds the IN lists and the rows held in memory.
BATCH = 500


def refresh_loops(session, loop_ids: Iterable[int]) -> int:
    """Recompute the summary rows of the given loops; return how many scorecards they hold."""
    ids = sorted({int(i) for i in loop_ids if i is not None})
    cards = 0
    touched: set[tuple[int, str]] = set()
    for start in range(0, len(ids), BATCH):
        cards += _refresh_batch(session, ids[start:start + BATCH], touched)
    _refresh_months(session, touched)
    return cards


def refresh_summaries(session) -> int:
    """Rebuild every summary row from the scorecards; return how many scorecards it read."""
    for model in (*SUMMARY_TABLES, SeatMonth, CalibrationMonth):
        session.execute(sa.delete(model))
    loop_ids = session.execute(
        sa.select(Loop.id).where(Loop.published_at.is_not(None))).scalars().all()
    return refresh_loops(session, loop_ids)


def summaries_missing(session) -> bool:
    """Whether some submitted scorecard or published plan has no summary (a database from
    before the summaries, or one edited by hand)."""
    def count(query) -> int:
        return session.execute(sa.select(sa.func.count()).select_from(query.subquery())
                               ).scalar()

    submitted = count(sa.select(Scorecard.id).where(Scorecard.status == "submitted"))
    planned = count(sa.select(LoopQuestion.id)
                    .join(LoopRound, LoopRound.id == LoopQuestion.round_id)
                    .join(Loop, Loop.id == LoopRound.loop_id)
                    .where(Loop.published_at.is_not(None)))
    return (submitted != count(sa.select(ScorecardSummary.scorecard_id))
            or planned != count(sa.select(QuestionUseSummary.id)))


def _refresh_batch(session, loop_ids: list[int], touched: set[tuple[int, str]]) -> int:
    session.flush()  # the facts this reads may still sit in the session
    # The months (per interviewer) whose rollups change: where these loops' seats were...
    touched.update((person, month) for person, month in session.execute(
        sa.select(SeatSummary.interviewer_id, SeatSummary.loop_month)
        .where(SeatSummary.loop_id.in_(loop_ids))))
    for model in SUMMARY_TABLES:
        session.execute(sa.delete(model).where(model.loop_id.in_(loop_ids)))
    loops = {r.id: r for r in session.execute(
        sa.select(Loop.id, Loop.lane, Loop.level, Loop.candidate_email, Loop.decision,
                  Loop.decision_level, Loop.decided_at, Loop.created_at, Loop.owner_id,
                  Loop.published_at)
        .where(Loop.id.in_(loop_ids))).all()}
    uses = session.execute(
        sa.select(LoopRound.loop_id, LoopRound.kind, LoopQuestion.question_id)
        .join(LoopRound, LoopRound.id == LoopQuestion.round_id)
        .where(LoopRound.loop_id.in_(loop_ids)).order_by(LoopQuestion.id)).all()
    rows = session.execute(
        sa.select(Scorecard.id, LoopRound.loop_id, LoopRound.kind, LoopRound.scheduled_at,
                  Scorecard.interviewer_id, Scorecard.ratings, Scorecard.recommendation,
                  Scorecard.submitted_at, Scorecard.observed_flags, Scorecard.flag_decisions)
        .join(LoopRound, LoopRound.id == Scorecard.round_id)
        .where(Scorecard.status == "submitted", LoopRound.loop_id.in_(loop_ids))
        .order_by(LoopRound.loop_id, Scorecard.id)).all()
    by_loop: dict[int, list] = defaultdict(list)
    for row in rows:
        by_loop[row.loop_id].append(row)
    card_rows, seat_rows, round_rows, use_rows = [], [], [], []
    round_ratings: dict[tuple[int, str], tuple[int, int, int, int]] = {}
    scopes = {}
    for loop_id, loop in loops.items():
        scopes[loop_id] = {"loop_id": loop_id, "loop_created_at": loop.created_at,
                           "lane": loop.lane, "level": loop.level, "owner_id": loop.owner_id,
                           "loop_month": loop.created_at.strftime("%Y-%m")}
    for loop_id, loop_cards in by_loop.items():
        loop = loops.get(loop_id)
        if loop is None:
            continue
        scope = scopes[loop_id]
        digest = figures.digest_loop(
            figures.LoopRow(id=loop_id, lane=loop.lane, level=loop.level,
                            candidate=loop.candidate_email.lower(), decision=loop.decision),
            [figures.CardRow(loop_id=loop_id, round=r.kind, interviewer_id=r.interviewer_id,
                             ratings=r.ratings or {}, recommendation=r.recommendation,
                             submitted_at=r.submitted_at, scheduled_at=r.scheduled_at,
                             observed=tuple(r.observed_flags or ()),
                             flag_decisions=r.flag_decisions or {}) for r in loop_cards])
        for row, card in zip(loop_cards, digest.cards, strict=True):
            card_rows.append({
                **scope, "scorecard_id": row.id, "round": card.round,
                "interviewer_id": card.interviewer_id, "rated_sum": card.rated_sum,
                "rated_count": card.rated_count, "criteria": card.criteria,
                "no_signal": card.no_signal, "recommendation": card.recommendation,
                "hours_to_submit": card.hours_to_submit, "on_time": card.on_time,
                "flags_raised": card.flags_raised, "flags_confirmed": card.flags_confirmed,
                "flags_dismissed": card.flags_dismissed, "agrees": card.agrees,
                "submitted_at": card.submitted_at, "scheduled_at": card.scheduled_at})
        for seat in digest.seats:
            seat_rows.append({
                **scope, "interviewer_id": seat.interviewer_id, "scorecards": seat.scorecards,
                "timed": seat.timed, "on_time": seat.on_time, "agreed": seat.agreed,
                "decided": seat.decided, "flags_raised": seat.flags_raised,
                "flags_confirmed": seat.flags_confirmed,
                "flags_dismissed": seat.flags_dismissed,
                **{f"own_{p}": n for p, n in zip(figures.RATING_POINTS, seat.own, strict=True)},
                **{f"panel_{p}": n for p, n in zip(figures.RATING_POINTS, seat.panel,
                                                   strict=True)},
                "leniency_total": seat.leniency or 0.0,
                "leniency_count": int(seat.leniency is not None),
                "strong_seats": int(seat.strong_yes),
                "strong_co_panel_total": (seat.co_panel_mean or 0.0) if seat.strong_yes else 0.0,
                "strong_co_panel_count": int(seat.strong_yes and seat.co_panel_mean is not None),
                "strong_card_total": seat.strong_card_total, "strong_cards": seat.strong_cards})
            touched.add((seat.interviewer_id, scope["loop_month"]))  # ...and are now
        for digest_round in digest.rounds:
            round_rows.append({
                **scope, "round": digest_round.round, "decision": loop.decision,
                **{f"rated_{p}": n for p, n in zip(figures.RATING_POINTS, digest_round.ratings,
                                                   strict=True)},
                "rating_sum": digest_round.rating_sum,
                "rating_count": digest_round.rating_count})
            round_ratings[(loop_id, digest_round.round)] = digest_round.ratings
    for loop_id, kind, question_id in uses:
        loop = loops[loop_id]
        if loop.published_at is None:
            continue  # a draft's plan still changes: the pages read it from the plan
        ratings = round_ratings.get((loop_id, kind), (0, 0, 0, 0))
        use_rows.append({
            **scopes[loop_id], "round": kind, "question_id": question_id,
            "candidate": loop.candidate_email.lower(), "decision": loop.decision,
            **{f"rated_{p}": n for p, n in zip(figures.RATING_POINTS, ratings, strict=True)},
            "rating_sum": sum(p * n for p, n in zip(figures.RATING_POINTS, ratings,
                                                    strict=True)),
            "rating_count": sum(ratings)})
    for model, values in ((ScorecardSummary, card_rows), (SeatSummary, seat_rows),
                          (RoundSummary, round_rows), (QuestionUseSummary, use_rows)):
        if values:
            session.execute(sa.insert(model), values)
    return len(card_rows)


def _refresh_months(session, touched: set[tuple[int, str]]) -> None:
    """Recompute the monthly rollups of the (interviewer, month) pairs given."""
    if not touched:
        return
    months = sorted({month for _, month in touched})
    people = sorted({person for person, _ in touched})
    # A superset of the pairs (every person in every month named) is recomputed whole:
    # simpler than matching pairs, and exact, since each key is rebuilt from its seats.
    for start in range(0, len(people), BATCH):
        group = people[start:start + BATCH]
        seat_key = (SeatSummary.loop_month.in_(months), SeatSummary.interviewer_id.in_(group))
        card_key = (ScorecardSummary.loop_month.in_(months),
                    ScorecardSummary.interviewer_id.in_(group))
        session.execute(sa.delete(SeatMonth).where(SeatMonth.month.in_(months),
                                                   SeatMonth.interviewer_id.in_(group)))
        session.execute(sa.delete(CalibrationMonth).where(
            CalibrationMonth.month.in_(months), CalibrationMonth.interviewer_id.in_(group)))
        totals = [sa.func.sum(getattr(SeatSummary, c)) for c in SEAT_TOTALS]
        session.execute(sa.insert(SeatMonth).from_select(
            ["interviewer_id", "month", "level", *SEAT_TOTALS],
            sa.select(SeatSummary.interviewer_id, SeatSummary.loop_month, SeatSummary.level,
                      *totals).where(*seat_key)
            .group_by(SeatSummary.interviewer_id, SeatSummary.loop_month, SeatSummary.level)))
        card = ScorecardSummary
        columns = ["interviewer_id", "month", "hours_to_submit", "criteria", "no_signal",
                   "scorecards"]
        session.execute(sa.insert(CalibrationMonth).from_select(columns, sa.select(
            card.interviewer_id, card.loop_month, card.hours_to_submit, sa.null(), sa.null(),
            sa.func.count()).where(*card_key, card.hours_to_submit.is_not(None))
            .group_by(card.interviewer_id, card.loop_month, card.hours_to_submit)))
        session.execute(sa.insert(CalibrationMonth).from_select(columns, sa.select(
            card.interviewer_id, card.loop_month, sa.null(), card.criteria, card.no_signal,
            sa.func.count()).where(*card_key)
            .group_by(card.interviewer_id, card.loop_month, card.criteria, card.no_signal)))
