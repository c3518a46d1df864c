"""Loops a hiring manager would run (issue 9): one idea once, the level's bar over the whole
loop, domain questions only in their domain, extensions that fit, intake fit, pins, audit."""

from __future__ import annotations

import textwrap

import pytest

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain import catalog
from interviewkit.domain.bank import Question, lint_bank, load_bank
from interviewkit.domain.plan_audit import check_plan
from interviewkit.domain.planner import Intake, plan_loop, with_questions


@pytest.fixture(scope="module")
def shipped():
    return load_bank(PROJECT_ROOT / "question_bank")


def q(qid: str, round_id: str = "screen", signals=("fundamentals",), minutes: int = 10,
      lanes=("applied",), levels=("mid",), domains=(), **extra) -> Question:
    return Question(id=qid, title=qid, prompt="p", round=round_id, lanes=frozenset(lanes),
                    levels=frozenset(levels), signals=tuple(signals), minutes=minutes,
                    strong_answer="s", weak_answer="w", domains=frozenset(domains), **extra)


def test_one_idea_is_asked_once_per_loop():
    bank = [q("screen-a", signals=("fundamentals", "ownership"), concept="same-idea"),
            q("deep-a", "deep_dive", ("evaluation", "tradeoffs", "incident_response"), 20,
              concept="same-idea"),
            q("deep-b", "deep_dive", ("evaluation", "tradeoffs"), 20, concept="other")]
    plan = plan_loop(bank, Intake("applied", "mid"))
    assert "screen-a" in plan.question_ids()
    assert "deep-a" not in plan.question_ids() and "deep-b" in plan.question_ids()


def test_a_second_incident_round_asks_for_a_different_incident():
    bank = [q("screen-inc", signals=("fundamentals", "ownership", "incident_response"), minutes=15,
              levels=("senior",), concept="incident-one"),
            q("deep-inc", "deep_dive", ("evaluation", "tradeoffs", "incident_response"), 20,
              levels=("senior",), concept="incident-two")]
    plan = plan_loop(bank, Intake("applied", "senior"))
    [deep] = plan.round("deep_dive").questions
    assert "different incident" in deep.note and "screen-inc" in deep.note
    assert plan.round("screen").questions[0].note == ""


def test_domain_questions_never_leak_into_other_or_no_domain_loops(shipped):
    for lane in catalog.LANE_IDS:
        for level in catalog.LEVEL_IDS:
            plan = plan_loop(shipped, Intake(lane, level), seed=3)
            by_id = {x.id: x for x in shipped}
            assert not any(by_id[i].domains for i in plan.question_ids()), (lane, level)


def test_domain_specific_designs_are_tagged(shipped):
    by_id = {x.id: x for x in shipped}
    assert by_id["design-aml-alert-prioritization"].domains == {"fraud"}
    assert by_id["design-line-defect-detection"].domains == {"manufacturing"}
    assert by_id["design-grid-load-forecasting"].domains == {"climate"}


def _coding_bank(main_minutes: int, extends: str):
    return [q("coding-main", "coding", ("code_quality", "testing", "failure_handling"),
              main_minutes, concept="main", shapes=frozenset({"batch_job"})),
            q("coding-ext", "coding", ("monitoring",), 10, concept="ext",
              extends=frozenset({extends}))]


def test_an_extension_follows_only_a_main_problem_it_extends():
    fits = plan_loop(_coding_bank(35, "batch_job"), Intake("applied", "mid"))
    coding = fits.round("coding")
    assert [x.id for x in coding.questions] == ["coding-main", "coding-ext"]
    assert coding.questions[1].optional and coding.questions[1].note.startswith("If time")
    assert coding.question_minutes + coding.reading_minutes <= coding.budget
    other_shape = plan_loop(_coding_bank(35, "online_service"), Intake("applied", "mid"))
    assert [x.id for x in other_shape.round("coding").questions] == ["coding-main"]


def test_a_main_problems_minutes_include_its_reading_and_extensions_fit_the_rest():
    # A coding problem's bank minutes already include reading its code (pack.yaml says how
    # many): 40 + a 10-minute extension fits the 50-minute budget; nothing is added on top.
    plan = plan_loop(_coding_bank(40, "batch_job"), Intake("applied", "mid"))
    coding = plan.round("coding")
    assert [x.id for x in coding.questions] == ["coding-main", "coding-ext"]
    assert coding.reading_minutes == 0 and coding.question_minutes == coding.budget == 50
    # 45 + 10 would overrun it: the extension stays out.
    longer = plan_loop(_coding_bank(45, "batch_job"), Intake("applied", "mid"))
    assert [x.id for x in longer.round("coding").questions] == ["coding-main"]


