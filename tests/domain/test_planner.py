"""The loop planner: tags, time, coverage, rotation, determinism, explanations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain import catalog
from interviewkit.domain.bank import Question, load_bank
from interviewkit.domain.planner import (
    Intake,
    PlanningError,
    alternatives,
    plan_loop,
    question_budget,
    with_questions,
)


@pytest.fixture(scope="module")
def shipped():
    return load_bank(PROJECT_ROOT / "question_bank")


def q(qid: str, round_id: str = "screen", signals=("fundamentals",), minutes: int = 10,
      lanes=("applied",), levels=("mid",), domains=()) -> Question:
    return Question(id=qid, title=qid, prompt="p", round=round_id, lanes=frozenset(lanes),
                    levels=frozenset(levels), signals=tuple(signals), minutes=minutes,
                    strong_answer="s", weak_answer="w", domains=frozenset(domains))


def _bank_gaps_only(plan) -> bool:
    """Warnings only about what the bank cannot offer (optional domain requirements)."""
    return not plan.unmet_bar and all(w.startswith("Loop: the bank has no") and
                                      "the domain in" in w for w in plan.warnings)


def test_rounds_come_in_order_with_their_minutes(shipped):
    plan = plan_loop(shipped, Intake("applied", "mid"), seed=1)
    assert [r.round for r in plan.rounds] == list(catalog.ROUND_IDS)
    assert [r.minutes for r in plan.rounds] == [45, 60, 60, 60]


@pytest.mark.parametrize("lane", catalog.LANE_IDS)
@pytest.mark.parametrize("level", catalog.LEVEL_IDS)
def test_shipped_bank_plans_every_lane_and_level_without_warnings(lane, level, shipped):
    plan = plan_loop(shipped, Intake(lane, level, domain="fraud" if lane == "domain" else None))
    assert _bank_gaps_only(plan), plan.warnings
    ids = plan.question_ids()
    assert len(ids) == len(set(ids))
    by_id = {x.id: x for x in shipped}
    for planned in plan.rounds:
        assert planned.questions
        assert planned.question_minutes <= planned.budget
        for pq in planned.questions:
            assert by_id[pq.id].fits(lane, level)
            assert pq.reason


@pytest.mark.parametrize("domain", catalog.DOMAIN_IDS)
def test_domain_lane_deep_dive_uses_the_domain(domain, shipped):
    for level in catalog.LEVEL_IDS:
        plan = plan_loop(shipped, Intake("domain", level, domain=domain))
        assert _bank_gaps_only(plan), (domain, level, plan.warnings)
        deep = plan.round("deep_dive")
        by_id = {x.id: x for x in shipped}
        assert any(domain in by_id[pq.id].domains for pq in deep.questions)


def test_covers_required_signals_and_explains_why():
    bank = [q("a", signals=("fundamentals",)), q("b", signals=("ownership",)),
            q("c", signals=("fundamentals",), minutes=5)]
    plan = plan_loop(bank, Intake("applied", "mid"))
    screen = plan.round("screen")
    assert {"a", "b"} <= {x.id for x in screen.questions} or {"c", "b"} <= {
        x.id for x in screen.questions}
    assert screen.uncovered == ()
    reasons = " ".join(x.reason for x in screen.questions)
    assert "project ownership requirement" in reasons


def test_warns_when_the_bank_cannot_cover_a_signal():
    plan = plan_loop([q("a", signals=("fundamentals",))], Intake("applied", "mid"))
    assert plan.round("screen").uncovered == ("ownership",)
    assert any("ownership" in w and "Technical screen" in w for w in plan.warnings)
    assert any("System design" in w or "ML system design" in w for w in plan.warnings)


def test_only_questions_tagged_with_lane_and_level():
    bank = [q("wrong-lane", lanes=("research",)), q("wrong-level", levels=("staff",)),
            q("right", signals=("fundamentals", "ownership"))]
    assert plan_loop(bank, Intake("applied", "mid")).question_ids() == ["right"]


def test_excluded_questions_are_never_planned():
    bank = [q("seen", signals=("fundamentals", "ownership")),
            q("fresh", signals=("fundamentals", "ownership"))]
    plan = plan_loop(bank, Intake("applied", "mid", exclude=frozenset({"seen"})))
    assert plan.question_ids() == ["fresh"]


def test_questions_fit_the_round_time():
    bank = [q("long", minutes=40, signals=("fundamentals", "ownership")),
            q("short", minutes=15, signals=("fundamentals", "ownership"))]
    plan = plan_loop(bank, Intake("applied", "mid"))
    assert question_budget(45) == 35
    assert plan.question_ids() == ["short"]


def test_less_used_questions_win_ties():
    bank = [q(f"x{i}", signals=("fundamentals", "ownership")) for i in range(5)]
    usage = {f"x{i}": 3 for i in range(5)}
    usage["x3"] = 0
    for seed in range(10):
        plan = plan_loop(bank, Intake("applied", "mid", usage=usage), seed=seed)
        assert plan.question_ids()[0] == "x3"


def test_seeds_vary_among_equally_good_choices_and_repeat_exactly():
    bank = [q(f"x{i}", signals=("fundamentals", "ownership")) for i in range(8)]
    firsts = {plan_loop(bank, Intake("applied", "mid"), seed=s).question_ids()[0]
              for s in range(20)}
    assert len(firsts) > 2
    assert plan_loop(bank, Intake("applied", "mid"), seed=7) == plan_loop(
        list(reversed(bank)), Intake("applied", "mid"), seed=7)


def test_domain_questions_only_for_their_domain_and_preferred_in_the_deep_dive():
    bank = [q("general", round_id="deep_dive", signals=("evaluation", "tradeoffs"), minutes=20,
              lanes=("domain",)),
            q("fraud", round_id="deep_dive", signals=("evaluation", "tradeoffs"), minutes=20,
              lanes=("domain",), domains=("fraud",)),
            q("health", round_id="deep_dive", signals=("evaluation", "tradeoffs"), minutes=20,
              lanes=("domain",), domains=("healthcare",))]
    plan = plan_loop(bank, Intake("domain", "mid", domain="fraud"))
    assert plan.round("deep_dive").questions[0].id == "fraud"
    assert "health" not in plan.question_ids()
    climate = plan_loop(bank, Intake("domain", "mid", domain="climate"))
    assert any("Climate" in w for w in climate.warnings)
    assert "general" in climate.question_ids()
    # No domain on the intake: a domain question serves no loop but its own domain's.
    undecided = plan_loop([b for b in bank if b.id != "general"], Intake("domain", "mid"))
    assert undecided.question_ids() == []
    assert any(w.startswith("Domain / applied-scientist deep dive: the bank has no")
               for w in undecided.warnings)


def test_unknown_values_list_the_valid_ones(shipped):
    with pytest.raises(PlanningError, match="research"):
        plan_loop(shipped, Intake("aplied", "mid"))
    with pytest.raises(PlanningError, match="staff"):
        plan_loop(shipped, Intake("applied", "principal"))
    with pytest.raises(PlanningError, match="fraud"):
        plan_loop(shipped, Intake("domain", "mid", domain="space"))


def test_alternatives_keep_the_slot_signals_and_exclude_planned_questions(shipped):
    intake = Intake("applied", "senior")
    plan = plan_loop(shipped, intake, seed=3)
    design = plan.round("system_design")
    current = design.questions[0]
    options = alternatives(shipped, intake, plan, "system_design", current.id)
    assert options
    assert not {o.id for o in options} & set(plan.question_ids())
    others = sum(x.minutes for x in design.questions[1:])
    assert all(o.minutes + others <= design.budget for o in options)
    swapped = with_questions(shipped, intake, plan, {"system_design": [options[0].id] + [
        x.id for x in design.questions[1:]]})
    assert swapped.round("system_design").questions[0].id == options[0].id
    assert swapped.round("screen") == plan.round("screen")


# --- properties over generated banks -------------------------------------------------------

question_strategy = st.builds(
    lambda i, r, sig, m, lanes, levels: q(
        f"q{i}", round_id=r, signals=sig, minutes=m, lanes=lanes, levels=levels),
    st.integers(0, 10_000), st.sampled_from(catalog.ROUND_IDS),
    st.lists(st.sampled_from(catalog.SIGNAL_IDS), min_size=1, max_size=4, unique=True),
    st.integers(5, 60),
    st.lists(st.sampled_from(catalog.LANE_IDS), min_size=1, max_size=4, unique=True),
    st.lists(st.sampled_from(catalog.LEVEL_IDS), min_size=1, max_size=4, unique=True),
)
banks = st.lists(question_strategy, max_size=60, unique_by=lambda x: x.id)


@settings(max_examples=150, deadline=None)
@given(bank=banks, lane=st.sampled_from(catalog.LANE_IDS),
       level=st.sampled_from(catalog.LEVEL_IDS), seed=st.integers(0, 2**31),
       minutes=st.integers(15, 120))
def test_plans_never_repeat_always_match_tags_and_time(bank, lane, level, seed, minutes):
    intake = Intake(lane, level, round_minutes={r: minutes for r in catalog.ROUND_IDS})
    plan = plan_loop(bank, intake, seed)
    ids = plan.question_ids()
    assert len(ids) == len(set(ids))
    by_id = {x.id: x for x in bank}
    for planned in plan.rounds:
        assert planned.question_minutes <= question_budget(minutes)
        for pq in planned.questions:
            assert by_id[pq.id].fits(lane, level) and by_id[pq.id].round == planned.round
    assert plan == plan_loop(list(reversed(bank)), intake, seed)


@settings(max_examples=100, deadline=None)
@given(bank=banks, seed=st.integers(0, 1000))
def test_a_round_with_fitting_candidates_is_never_empty(bank, seed):
    plan = plan_loop(bank, Intake("applied", "mid"), seed)
    for planned in plan.rounds:
        # An extension never stands alone, a domain question needs its domain, and a main
        # coding problem needs its reading time too.
        fitting = [x for x in bank if x.round == planned.round and x.fits("applied", "mid")
                   and not x.is_extension and not x.domains
                   and x.minutes + catalog.READING_MINUTES.get(x.round, 0) <= planned.budget]
        assert bool(planned.questions) == bool(fitting)


def test_planning_leaves_the_garbage_collector_as_it_found_it(shipped):
    import gc

    assert gc.isenabled()
    plan_loop(shipped, Intake("llm", "senior"))
    assert gc.isenabled()
    gc.disable()
    try:
        plan_loop(shipped, Intake("llm", "senior"))
        assert not gc.isenabled()
    finally:
        gc.enable()
