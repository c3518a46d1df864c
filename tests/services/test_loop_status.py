"""A loop's status is derived from facts on read, and SQL filters apply the same rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interviewkit.models import Loop, utcnow
from interviewkit.services import debriefs
from tests.factories import LoopFactory, ScorecardFactory, UserFactory
from tests.web._scoring import published_loop, submitted_card

pytestmark = pytest.mark.db


def _sql_statuses(session, loops) -> dict[int, str]:
    ids = [loop.id for loop in loops]
    return dict(session.execute(session.query(Loop.id, Loop.status)
                                .filter(Loop.id.in_(ids)).statement).all())


def test_each_status_follows_from_the_facts_in_python_and_in_sql(session):
    owner = UserFactory(role="hiring_manager")
    draft = LoopFactory(owner=owner)
    scheduled = published_loop(owner=owner, hours_from_now=48)
    started = published_loop(owner=owner, hours_from_now=48)
    ScorecardFactory(round_id=started.round("coding").id,
                     interviewer_id=started.round("coding").interviewers[0].id, status="draft")
    under_way = published_loop(owner=owner, hours_from_now=-0.5)  # first interview began
    complete = published_loop(owner=owner, hours_from_now=-48)
    for loop_round in complete.rounds:
        submitted_card(loop_round, loop_round.interviewers[0])
    decided = published_loop(owner=owner, hours_from_now=-48)
    for loop_round in decided.rounds:
        submitted_card(loop_round, loop_round.interviewers[0])
    # Someone taken off a round after starting does not count towards it.
    stranger = published_loop(owner=owner, hours_from_now=48)
    ScorecardFactory(round_id=stranger.round("screen").id,
                     interviewer_id=UserFactory().id, status="submitted")
    session.flush()
    session.expire_all()
    debriefs.decide(decided, owner, "hire", "Strong evidence in every round.")
    session.flush()
    expected = {draft.id: "draft", scheduled.id: "scheduled", started.id: "in_progress",
                under_way.id: "in_progress", complete.id: "awaiting_debrief",
                decided.id: "decided", stranger.id: "scheduled"}
    loops = [draft, scheduled, started, under_way, complete, decided, stranger]
    assert {loop.id: loop.status for loop in loops} == expected
    assert _sql_statuses(session, loops) == expected
    for status in set(expected.values()):
        found = session.execute(session.query(Loop.id).filter(
            Loop.status == status, Loop.id.in_(expected)).statement).scalars().all()
        assert sorted(found) == sorted(i for i, s in expected.items() if s == status), status


def test_a_loop_is_in_progress_once_its_first_interview_time_has_passed(session):
    loop = published_loop(hours_from_now=48)
    session.flush()
    assert loop.status == "scheduled"
    first = min(loop.rounds, key=lambda r: r.scheduled_at)
    first.scheduled_at = utcnow() - timedelta(minutes=1)
    session.flush()
    assert loop.status == "in_progress"
    assert _sql_statuses(session, [loop]) == {loop.id: "in_progress"}