def test_juniors_are_never_asked_for_leadership(shipped):
    for lane in catalog.LANE_IDS:
        plan = plan_loop(shipped, Intake(lane, "junior"))
        by_id = {x.id: x for x in shipped}
        assert not any("leadership" in by_id[i].signals for i in plan.question_ids())


@pytest.mark.parametrize("lane", catalog.LANE_IDS)
@pytest.mark.parametrize("level", catalog.LEVEL_IDS)
def test_deployment_targets_change_the_plan_and_the_reasons_say_so(lane, level, shipped):
    domain = "fraud" if lane == "domain" else None
    plans = {t: plan_loop(shipped, Intake(lane, level, domain, deployment_target=t), seed=0)
             for t in catalog.DEPLOYMENT_TARGET_IDS}
    assert len({tuple(p.question_ids()) for p in plans.values()}) > 1
    named = [t for t, p in plans.items()
             if any("fits a" in x.reason.lower() and "target" in x.reason
                    for r in p.rounds for x in r.questions)]
    assert named, "no reason names the deployment target"


@pytest.mark.parametrize("level", ("senior", "staff"))
@pytest.mark.parametrize("lane", catalog.LANE_IDS)
def test_senior_and_staff_loops_meet_the_whole_bar(lane, level, shipped):
    domain = "insurance" if lane == "domain" else None
    for seed in range(5):
        plan = plan_loop(shipped, Intake(lane, level, domain), seed)
        assert plan.unmet_bar == (), (seed, plan.warnings)
        assert check_plan(plan, {x.id: x for x in shipped}) == []


def test_uncoverable_requirements_are_warnings_with_reasons():
    bank = [q("screen-a", signals=("fundamentals", "ownership", "incident_response"),
              levels=("senior",), concept="a")]
    plan = plan_loop(bank, Intake("applied", "senior"))
    assert "decay" in plan.unmet_bar
    assert any(w.startswith("Loop: the bank has no applied/senior question that tests decay")
               for w in plan.warnings)


def test_pins_stay_and_are_marked(shipped):
    first = plan_loop(shipped, Intake("applied", "mid"), seed=0)
    other = next(x for x in shipped if x.round == "deep_dive" and x.fits("applied", "mid")
                 and not x.domains and x.id not in first.question_ids())
    for seed in range(5):
        plan = plan_loop(shipped, Intake("applied", "mid", pins={"deep_dive": (other.id,)}),
                         seed)
        [pinned] = [x for x in plan.round("deep_dive").questions if x.id == other.id]
        assert pinned.pinned
        assert len({shipped_q.idea for shipped_q in shipped
                    if shipped_q.id in plan.question_ids()}) == len(plan.question_ids())


def test_with_questions_re_explains_and_flags_a_concept_repeat(shipped):
    plan = plan_loop(shipped, Intake("applied", "senior"), seed=0)
    chosen = {r.round: [x.id for x in r.questions] for r in plan.rounds}
    chosen["screen"] = ["screen-last-production-incident"]
    chosen["deep_dive"] = ["deep-paged-production-problem", "deep-auc-gain-worth-cost"]
    rebuilt = with_questions(shipped, Intake("applied", "senior"), plan, chosen)
    kinds = {f.kind for f in check_plan(rebuilt, {x.id: x for x in shipped})}
    assert "concept-repeat" in kinds


BAD = textwrap.dedent("""\
    questions:
      - id: screen-led-team
        title: Led a team
        prompt: Tell me about leading.
        round: screen
        concept: led-team
        lanes: [applied]
        levels: [junior, mid]
        signals: [leadership]
        minutes: 10
        level_bar:
          mid: Leads well.
        follow_ups:
          hint: ["Who was on the team?"]
          shout: ["Louder?"]
        strong_answer: s
        weak_answer: w
      - id: coding-ext-x
        title: An extension
        prompt: p
        round: coding
        concept: ext-x
        lanes: [applied]
        levels: [mid]
        signals: [testing]
        minutes: 10
        extends: [no-such-shape]
        strong_answer: s
        weak_answer: w
    """)


def test_lint_reports_the_new_rules():
    messages = [p.message for p in lint_bank({"bad.yaml": BAD})]
    text = "\n".join(messages)
    assert "a junior cannot have led others" in text
    assert "says nothing for: junior" in text
    assert "unknown ladder step 'shout'" in text
    assert "'no-such-shape' is neither a problem shape" in text


def test_follow_up_ladder_is_parsed(shipped):
    by_id = {x.id: x for x in shipped}
    drafts = by_id["design-support-reply-drafts-llm"]
    assert drafts.hints and drafts.follow_ups and drafts.pushes
    assert drafts.bar_for("junior") and drafts.bar_for("mid") and not drafts.bar_for("staff")
    assert drafts.separates


