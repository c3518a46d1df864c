"""The demo seed: loops in every status, a debrief worth opening, and idempotent."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from interviewkit.models import AuditEntry, Loop, Scorecard, User
from interviewkit.services.debriefs import load_debrief
from interviewkit.services.demo import DEMO_USERS, seed_demo
from interviewkit.services.insights_season import SEASON_COLLEAGUES
from interviewkit.services.scorecards import assignments
from interviewkit.services.users import find_by_email

pytestmark = pytest.mark.db


def _count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_has_loops_in_every_status(session):
    assert seed_demo() is True
    session.commit()
    statuses = {loop.candidate_name: loop.status
                for loop in session.scalars(sa.select(Loop))}
    assert set(statuses.values()) == {"draft", "scheduled", "in_progress", "awaiting_debrief",
                                      "decided"}
    assert statuses["Zoë Lefèvre"] == "awaiting_debrief"


def test_the_debrief_demo_has_every_scorecard_flags_and_a_disagreement(session):
    seed_demo()
    loop = session.scalars(sa.select(Loop).filter_by(
        candidate_email="zoe.lefevre@example.net")).one()
    debrief = load_debrief(loop)
    assert debrief.submitted_count == 5 and not debrief.missing
    assert any(r.round == "system_design" and len(r.scorecards) == 2 for r in debrief.rounds)
    assert debrief.disagreements
    assert debrief.flags["blocking"] or debrief.flags["concern"]
    assert debrief.dismissed and all(d.reason for d in debrief.dismissed)
    assert debrief.level_signal is not None and debrief.level_signal.differs
    assert debrief.tally["yes"] and debrief.tally["no"]


def test_the_demo_interviewer_has_an_upcoming_round_with_no_scorecard(session):
    seed_demo()
    ines = find_by_email("interviewer@example.com")
    mine = assignments(ines)
    assert mine[0].group == "upcoming" and mine[0].state == "not_started"
    assert {a.group for a in mine} == {"upcoming", "owed", "submitted"}


def test_the_demo_seed_is_idempotent(session):
    seed_demo()
    session.commit()
    counts = (_count(session, User), _count(session, Loop), _count(session, Scorecard),
              _count(session, AuditEntry))
    assert seed_demo() is False
    session.commit()
    assert (_count(session, User), _count(session, Loop), _count(session, Scorecard),
            _count(session, AuditEntry)) == counts
    # The generated season adds former panelists who cannot sign in.
    assert counts[0] == len(DEMO_USERS) + len(SEASON_COLLEAGUES)


def test_a_name_with_accents_survives(session):
    seed_demo()
    names = {u.name for u in session.scalars(sa.select(User))}
    assert "Tomás Álvarez" in names
