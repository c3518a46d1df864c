"""Planning, re-planning, staffing and publishing loops against the real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from interviewkit.domain import catalog
from interviewkit.domain.planner import question_budget
from interviewkit.extensions import db
from interviewkit.models import AuditEntry, BankQuestion, Loop, utcnow
from interviewkit.services import loops
from interviewkit.services.loops import LoopError, LoopFilters, LoopIntake
from tests.factories import ScorecardFactory, UserFactory

pytestmark = pytest.mark.db

LATER = datetime(2031, 3, 4, 10, 0)


def intake(email: str = "ada@example.net", **fields) -> LoopIntake:
    values = dict(candidate_name="Ada Lovelace", candidate_email=email,
                  role_title="ML Engineer", lane="applied", level="senior",
                  deployment_target="realtime_api")
    values.update(fields)
    return LoopIntake(**values)


@pytest.fixture
def manager(session):
    return UserFactory(role="hiring_manager")


@pytest.fixture
def interviewer(session):
    return UserFactory(role="interviewer")


def question_ids(loop: Loop) -> list[str]:
    return [q.question_id for r in loop.rounds for q in r.questions]


def staff(loop: Loop, person, when: datetime = LATER) -> None:
    for kind in catalog.ROUND_IDS:
        loops.assign_interviewers(loop, kind, [person.id], when)


def audit_actions(loop: Loop) -> list[str]:
    return list(db.session.execute(
        db.select(AuditEntry.action).where(AuditEntry.entity_type == "loop",
                                           AuditEntry.entity_id == str(loop.id))
        .order_by(AuditEntry.id)).scalars())


def test_draft_loop_stores_rounds_questions_reasons_and_versions(manager):
    loop = loops.create_draft_loop(manager, intake(candidate_email=" Ada@Example.NET "))
    assert loop.status == "draft" and loop.published_at is None
    assert loop.candidate_email == "ada@example.net"
    assert [r.kind for r in loop.rounds] == list(catalog.ROUND_IDS)
    versions = dict(db.session.execute(db.select(BankQuestion.id, BankQuestion.version)).all())
    for loop_round in loop.rounds:
        assert loop_round.questions, loop_round.kind
        assert sum(q.minutes for q in loop_round.questions) <= question_budget(loop_round.minutes)
        for position, question in enumerate(loop_round.questions):
            assert question.position == position
            assert question.reason.endswith(".")
            assert question.question_version == versions[question.question_id]
    assert len(set(question_ids(loop))) == len(question_ids(loop))
    assert audit_actions(loop) == ["loop.create"]


def test_planning_excludes_questions_the_candidate_saw_in_a_published_loop(manager,
                                                                           interviewer):
    first = loops.create_draft_loop(manager, intake())
    staff(first, interviewer)
    loops.publish(first, manager)
    seen = set(question_ids(first))

    second = loops.create_draft_loop(manager, intake(candidate_email="ADA@example.net"))

    assert seen.isdisjoint(question_ids(second))
    assert set(second.excluded_question_ids) == seen
    # Swapping never offers them back either.
    screen = second.round("screen")
    options = loops.swap_options(second, "screen", screen.questions[0].question_id, limit=50)
    assert seen.isdisjoint(o.id for o in options)


def test_a_draft_loop_does_not_exclude_anything(manager):
    first = loops.create_draft_loop(manager, intake())
    second = loops.create_draft_loop(manager, intake())
    assert second.excluded_question_ids == []
    assert question_ids(second) == question_ids(first)


def test_publish_counts_each_question_once_and_schedules(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer)
    before = dict(db.session.execute(db.select(BankQuestion.id, BankQuestion.times_used)).all())

    loops.publish(loop, manager)

    after = dict(db.session.execute(db.select(BankQuestion.id, BankQuestion.times_used)).all())
    used = set(question_ids(loop))
    assert {qid for qid in after if after[qid] != before[qid]} == used
    assert all(after[qid] == before[qid] + 1 for qid in used)
    assert loop.published_at is not None and loop.status == "scheduled"
    assert audit_actions(loop)[-1] == "loop.publish"


def test_published_usage_makes_the_next_plan_rotate(manager, interviewer):
    first = loops.create_draft_loop(manager, intake(email="one@example.net"))
    staff(first, interviewer)
    loops.publish(first, manager)
    second = loops.create_draft_loop(manager, intake(email="two@example.net"))
    used = set(question_ids(first))
    # Same intake and seed, but the used questions now rank below fresh equals.
    assert question_ids(second) != question_ids(first)
    for loop_round in second.rounds:
        for question in loop_round.questions:
            said_used = "used in 1 earlier loop" in question.reason
            assert said_used == (question.question_id in used), question.reason


def test_publish_needs_a_panel_and_a_time_for_every_round(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    loops.assign_interviewers(loop, "screen", [interviewer.id], LATER)
    loops.assign_interviewers(loop, "coding", [interviewer.id], None)
    with pytest.raises(LoopError) as error:
        loops.publish(loop, manager)
    message = str(error.value)
    assert "ML system design needs at least one interviewer" in message
    assert "Production-style coding needs a date and time" in message
    assert loop.published_at is None and loop.status == "draft"
    assert db.session.execute(db.select(BankQuestion.times_used).where(
        BankQuestion.times_used > 0)).first() is None


def test_swap_keeps_the_plan_valid(manager):
    loop = loops.create_draft_loop(manager, intake())
    screen = loop.round("screen")
    old = screen.questions[0]
    old_id, position = old.question_id, old.position
    options = loops.swap_options(loop, "screen", old_id)
    assert options and all(o.reason for o in options)
    new_id = options[-1].id

    loops.swap_question(loop, "screen", old_id, new_id)

    ids = [q.question_id for q in screen.questions]
    assert ids[position] == new_id and old_id not in ids
    assert len(set(question_ids(loop))) == len(question_ids(loop))
    assert sum(q.minutes for q in screen.questions) <= question_budget(screen.minutes)
    row = db.session.get(BankQuestion, new_id)
    swapped = screen.questions[position]
    assert swapped.question_version == row.version and swapped.minutes == row.minutes
    assert swapped.reason
    assert audit_actions(loop)[-1] == "loop.swap"


def test_swap_refuses_a_question_that_cannot_take_the_slot(manager):
    loop = loops.create_draft_loop(manager, intake())
    screen_ids = [q.question_id for q in loop.round("screen").questions]
    design_id = loop.round("system_design").questions[0].question_id
    with pytest.raises(LoopError):
        loops.swap_question(loop, "screen", screen_ids[0], design_id)
    if len(screen_ids) > 1:
        with pytest.raises(LoopError):
            loops.swap_question(loop, "screen", screen_ids[0], screen_ids[1])
    with pytest.raises(LookupError):
        loops.swap_options(loop, "screen", "no-such-question")
    assert [q.question_id for q in loop.round("screen").questions] == screen_ids


def test_regenerate_uses_the_next_seed_and_is_deterministic(manager):
    loop = loops.create_draft_loop(manager, intake())
    twin = loops.create_draft_loop(manager, intake(email="twin@example.net"))
    loops.regenerate(loop)
    loops.regenerate(twin, seed=1)
    assert loop.seed == 1
    assert question_ids(loop) == question_ids(twin)


def test_round_minutes_replan_within_the_new_budget(manager):
    loop = loops.create_draft_loop(manager, intake())
    loops.set_round_minutes(loop, {"system_design": 30})
    design = loop.round("system_design")
    assert design.minutes == 30
    assert sum(q.minutes for q in design.questions) <= question_budget(30)
    with pytest.raises(LoopError, match="15 to 180"):
        loops.set_round_minutes(loop, {"coding": 5})
    assert loop.round("coding").minutes == 60


def test_replanning_is_refused_after_publish(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer)
    loops.publish(loop, manager)
    planned = question_ids(loop)
    screen_first = loop.round("screen").questions[0].question_id
    for attempt in (lambda: loops.regenerate(loop),
                    lambda: loops.set_round_minutes(loop, {"screen": 60}),
                    lambda: loops.swap_options(loop, "screen", screen_first),
                    lambda: loops.swap_question(loop, "screen", screen_first, "x"),
                    lambda: loops.publish(loop, manager)):
        with pytest.raises(LoopError):
            attempt()
    assert question_ids(loop) == planned


def test_panel_changes_after_publish_are_allowed_and_audited(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer)
    loops.publish(loop, manager)
    other = UserFactory(role="hiring_manager")
    loops.assign_interviewers(loop, "coding", [interviewer.id, other.id], LATER, actor=manager)
    assert {u.id for u in loop.round("coding").interviewers} == {interviewer.id, other.id}
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc())).scalar()
    assert entry.action == "loop.assign" and entry.actor_id == manager.id
    assert entry.before["interviewers"] == [interviewer.id]


def test_panel_takes_only_active_interviewers(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    recruiter = UserFactory(role="recruiter")
    gone = UserFactory(role="interviewer", active=False)
    for ids in ([recruiter.id], [gone.id], [999999]):
        with pytest.raises(LoopError):
            loops.assign_interviewers(loop, "screen", ids, LATER)
    assert loop.round("screen").interviewers == []


def test_an_interviewer_with_a_scorecard_stays_on_the_panel(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer, utcnow() - timedelta(hours=1))
    loops.publish(loop, manager)
    assert loop.status == "in_progress"
    ScorecardFactory(round=loop.round("screen"), interviewer=interviewer)
    other = UserFactory(role="interviewer")
    with pytest.raises(LoopError, match="already started a scorecard"):
        loops.assign_interviewers(loop, "screen", [other.id], LATER)


def test_loops_for_scopes_managers_to_their_own_and_filters(manager):
    mine = loops.create_draft_loop(manager, intake(candidate_name="Grace Hopper",
                                                   email="grace@example.net"))
    research = loops.create_draft_loop(manager, intake(candidate_name="Alan Turing",
                                                       email="alan@example.net",
                                                       lane="research", level="mid"))
    someone_else = UserFactory(role="hiring_manager")
    theirs = loops.create_draft_loop(someone_else, intake(email="x@example.net"))
    recruiter = UserFactory(role="recruiter")

    assert {lp.id for lp in loops.loops_for(manager)} == {mine.id, research.id}
    assert {lp.id for lp in loops.loops_for(recruiter)} == {mine.id, research.id, theirs.id}
    assert [lp.id for lp in loops.loops_for(recruiter, LoopFilters(owner_id=someone_else.id))] \
        == [theirs.id]
    assert [lp.id for lp in loops.loops_for(manager, LoopFilters(lane="research"))] \
        == [research.id]
    assert [lp.id for lp in loops.loops_for(manager, LoopFilters(level="senior"))] == [mine.id]
    assert [lp.id for lp in loops.loops_for(manager, LoopFilters(search="HOPPER"))] == [mine.id]
    assert [lp.id for lp in loops.loops_for(manager, LoopFilters(search="alan@"))] \
        == [research.id]
    assert loops.loops_for(manager, LoopFilters(search="%")) == []
    assert loops.loops_for(manager, LoopFilters(status="scheduled")) == []


def test_unknown_intake_values_are_refused(manager):
    with pytest.raises(LoopError, match="lane"):
        loops.create_draft_loop(manager, intake(lane="astrology"))
    with pytest.raises(LoopError, match="deployment target"):
        loops.create_draft_loop(manager, intake(deployment_target="mainframe"))
    assert db.session.execute(db.select(Loop)).first() is None


def test_a_round_with_a_submitted_scorecard_cannot_be_restaffed(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    held = utcnow() - timedelta(hours=2)
    staff(loop, interviewer, held)
    loops.publish(loop, manager)
    ScorecardFactory(round=loop.round("screen"), interviewer=interviewer, status="submitted",
                     submitted_at=utcnow())
    stand_in = UserFactory(role="interviewer", name="Tomás Ruiz")
    with pytest.raises(LoopError, match="Tomás Ruiz did not interview"):
        loops.assign_interviewers(loop, "screen", [interviewer.id, stand_in.id],
                                  loop.round("screen").scheduled_at, actor=manager)
    with pytest.raises(LoopError, match="time can no longer change"):
        loops.assign_interviewers(loop, "screen", [interviewer.id], LATER, actor=manager)
    assert [u.id for u in loop.round("screen").interviewers] == [interviewer.id]
    # Saving the panel unchanged still works (the one-form panel page re-sends every round).
    loops.assign_interviewers(loop, "screen", [interviewer.id],
                              loop.round("screen").scheduled_at, actor=manager)


def test_a_round_with_only_draft_scorecards_can_take_another_interviewer(manager, interviewer):
    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer, utcnow() - timedelta(hours=1))
    loops.publish(loop, manager)
    ScorecardFactory(round=loop.round("screen"), interviewer=interviewer)
    other = UserFactory(role="interviewer")
    loops.assign_interviewers(loop, "screen", [interviewer.id, other.id], LATER)
    assert len(loop.round("screen").interviewers) == 2


def test_a_cancelled_loop_takes_no_scorecards_and_owes_none(manager, interviewer):
    from interviewkit.services import scorecards
    from interviewkit.services.scorecards import Draft, Locked

    loop = loops.create_draft_loop(manager, intake())
    staff(loop, interviewer, utcnow() - timedelta(hours=3))
    loops.publish(loop, manager)
    assert [a.group for a in scorecards.assignments(interviewer)] == ["owed"] * 4
    with pytest.raises(LoopError, match="Say why"):
        loops.cancel(loop, manager, "   ")
    loops.cancel(loop, manager, "The role was closed.")
    assert loop.status == "cancelled"
    assert scorecards.assignments(interviewer) == []
    with pytest.raises(Locked, match="cancelled"):
        scorecards.save_draft(loop.round("screen"), interviewer, Draft(), 0)
    with pytest.raises(LoopError, match="cancelled"):
        loops.assign_interviewers(loop, "screen", [interviewer.id], LATER)
    assert "loop.cancel" in audit_actions(loop)


def test_loops_awaiting_a_decision_lead_the_list(manager):
    older = loops.create_draft_loop(manager, intake(candidate_name="Old Waiting",
                                                    email="old@example.net"))
    newer = loops.create_draft_loop(manager, intake(candidate_name="New Draft",
                                                    email="new@example.net"))
    newest = loops.create_draft_loop(manager, intake(candidate_name="Newest Draft",
                                                     email="newest@example.net"))
    older.created_at = utcnow() - timedelta(days=3)
    newer.created_at = utcnow() - timedelta(days=2)
    newest.created_at = utcnow() - timedelta(days=1)
    interviewer = UserFactory(role="interviewer")
    staff(older, interviewer, utcnow() - timedelta(hours=2))
    loops.publish(older, manager)
    for loop_round in older.rounds:
        ScorecardFactory(round=loop_round, interviewer=interviewer, status="submitted",
                         submitted_at=utcnow())
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Loop, older.id).status == "awaiting_debrief"
    assert [lp.id for lp in loops.loops_for(manager)] == [older.id, newest.id, newer.id]
