"""The manager's choices stick: swaps are pinned, re-plans keep pins and never bring back a
swapped-out question, unpin releases one (issue 9)."""

from __future__ import annotations

import pytest

from interviewkit.services import loops
from interviewkit.services.loops import LoopIntake
from tests.factories import UserFactory

pytestmark = pytest.mark.db


@pytest.fixture
def manager(session):
    return UserFactory(role="hiring_manager")


def _intake(**fields) -> LoopIntake:
    values = dict(candidate_name="Ada Lovelace", candidate_email="ada@example.net",
                  role_title="ML Engineer", lane="applied", level="senior",
                  deployment_target="batch", work_type="keeping_alive", platform_team=False,
                  framework="PyTorch")
    values.update(fields)
    return LoopIntake(**values)


def _round_ids(loop, kind):
    return [q.question_id for q in loop.round(kind).questions]


def test_intake_facts_are_stored_and_shape_the_reasons(manager):
    loop = loops.create_draft_loop(manager, _intake())
    assert (loop.deployment_target, loop.work_type, loop.platform_team, loop.framework) == (
        "batch", "keeping_alive", False, "PyTorch")
    reasons = " ".join(q.reason for r in loop.rounds for q in r.questions)
    assert "fits a batch target" in reasons.lower()


def test_swap_pins_and_regenerate_keeps_it_and_never_brings_back_the_old(manager):
    loop = loops.create_draft_loop(manager, _intake())
    old = _round_ids(loop, "deep_dive")[0]
    new = loops.swap_options(loop, "deep_dive", old)[0].id
    loops.swap_question(loop, "deep_dive", old, new)
    pinned = [q for q in loop.round("deep_dive").questions if q.question_id == new]
    assert pinned and pinned[0].manager_pinned
    assert old in loop.swapped_out_question_ids
    for _ in range(6):
        loops.regenerate(loop)
        assert new in _round_ids(loop, "deep_dive")
        assert old not in [q.question_id for r in loop.rounds for q in r.questions]
    loops.set_round_minutes(loop, {"screen": 50})
    assert new in _round_ids(loop, "deep_dive")
    assert old not in [q.question_id for r in loop.rounds for q in r.questions]
    # The swapped-out question is not offered again either.
    other = next(q for q in _round_ids(loop, "deep_dive") if q != new)
    assert old not in [o.id for o in loops.swap_options(loop, "deep_dive", other, limit=50)]


def test_unpin_lets_regenerate_replace_the_question(manager):
    loop = loops.create_draft_loop(manager, _intake())
    old = _round_ids(loop, "screen")[0]
    new = loops.swap_options(loop, "screen", old)[0].id
    loops.swap_question(loop, "screen", old, new)
    loops.unpin_question(loop, "screen", new)
    assert not any(q.manager_pinned for r in loop.rounds for q in r.questions)
    seen_without = False
    for _ in range(8):
        loops.regenerate(loop)
        seen_without = seen_without or new not in _round_ids(loop, "screen")
    assert seen_without
