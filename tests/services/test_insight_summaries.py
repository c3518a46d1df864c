"""The insight summaries: the figures read from them equal the figures computed from every
scorecard, and they change in the same transaction as the scorecards and decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from interviewkit.domain import insights as figures
from interviewkit.models import (
    Loop,
    QuestionUseSummary,
    Scorecard,
    ScorecardSummary,
    SeatMonth,
    SeatSummary,
    utcnow,
)
from interviewkit.services import debriefs
from interviewkit.services import scorecards as scorecard_service
from interviewkit.services.insight_summaries import (
    refresh_loops,
    refresh_summaries,
    summaries_missing,
)
from interviewkit.services.insights import Filters, load_figures, whole_months
from interviewkit.web.insights import tables
from tests.factories import UserFactory
from tests.services.insights_reference import load_rows
from tests.web._scoring import complete_content, published_loop, shipped_rubrics, submitted_card

pytestmark = pytest.mark.db

NOW = utcnow()
TODAY = NOW.date()


def _old_tables(viewer, filters: Filters) -> dict[str, tables.Table]:
    """The tables as the page built them before the summaries: from every scorecard."""
    rows = load_rows(viewer, filters)
    people = figures.interviewer_figures(rows.cards, rows.loops)
    if viewer.role not in ("admin", "recruiter", "hiring_manager"):
        people = {k: v for k, v in people.items() if k == viewer.id}
    built = [tables.interviewer_table(list(people.values()), rows.names),
             tables.no_signal_table(list(people.values()), rows.names),
             tables.level_table(list(people.values()), rows.names)]
    if viewer.role in ("admin", "recruiter", "hiring_manager"):
        built += [tables.question_table(figures.question_figures(rows.uses, rows.cards,
                                                                 rows.loops),
                                        rows.question_titles),
                  tables.loop_table(figures.loop_figures(list(rows.loops.values()),
                                                         rows.cards, rows.assignments, NOW))]
    return {t.key: t for t in built}


def _new_tables(viewer, filters: Filters) -> dict[str, tables.Table]:
    computed = load_figures(viewer, filters, NOW)
    people = computed.interviewers
    if viewer.role not in ("admin", "recruiter", "hiring_manager"):
        people = {k: v for k, v in people.items() if k == viewer.id}
    built = [tables.interviewer_table(list(people.values()), computed.names),
             tables.no_signal_table(list(people.values()), computed.names),
             tables.level_table(list(people.values()), computed.names)]
    if viewer.role in ("admin", "recruiter", "hiring_manager"):
        built += [tables.question_table(computed.questions, computed.question_titles),
                  tables.loop_table(computed.groups)]
    return {t.key: t for t in built}


def _assert_same(viewer, filters: Filters) -> dict[str, tables.Table]:
    old, new = _old_tables(viewer, filters), _new_tables(viewer, filters)
    assert old.keys() == new.keys()
    for key in old:
        # Cells are (value rounded to 4 places, text shown): what the page and CSV show.
        assert sorted(new[key].rows, key=repr) == sorted(old[key].rows, key=repr), key
    return new


def _ratings(kind: str, values: list[int | None], lane: str = "applied") -> dict:
    criteria = [c.id for c in shipped_rubrics().for_round(kind, lane).criteria]
    return {c: values[i % len(values)] for i, c in enumerate(criteria)}


@pytest.fixture
def world(session):
    """Thirty loops over eight months: two managers, a regular panel of four, ratings with
    "no signal", strong yeses at two levels, flags, every kind of decision, a one-rater
    loop, a draft loop, owed scorecards and loops on both sides of month ends."""
    alpha = UserFactory(role="hiring_manager", name="Alpha Manager")
    beta = UserFactory(role="hiring_manager", name="Beta Manager")
    panel = [UserFactory(name=f"Panelist {n}") for n in range(4)]
    admin = UserFactory(role="admin", name="Ada Admin")
    lanes, levels = ("applied", "research"), ("junior", "mid", "senior")
    decisions = ("hire", "no_hire", "hire_other_level", None)
    loops = []
    for n in range(30):
        lane, level = lanes[n % 2], levels[n % 3]
        a, b, c = panel[n % 4], panel[(n + 1) % 4], panel[(n + 2) % 4]
        loop = published_loop(owner=alpha if n % 3 else beta, lane=lane, level=level,
                              hours_from_now=-72 - n, candidate_name=f"Candidate {n}",
                              panel={"screen": [a, b], "coding": [c],
                                     "system_design": [a], "deep_dive": [b]})
        if n == 7:  # the same candidate again, later
            loop.candidate_email = loops[0].candidate_email.upper()
        # Spread over eight months, some on the first and last days of a month.
        created = datetime.combine(TODAY - timedelta(days=8 * n), datetime.min.time())
        loop.created_at = created.replace(day=1) if n % 5 == 0 else created
        base = 1 + (n * 7) % 4
        first = submitted_card(loop.round("screen"), a, recommendation="strong_yes"
                               if base >= 3 else "no",
                               ratings=_ratings("screen", [base, None, 4], lane))
        if n % 6:  # n % 6 == 0: a one-rater screen
            submitted_card(loop.round("screen"), b, recommendation="yes",
                           ratings=_ratings("screen", [max(1, base - 1), 3], lane))
        submitted_card(loop.round("coding"), c, rating=1 + n % 4,
                       recommendation="strong_yes" if n % 4 == 3 else "no",
                       observed=["no-tradeoffs"] if n % 5 == 1 else [])
        if n % 2:
            submitted_card(loop.round("system_design"), a, rating=2 + n % 3)
        first.submitted_at = loop.round("screen").scheduled_at + timedelta(
            hours=3 + (11 * n) % 40)
        decision = decisions[n % 4]
        if decision:
            loop.decision = decision
            loop.decision_level = "junior" if decision == "hire_other_level" else None
            loop.decided_at = NOW - timedelta(days=n % 9)
        loops.append(loop)
    refresh_loops(session, [loop.id for loop in loops])
    draft = published_loop(owner=alpha, candidate_name="Drafty")
    draft.published_at = None
    refresh_loops(session, [draft.id])
    session.commit()
    return {"admin": admin, "alpha": alpha, "beta": beta, "panel": panel, "loops": loops,
            "draft": draft}


RANGES = [Filters(TODAY - timedelta(days=365), TODAY),
          Filters(TODAY - timedelta(days=100), TODAY - timedelta(days=20)),
          Filters(TODAY - timedelta(days=365), TODAY, lane="research"),
          Filters(TODAY - timedelta(days=365), TODAY, level="mid"),
          Filters(TODAY - timedelta(days=3), TODAY)]


@pytest.mark.parametrize("filters", RANGES)
def test_the_summaries_give_the_figures_every_scorecard_gives(session, world, filters):
    _assert_same(world["admin"], filters)
    _assert_same(world["alpha"], filters)
    for person in world["panel"]:
        _assert_same(person, filters)


def test_the_world_exercises_what_the_summaries_must_get_right(session, world):
    new = _assert_same(world["admin"], RANGES[0])
    names = {row[0][0] for row in new["interviewers"].rows}
    assert {f"Panelist {n}" for n in range(4)} <= names
    assert any(row[3][0] for row in new["no-signal"].rows)           # a "no signal" counted
    assert len({row[1][0] for row in new["levels"].rows}) >= 2       # strong yes at 2 levels
    assert any(row[6][0] is not None for row in new["questions"].rows)  # separation shown
    assert any(row[8][0] for row in new["loops"].rows)                # owed scorecards
    months, edges = whole_months(*[datetime.combine(d, datetime.min.time())
                                   for d in (RANGES[0].start, RANGES[0].end)])
    assert months and edges                                          # rollups and edges
    assert session.scalar(sa.select(sa.func.count()).select_from(SeatMonth)) > 0


def test_a_rebuild_gives_the_same_summaries(session, world):
    before = _new_tables(world["admin"], RANGES[0])
    assert not summaries_missing(session)
    session.execute(sa.delete(SeatSummary))
    assert summaries_missing(session) is False  # counted by scorecard and by planned use
    session.execute(sa.delete(ScorecardSummary))
    assert summaries_missing(session)
    refresh_summaries(session)
    assert not summaries_missing(session)
    assert _new_tables(world["admin"], RANGES[0]) == before


def test_whole_months_split_a_range_into_months_and_ends():
    months, edges = whole_months(datetime(2026, 1, 15), datetime(2026, 4, 2))
    assert months == ["2026-02", "2026-03"]
    assert edges == [(datetime(2026, 1, 15), datetime(2026, 2, 1)),
                     (datetime(2026, 4, 1), datetime(2026, 4, 2))]
    assert whole_months(datetime(2026, 1, 1), datetime(2026, 2, 1)) == (["2026-01"], [])
    assert whole_months(datetime(2026, 1, 3), datetime(2026, 1, 20)) == (
        [], [(datetime(2026, 1, 3), datetime(2026, 1, 20))])
    assert whole_months(datetime(2025, 12, 1), datetime(2026, 1, 1)) == (["2025-12"], [])


# --- the same transaction ---------------------------------------------------------------------

def _summary_of(session, card_id):
    return session.execute(sa.select(ScorecardSummary).where(
        ScorecardSummary.scorecard_id == card_id)).scalar_one_or_none()


def test_a_submit_writes_its_summary_in_its_own_transaction(session):
    loop = published_loop(hours_from_now=-30)
    loop_round = loop.round("coding")
    person = loop_round.interviewers[0]
    session.commit()
    card = scorecard_service.submit(loop_round, person, scorecard_service.parse_draft(
        complete_content("coding", rating=4, recommendation="strong_yes")), 0)
    summary = _summary_of(session, card.id)
    assert summary is not None and summary.rated_sum > 0 and summary.on_time is False
    card_id = card.id
    session.rollback()  # a later step of the request failed: both go
    assert session.get(Scorecard, card_id) is None
    assert _summary_of(session, card_id) is None
    assert session.scalar(sa.select(sa.func.count()).select_from(SeatSummary)) == 0


def test_an_amendment_changes_the_summary_with_the_scorecard(session):
    loop = published_loop(hours_from_now=-30)
    loop_round = loop.round("coding")
    person = loop_round.interviewers[0]
    card = scorecard_service.submit(loop_round, person, scorecard_service.parse_draft(
        complete_content("coding", rating=2, recommendation="no")), 0)
    session.commit()
    before = _summary_of(session, card.id).rated_sum
    scorecard_service.amend(loop_round, person, scorecard_service.parse_draft(
        complete_content("coding", rating=4, recommendation="yes")), card.version)
    assert _summary_of(session, card.id).rated_sum == 2 * before
    session.rollback()
    assert _summary_of(session, card.id).rated_sum == before


def test_a_decision_reaches_agreement_and_question_uses_in_its_transaction(session):
    owner = UserFactory(role="hiring_manager")
    person = UserFactory()
    loop = published_loop(owner=owner, panel={k: [person] for k in (
        "screen", "coding", "system_design", "deep_dive")}, hours_from_now=-30)
    for loop_round in loop.rounds:
        submitted_card(loop_round, person, rating=4, recommendation="strong_yes")
    session.commit()

    def agreement():
        seat = session.execute(sa.select(SeatSummary).where(SeatSummary.loop_id == loop.id)
                               ).scalar_one()
        return seat.agreed, seat.decided

    assert agreement() == (0, 0)
    debriefs.decide(loop, owner, "hire", "Strong across the loop.")
    assert agreement() == (4, 4)
    uses = session.execute(sa.select(QuestionUseSummary.decision).where(
        QuestionUseSummary.loop_id == loop.id)).scalars().all()
    assert uses and set(uses) == {"hire"}
    session.rollback()
    assert session.get(Loop, loop.id).decision is None
    assert agreement() == (0, 0)


def test_a_draft_loops_plan_counts_as_uses_without_a_summary(session, world):
    draft_questions = {q.question_id for r in world["draft"].rounds for q in r.questions}
    assert not session.execute(sa.select(QuestionUseSummary).where(
        QuestionUseSummary.loop_id == world["draft"].id)).first()
    computed = load_figures(world["admin"], Filters(date(2000, 1, 1), TODAY), NOW)
    used = {q.question_id: q.uses for q in computed.questions}
    assert all(used[q] >= 1 for q in draft_questions)


def test_insights_refresh_rebuilds_what_was_lost_and_init_fills_a_gap(app, runner, world):
    with app.app_context():
        from interviewkit.extensions import db

        expected = db.session.scalar(sa.select(sa.func.count()).select_from(ScorecardSummary))
        db.session.execute(sa.delete(ScorecardSummary))
        db.session.execute(sa.delete(SeatMonth))
        db.session.commit()
    result = runner.invoke(args=["insights", "refresh"])
    assert result.exit_code == 0, result.output
    assert f"from {expected} submitted scorecards" in result.output
    with app.app_context():
        from interviewkit.extensions import db

        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(ScorecardSummary)) == expected
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SeatMonth)) > 0
        db.session.execute(sa.delete(ScorecardSummary))
        db.session.commit()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert f"Built the insight summaries of {expected} submitted scorecards" in result.output
    assert "insight summaries" not in runner.invoke(args=["init"]).output
