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
from ..models import Loop, LoopRound, RoundSummary, Scorecard, ScorecardSummary, SeatSummary

SUMMARY_TABLES = (ScorecardSummary, SeatSummary, RoundSummary)
# Loops digested per batch: bounds the IN lists and the rows held in memory.
BATCH = 500


def refresh_loops(session, loop_ids: Iterable[int]) -> int:
    """Recompute the summary rows of the given loops; return how many scorecards they hold."""
    ids = sorted({int(i) for i in loop_ids if i is not None})
    cards = 0
    for start in range(0, len(ids), BATCH):
        cards += _refresh_batch(session, ids[start:start + BATCH])
    return cards


def refresh_summaries(session) -> int:
    """Rebuild every summary row from the scorecards; return how many scorecards it read."""
    for model in SUMMARY_TABLES:
        session.execute(sa.delete(model))
    loop_ids = session.execute(
        sa.select(LoopRound.loop_id).join(Scorecard, Scorecard.round_id == LoopRound.id)
        .where(Scorecard.status == "submitted").distinct()).scalars().all()
    return refresh_loops(session, loop_ids)


def summaries_missing(session) -> bool:
    """Whether some submitted scorecard has no summary (a database from before them)."""
    submitted = session.execute(sa.select(sa.func.count()).select_from(Scorecard).where(
        Scorecard.status == "submitted")).scalar()
    summarised = session.execute(
        sa.select(sa.func.count()).select_from(ScorecardSummary)).scalar()
    return submitted != summarised


def _refresh_batch(session, loop_ids: list[int]) -> int:
    session.flush()  # the facts this reads may still sit in the session
    for model in SUMMARY_TABLES:
        session.execute(sa.delete(model).where(model.loop_id.in_(loop_ids)))
    loops = {r.id: r for r in session.execute(
        sa.select(Loop.id, Loop.lane, Loop.level, Loop.candidate_email, Loop.decision,
                  Loop.decision_level, Loop.decided_at, Loop.created_at, Loop.owner_id)
        .where(Loop.id.in_(loop_ids))).all()}
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
    card_rows, seat_rows, round_rows = [], [], []
    for loop_id, loop_cards in by_loop.items():
        loop = loops.get(loop_id)
        if loop is None:
            continue
        scope = {"loop_id": loop_id, "loop_created_at": loop.created_at, "lane": loop.lane,
                 "level": loop.level, "owner_id": loop.owner_id}
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
                "leniency": seat.leniency, "strong_yes": seat.strong_yes,
                "co_panel_mean": seat.co_panel_mean,
                "strong_card_total": seat.strong_card_total, "strong_cards": seat.strong_cards})
        for digest_round in digest.rounds:
            round_rows.append({
                **scope, "round": digest_round.round, "decision": loop.decision,
                **{f"rated_{p}": n for p, n in zip(figures.RATING_POINTS, digest_round.ratings,
                                                   strict=True)},
                "rating_sum": digest_round.rating_sum,
                "rating_count": digest_round.rating_count})
    for model, values in ((ScorecardSummary, card_rows), (SeatSummary, seat_rows),
                          (RoundSummary, round_rows)):
        if values:
            session.execute(sa.insert(model), values)
    return len(card_rows)
