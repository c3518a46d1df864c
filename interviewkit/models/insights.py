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
    loop_created_at: so.Mapped[datetime] = so.mapped_column(index=True)
    lane: so.Mapped[str] = so.mapped_column(sa.String(20))
    level: so.Mapped[str] = so.mapped_column(sa.String(20))
    owner_id: so.Mapped[int] = so.mapped_column(index=True)
    loop_month: so.Mapped[str] = so.mapped_column(sa.String(7))   # "2026-11": the rollup key


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
    leniency_total: so.Mapped[float] = so.mapped_column(sa.Float)
    leniency_count: so.Mapped[int]
    strong_seats: so.Mapped[int]
    strong_co_panel_total: so.Mapped[float] = so.mapped_column(sa.Float)
    strong_co_panel_count: so.Mapped[int]
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


class QuestionUseSummary(_LoopScope, db.Model):
    """One question planned into a round of a published loop, with the ratings that round
    was given and the loop's decision. (A draft loop's plan still changes; the insights
    read drafts' questions from the plans themselves.)"""

    __tablename__ = "question_use_summaries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round: so.Mapped[str] = so.mapped_column(sa.String(20))
    question_id: so.Mapped[str] = so.mapped_column(sa.String(80), index=True)
    candidate: so.Mapped[str] = so.mapped_column(sa.String(254))   # email, lower-cased
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    rated_1: so.Mapped[int]
    rated_2: so.Mapped[int]
    rated_3: so.Mapped[int]
    rated_4: so.Mapped[int]
    rating_sum: so.Mapped[int]
    rating_count: so.Mapped[int]


# The seat columns that add up: a month of seats sums to one SeatMonth row per interviewer
# and level with the same columns, so a page reads whole months from the rollup and only
# the days at the ends of its range from the seats.
SEAT_TOTALS = ("scorecards", "timed", "on_time", "agreed", "decided", "flags_raised",
               "flags_confirmed", "flags_dismissed", "own_1", "own_2", "own_3", "own_4",
               "panel_1", "panel_2", "panel_3", "panel_4", "leniency_total", "leniency_count",
               "strong_seats", "strong_co_panel_total", "strong_co_panel_count",
               "strong_card_total", "strong_cards")


class SeatMonth(db.Model):
    """The seats of one interviewer at one level in loops created in one month, added up."""

    __tablename__ = "seat_months"

    interviewer_id: so.Mapped[int] = so.mapped_column(primary_key=True)
    month: so.Mapped[str] = so.mapped_column(sa.String(7), primary_key=True)
    level: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)
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
    leniency_total: so.Mapped[float] = so.mapped_column(sa.Float)
    leniency_count: so.Mapped[int]
    strong_seats: so.Mapped[int]
    strong_co_panel_total: so.Mapped[float] = so.mapped_column(sa.Float)
    strong_co_panel_count: so.Mapped[int]
    strong_card_total: so.Mapped[float] = so.mapped_column(sa.Float)
    strong_cards: so.Mapped[int]


class CalibrationMonth(db.Model):
    """One month of an interviewer's scorecards, counted by time to submit (rows with hours)
    and by the criteria asked and left at "no signal" (rows with criteria): what a median
    and the no-signal rates need, without a row per scorecard."""

    __tablename__ = "calibration_months"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    interviewer_id: so.Mapped[int]
    month: so.Mapped[str] = so.mapped_column(sa.String(7))
    hours_to_submit: so.Mapped[float | None] = so.mapped_column(sa.Float)
    criteria: so.Mapped[str | None] = so.mapped_column(sa.Text)
    no_signal: so.Mapped[str | None] = so.mapped_column(sa.Text)
    scorecards: so.Mapped[int]

    __table_args__ = (sa.Index("ix_calibration_months_month", "month", "interviewer_id"),)
