"""The access policy: one table of who may do what, checked without a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from interviewkit.domain import policy


@dataclass
class Person:
    id: int
    role: str


@dataclass
class Round:
    interviewers: list
    loop: object = None


@dataclass
class LoopStub:
    owner_id: int
    published_at: datetime | None = datetime(2026, 3, 1)
    rounds: list = field(default_factory=list)


OWNER = Person(1, "hiring_manager")
OTHER_MANAGER = Person(2, "hiring_manager")
RECRUITER = Person(3, "recruiter")
ADMIN = Person(4, "admin")
PANEL = Person(5, "interviewer")
OUTSIDER = Person(6, "interviewer")


def world():
    loop = LoopStub(owner_id=OWNER.id)
    loop_round = Round(interviewers=[PANEL], loop=loop)
    return loop, loop_round


@pytest.mark.parametrize("user, debrief, packet, batch", [
    (OWNER, True, True, False), (OTHER_MANAGER, False, False, False),
    (RECRUITER, True, True, True), (ADMIN, False, False, False),
    (PANEL, False, False, False)])
def test_who_reads_scorecards_of_a_loop(user, debrief, packet, batch):
    loop, _ = world()
    assert policy.can_read_debrief(user, loop) is debrief
    assert policy.can_print_packet(user, loop) is packet
    assert policy.can_print_batch(user) is batch
    assert policy.sees_all_submitted(user, loop) is debrief


def test_admins_read_no_scorecard_through_any_route():
    loop, _ = world()
    assert not (policy.can_read_debrief(ADMIN, loop) or policy.can_print_packet(ADMIN, loop)
                or policy.can_print_batch(ADMIN) or policy.sees_all_submitted(ADMIN, loop))
    assert policy.can_view_loop(ADMIN, loop)  # the plan page, without scorecards


@pytest.mark.parametrize("user, scores, kit", [
    (PANEL, True, True), (OUTSIDER, False, False), (OWNER, False, True),
    (RECRUITER, False, True), (ADMIN, False, False)])
def test_who_scores_and_prints_a_round(user, scores, kit):
    _, loop_round = world()
    assert policy.can_score(user, loop_round) is scores
    assert policy.can_print_kit(user, loop_round) is kit


def test_nobody_scores_an_unpublished_loop():
    loop, loop_round = world()
    loop.published_at = None
    assert not policy.can_score(PANEL, loop_round)
    assert not policy.can_print_kit(PANEL, loop_round)
