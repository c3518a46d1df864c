"""The demo's generated season: deterministic, idempotent, and enough for every figure."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from interviewkit.models import Loop, Scorecard
from interviewkit.services.demo import seed_demo
from interviewkit.services.insights import Filters, load_figures
from interviewkit.services.insights_season import (
    DEMO_SEASON_LOOPS,
    SEASON_EMAIL_DOMAIN,
    SeasonSpec,
    season_rows,
)
from interviewkit.services.users import find_by_email

pytestmark = pytest.mark.db


def _spec(**kw):
    base = dict(loops=30, interviewers=[1, 2, 3], biases={1: 0.5}, owners=[9],
                questions={k: ["a", "b"] for k in ("screen", "system_design", "coding",
                                                    "deep_dive")},
                criteria={k: ["x", "y"] for k in ("screen", "system_design", "coding",
                                                  "deep_dive")},
                anchor=datetime(2026, 12, 1))
    base.update(kw)
    return SeasonSpec(**base)


def test_the_same_seed_gives_the_same_season():
    ids = {"loops": 1, "rounds": 1, "questions": 1, "cards": 1}
    assert season_rows(_spec(), ids) == season_rows(_spec(), ids)
    assert season_rows(_spec(), ids) != season_rows(_spec(seed=7), ids)


def test_demo_adds_a_season_once_and_every_chart_has_data(session):
    seed_demo()
    session.commit()
    season = session.scalar(sa.select(sa.func.count()).select_from(Loop).where(
        Loop.candidate_email.like(f"%@{SEASON_EMAIL_DOMAIN}")))
    assert season == DEMO_SEASON_LOOPS
    cards = session.scalar(sa.select(sa.func.count()).select_from(Scorecard))
    seed_demo()
    assert session.scalar(sa.select(sa.func.count()).select_from(Scorecard)) == cards

    admin = find_by_email("admin@example.com")
    today = datetime.utcnow().date()
    computed = load_figures(admin, Filters(today.replace(year=today.year - 1), today),
                            datetime.utcnow())
    people = computed.interviewers
    ines, ravi = find_by_email("interviewer@example.com"), find_by_email("interviewer2@example.com")
    assert people[ines.id].leniency > 0 > people[ravi.id].leniency
    assert people[ines.id].leniency_candidates >= 20
    questions = computed.questions
    assert any(not q.separation_hidden and q.separation and q.separation > 0.3
               for q in questions)
    assert any(q.review_reasons for q in questions)
    groups = computed.groups
    assert sum(g.decided for g in groups) >= DEMO_SEASON_LOOPS
    assert any(g.hire_rate for g in groups)


def test_ordinary_inserts_after_a_season_get_fresh_ids(session):
    """The season picks its own ids; the next loop, round, question and scorecard a person
    creates must not collide with them (PostgreSQL's sequences do not see explicit ids)."""
    from tests.web._scoring import published_loop

    seed_demo()
    session.commit()
    highest = session.scalar(sa.select(sa.func.max(Loop.id)))
    loop = published_loop(candidate_name="After the season", hours_from_now=24)
    session.commit()
    assert loop.id > highest
    assert all(card_round.id for card_round in loop.rounds)
