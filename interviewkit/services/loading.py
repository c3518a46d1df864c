"""One loader for a loop with everything its pages read, in a fixed number of queries."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Loop, LoopQuestion, LoopRound, Scorecard

# A loop's owner and decider, its rounds with their panels, pinned questions and scorecards
# (with their authors): each relationship one SELECT ... IN, however big the loop.
LOOP_GRAPH = (
    so.selectinload(Loop.owner),
    so.selectinload(Loop.decided_by),
    so.selectinload(Loop.rounds).selectinload(LoopRound.interviewers),
    so.selectinload(Loop.rounds).selectinload(LoopRound.questions)
    .selectinload(LoopQuestion.question),
    so.selectinload(Loop.rounds).selectinload(LoopRound.scorecards)
    .selectinload(Scorecard.interviewer),
)


def loops_with_graph() -> sa.Select:
    """Return a select of loops that loads the whole graph the pages read."""
    return db.select(Loop).options(*LOOP_GRAPH)


def load_loop(loop_id: int) -> Loop | None:
    """Return a loop with its rounds, panels, pinned questions and scorecards, or None."""
    loop = db.session.execute(
        loops_with_graph().where(Loop.id == loop_id)).scalar_one_or_none()
    return _linked(loop) if loop is not None else None


def _linked(loop: Loop) -> Loop:
    # Loading a collection does not fill in each child's way back to its parent; set it, so
    # reading round.loop or card.round never queries (and the graph stays referenced).
    for loop_round in loop.rounds:
        set_committed_value(loop_round, "loop", loop)
        for card in loop_round.scorecards:
            set_committed_value(card, "round", loop_round)
        for question in loop_round.questions:
            set_committed_value(question, "round", loop_round)
    return loop


def load_round(round_id: int) -> LoopRound | None:
    """Return a round whose loop is loaded with the whole graph, or None."""
    loop = db.session.execute(loops_with_graph().where(
        Loop.id == sa.select(LoopRound.loop_id).where(LoopRound.id == round_id)
        .scalar_subquery())).scalar_one_or_none()
    if loop is None:
        return None
    return next(r for r in _linked(loop).rounds if r.id == round_id)


def load_round_for_write(round_id: int) -> LoopRound | None:
    """Return a round with its loop and panel, in one query: what a scorecard write reads."""
    return db.session.execute(db.select(LoopRound).where(LoopRound.id == round_id).options(
        so.joinedload(LoopRound.loop), so.selectinload(LoopRound.interviewers))
    ).scalar_one_or_none()
