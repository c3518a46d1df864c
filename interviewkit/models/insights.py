"""Insight summaries: each submitted scorecard, seat and round, pre-digested for the figures.

Written by services/insight_summaries.py in the same transaction as the scorecard or decision
that changes them, never edited by hand: `interviewkit insights refresh` rebuilds them all.
The loop's created time, lane, level and owner are copied in (they never change once a loop
has scorecards), so the insights pages filter and add up these narrow rows alone.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..extensions import db


class _LoopScope:
    """The loop facts every summary row is filtered by."""

    loop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("loops.id", ondelete="CASCADE"), index=True)
    loop_created_at: so.Mapped[datetime]
    lane: so.Mapped[str] = so.mapped_column(sa.String(20))
    level: so.Mapped[str] = so.mapped_column(sa.String(20))
    owner_id: so.Mapped[int]


class ScorecardSummary(_LoopScope, db.Model):
    """One submitted scorecard, reduced to what the calibration figures count."""

    __tablename__ = "scorecard_summaries"

    scorecard_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True)
    round: so.Mapped[str] = so.mapped_column(sa.String(20))
    interviewer_id: so.Mapped[int] = so.mapped_column(index=True)
    rated_sum: so.Mapped[int]
    rated_count: so.Mapped[int]
    criteria: so.Mapped[str] = so.mapped_column(sa.Text)
    no_signal: so.Mapped[str] = so.mapped_column(sa.Text)
    recommendation: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    hours_to_submit: so.Mapped[float | None] = so.mapped_column(sa.Float)
    on_time: so.Mapped[bool | None]
    flags_raised: so.Mapped[int]
    flags_confirmed: so.Mapped[int]
    flags_dismissed: so.Mapped[int]
    agrees: so.Mapped[bool | None]
    submitted_at: so.Mapped[datetime | None]
    scheduled_at: so.Mapped[datetime | None]


class SeatSummary(_LoopScope, db.Model):
    """One interviewer's scorecards on one loop, beside everyone else's on it."""

    __tablename__ = "seat_summaries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    interviewer_id: so.Mapped[int] = so.mapped_column(index=True)
    scorecards: so.Mapped[int]
    timed: so.Mapped[int]
    on_time: so.Mapped[int]
    agreed: so.Mapped[int]
    decided: so.Mapped[int]
    flags_raised: so.Mapped[int]
    flags_confirmed: so.Mapped[int]
    flags_dismissed: so.Mapped[int]
    own_1: so.Mapped[int]
    own_2: so.Mapped[int]
    own_3: so.Mapped[int]
    own_4: so.Mapped[int]
    panel_1: so.Mapped[int]
    panel_2: so.Mapped[int]
    panel_3: so.Mapped[int]
    panel_4: so.Mapped[int]
    leniency: so.Mapped[float | None] = so.mapped_column(sa.Float)
    strong_yes: so.Mapped[bool]
    co_panel_mean: so.Mapped[float | None] = so.mapped_column(sa.Float)
    strong_card_total: so.Mapped[float] = so.mapped_column(sa.Float)
    strong_cards: so.Mapped[int]

    __table_args__ = (sa.UniqueConstraint("loop_id", "interviewer_id",
                                          name="uq_seat_summaries_loop_interviewer"),)


class RoundSummary(_LoopScope, db.Model):
    """One round of one loop: every rating its submitted scorecards gave, and the decision."""

    __tablename__ = "round_summaries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round: so.Mapped[str] = so.mapped_column(sa.String(20))
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    rated_1: so.Mapped[int]
    rated_2: so.Mapped[int]
    rated_3: so.Mapped[int]
    rated_4: so.Mapped[int]
    rating_sum: so.Mapped[int]
    rating_count: so.Mapped[int]

    __table_args__ = (sa.UniqueConstraint("loop_id", "round",
                                          name="uq_round_summaries_loop_round"),)