def test_every_concept_a_bar_names_exists_in_the_bank(shipped):
    ideas = {x.idea for x in shipped}
    reqs = [r for group in (*catalog.LEVEL_BAR.values(), *catalog.LANE_BAR.values(),
                            catalog.DOMAIN_BAR) for r in group]
    missing = {c for r in reqs for c in r.concepts if c not in ideas}
    assert missing == set()


def test_a_design_that_fits_the_target_beats_one_whose_bar_a_later_round_meets():
    design = ("system_design", "serving", "monitoring")
    bank = [
        q("design-fits-batch", "system_design", design, 40, levels=("senior",),
          deployment_targets=frozenset({"batch"}), concept="fits"),
        q("design-with-cost", "system_design", (*design, "cost_latency"), 40,
          levels=("senior",), concept="cost-design"),
        q("deep-cost", "deep_dive", ("evaluation", "tradeoffs", "incident_response",
                                      "cost_latency"), 20, levels=("senior",), concept="cost"),
    ]
    plan = plan_loop(bank, Intake("applied", "senior", deployment_target="batch"))
    assert [x.id for x in plan.round("system_design").questions] == ["design-fits-batch"]
    assert "cost" not in plan.unmet_bar and [
        x.id for x in plan.round("deep_dive").questions] == ["deep-cost"]


def test_llm_backend_questions_stay_out_of_other_lanes_when_no_target_is_named(shipped):
    for lane in ("applied", "research"):
        for seed in range(12):
            plan = plan_loop(shipped, Intake(lane, "junior"), seed)
            by_id = {x.id: x for x in shipped}
            llm_only = [i for i in plan.question_ids()
                        if by_id[i].deployment_targets == frozenset({"llm_backend"})]
            assert llm_only == [], (lane, seed, llm_only)


def test_a_domain_named_on_another_lanes_intake_leans_its_loop(shipped):
    by_id = {x.id: x for x in shipped}
    leaning = 0
    for seed in range(12):
        plan = plan_loop(shipped, Intake("research", "senior", "climate"), seed)
        assert plan.unmet_bar == ()
        designs = [by_id[x.id] for x in plan.round("system_design").questions]
        leaning += any("climate" in d.domains for d in designs)
    assert leaning >= 6
    # Where the bank has nothing of the domain for the lane, the plan says nothing of it.
    for lane, level, domain in (("research", "junior", "healthcare"), ("llm", "junior", "fraud")):
        plan = plan_loop(shipped, Intake(lane, level, domain), 0)
        assert not [w for w in plan.warnings if "the team's domain" in w and "has no" in w]


@pytest.mark.parametrize("level", ["junior", "mid", "senior", "staff"])
def test_a_domain_hires_screen_touches_the_domain(level, shipped):
    # A domain specialist is screened on the domain, not only on general ML: before the
    # screen only had to cover fundamentals, ownership and (senior+) an incident, and no
    # domain-lane screen held a domain-fluency question at senior or staff.
    for domain in catalog.DOMAIN_IDS + (None,):
        for seed in range(6):
            plan = plan_loop(shipped, Intake("domain", level, domain), seed)
            screen = plan.round("screen").questions
            assert any("domain_knowledge" in x.signals for x in screen), (domain, seed,
                                                                           [x.id for x in screen])


def test_the_domain_screen_requirement_is_the_domain_lanes_alone():
    for lane in ("applied", "research", "llm"):
        for level in catalog.LEVEL_IDS:
            assert "domain-screen" not in {r.id for r in catalog.bar_requirements(
                lane, level, "fraud")}


def test_an_on_device_deep_dive_waits_for_an_on_device_intake(shipped):
    # The deep dive is about the candidate's own work: a question only about work on a device
    # presumes experience the intake never asked for. With no target named it stays out; with
    # an on-device target it is preferred.
    by_id = {x.id: x for x in shipped}
    device_only = frozenset({"on_device"})
    for level in ("mid", "senior", "staff"):
        for seed in range(12):
            plan = plan_loop(shipped, Intake("llm", level), seed)
            picked = [x.id for x in plan.round("deep_dive").questions
                      if by_id[x.id].deployment_targets == device_only]
            assert picked == [], (level, seed, picked)
    hits = 0
    for level in ("mid", "senior", "staff"):
        for seed in range(4):
            plan = plan_loop(shipped, Intake("llm", level, deployment_target="on_device"), seed)
            hits += any(by_id[x.id].deployment_targets == device_only
                        for x in plan.round("deep_dive").questions)
    assert hits >= 8
