"""The debrief, scorecard and kit pages and an autosave each run a fixed number of queries."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from interviewkit.extensions import db
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.web._scoring import complete_content, published_loop, submitted_card

pytestmark = pytest.mark.db

# The counts include loading the signed-in user and checking their session row. A change
# that adds a query per scorecard, round or question shows up here as a count that grows
# with the loop.
EXPECTED = {"debrief": 9, "scorecard": 9, "kit": 9, "autosave": 7}


def _world(app, panel_size: int) -> dict:
    with app.app_context():
        owner = UserFactory(role="hiring_manager")
        me = UserFactory()
        panel = {kind: [me] + [UserFactory() for _ in range(panel_size - 1)]
                 for kind in ("screen", "system_design", "coding", "deep_dive")}
        loop = published_loop(owner=owner, panel=panel)
        for loop_round in loop.rounds:
            for person in loop_round.interviewers:
                submitted_card(loop_round, person)
        # My own design round stays a draft, so the page is in edit mode.
        design = loop.round("system_design")
        mine = next(c for c in design.scorecards if c.interviewer_id == me.id)
        mine.status, mine.submitted_at = "draft", None
        db.session.commit()
        for person in (owner, me):
            db.session.refresh(person)
            db.session.expunge(person)
        return {"owner": owner, "me": me, "loop": loop.id, "design": design.id,
                "version": mine.version}


def _count(app, call) -> int:
    statements = []

    def record(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = call()
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    if os.environ.get("SHOW_QUERIES"):
        print("\n".join(s[:120].replace("\n", " ") for s in statements), "\n----")
    return len(statements)


def _counts(app, panel_size: int) -> dict[str, int]:
    world = _world(app, panel_size)
    manager, me = app.test_client(), app.test_client()
    sign_in(manager, world["owner"])
    sign_in(me, world["me"])
    body = {**complete_content("system_design", notes="A changed note, so a new version."),
            "version": world["version"]}
    # Warm what is cached per process (parsed rubric versions), then count.
    manager.get(f"/loops/{world['loop']}/debrief")
    return {
        "debrief": _count(app, lambda: manager.get(f"/loops/{world['loop']}/debrief")),
        "scorecard": _count(app, lambda: me.get(
            f"/interviews/rounds/{world['design']}/scorecard")),
        "kit": _count(app, lambda: me.get(f"/interviews/rounds/{world['design']}")),
        "autosave": _count(app, lambda: me.post(
            f"/interviews/rounds/{world['design']}/scorecard/draft", json=body,
            headers={"Idempotency-Key": uuid.uuid4().hex})),
    }


def test_pages_run_a_fixed_number_of_queries_however_big_the_panel(app):
    small = _counts(app, panel_size=1)
    large = _counts(app, panel_size=4)
    assert small == large == EXPECTED
