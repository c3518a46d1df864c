"""Rubric parsing and linting: shipped content is clean, broken copies fail precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.domain.catalog import LANE_IDS, LEVEL_IDS, ROUND_IDS
from interviewkit.domain.problems import ContentError
from interviewkit.domain.rubric import (
    CRITERIA_PER_ROUND,
    PROBES_PER_ROUND,
    REQUIRED_FLAG_IDS,
    lint_rubric_sources,
    load_rubric_set,
    parse_rubric_set,
)

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8")
            for path in sorted(RUBRICS.glob("*.yaml"))}


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubric_set(RUBRICS)


def broken(sources: dict[str, str], file: str, old: str, new: str) -> dict[str, str]:
    """Return a copy of the sources with one exact piece of text replaced."""
    assert sources[file].count(old) == 1, f"{old!r} must occur once in {file}"
    return {**sources, file: sources[file].replace(old, new)}


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


def test_shipped_rubrics_lint_clean(sources):
    assert lint_rubric_sources(sources) == []


def test_one_rubric_per_round_with_bounded_criteria_and_probes(rubric_set):
    assert set(rubric_set.rubrics) == set(ROUND_IDS)
    for rubric in rubric_set.rubrics.values():
        assert CRITERIA_PER_ROUND[0] <= len(rubric.criteria) <= CRITERIA_PER_ROUND[1]
        assert PROBES_PER_ROUND[0] <= len(rubric.probes) <= PROBES_PER_ROUND[1]
        assert rubric.flag_rules, rubric.round


def test_every_criterion_has_an_anchor_for_every_point_at_every_level(rubric_set):
    for rubric in rubric_set.rubrics.values():
        for criterion in rubric.criteria:
            for level in LEVEL_IDS:
                for point in (1, 2, 3, 4):
                    assert len(criterion.anchor(level, point)) >= 25


def test_a_point_means_something_different_at_each_level(rubric_set):
    criterion = rubric_set.for_round("screen").criterion("production_experience")
    threes = {criterion.anchor(level, 3) for level in LEVEL_IDS}
    assert len(threes) == len(LEVEL_IDS)


def test_catalogue_holds_every_weak_signal(rubric_set):
    assert set(REQUIRED_FLAG_IDS) <= set(rubric_set.flags)
    for flag in rubric_set.flags.values():
        assert flag.label and flag.description and flag.rounds and flag.lanes


def test_severity_depends_on_level(rubric_set):
    flag = rubric_set.flags["no-incident-story"]
    assert [flag.severity_for(level) for level in LEVEL_IDS] == \
        ["info", "concern", "blocking", "blocking"]


def test_safety_properties_apply_from_senior_up(rubric_set):
    flag = rubric_set.flags["no-safety-properties"]
    assert not flag.applies_to("system_design", "applied", "junior")
    assert not flag.applies_to("system_design", "applied", "mid")
    assert flag.applies_to("system_design", "applied", "senior")
    assert flag.severity_for("junior") is None


@pytest.mark.parametrize(("flag_id", "lane"), [
    ("no-eval-harness", "llm"), ("no-experiment-rigor", "research"),
    ("no-domain-fluency", "domain"),
])
def test_lane_limited_flags(rubric_set, flag_id, lane):
    assert rubric_set.flags[flag_id].lanes == (lane,)
    for other in LANE_IDS:
        ids = {f.id for f in rubric_set.flags_for("deep_dive", other, "senior")}
        assert (flag_id in ids) == (other == lane)


def test_flags_for_filters_by_round(rubric_set):
    coding = {f.id for f in rubric_set.flags_for("coding", "applied", "senior")}
    assert "no-incident-story" not in coding
    assert "no-safety-properties" in coding


def test_every_rule_targets_a_flag_of_its_round(rubric_set):
    for rubric in rubric_set.rubrics.values():
        for rule in rubric.flag_rules:
            assert rubric.round in rubric_set.flags[rule.flag].rounds


def test_lookup_helpers(rubric_set):
    screen = rubric_set.for_round("screen")
    assert screen.probe("incident_story").option("none").label == "None"
    with pytest.raises(KeyError):
        screen.criterion("nope")
    with pytest.raises(KeyError):
        rubric_set.for_round("nope")


def test_missing_anchor_names_level_and_point(sources):
    text = sources["screen.yaml"]
    start = text.index("        3: Grounds each fundamental in their own work")
    anchor_line = text[start:text.index("\n", start) + 1]
    problems = lint_rubric_sources(broken(sources, "screen.yaml", anchor_line, ""))
    assert [str(p) for p in problems] == [
        f"screen.yaml:{line_of(text, '      senior:')}: criteria[0].anchors.senior.3: "
        "missing anchor for rating 3 at senior"]


def test_missing_level_is_reported(sources):
    problems = lint_rubric_sources(broken(
        sources, "coding.yaml", "      staff:\n        1: Treats correctness as the tests",
        "      principal:\n        1: Treats correctness as the tests"))
    fields = {p.field for p in problems}
    assert "criteria[0].anchors.principal" in fields
    assert "criteria[0].anchors.staff" in fields


def test_copied_anchor_across_levels_is_reported(sources):
    junior = "Mixes up training and validation error or precision and recall, and cannot say " \
             "why a held-out set exists."
    mid = "Stays at definitions; has no view on which metric fits the business problem or why " \
          "offline and online numbers might disagree."
    problems = lint_rubric_sources(broken(sources, "screen.yaml", mid, junior))
    assert any(p.field == "criteria[0].anchors.mid.1" and "same anchor as junior" in p.message
               for p in problems)


def test_unknown_criterion_in_rule_points_at_its_line(sources):
    old = "{kind: rating, criterion: production_experience, at_most: 1}"
    problems = lint_rubric_sources(broken(sources, "screen.yaml", old,
                                          old.replace("production_experience", "prod_exp")))
    (problem,) = problems
    assert problem.file == "screen.yaml"
    assert problem.line == line_of(sources["screen.yaml"], old)
    assert problem.field.endswith(".when.rules[0].criterion")
    assert "unknown criterion 'prod_exp'" in problem.message


@pytest.mark.parametrize(("old", "new", "field_end", "message"), [
    ("{kind: probe, probe: incident_story, in: [none]}",
     "{kind: probe, probe: incident_story, in: [nada]}", ".when.in[0]", "unknown option"),
    ("{kind: probe, probe: incident_story, in: [none]}",
     "{kind: probe, probe: incident_tale, in: [none]}", ".when.probe", "unknown probe"),
    ("{kind: probe, probe: incident_story, in: [none]}",
     "{kind: vibes, probe: incident_story}", ".when.kind", "unknown rule kind"),
    ("    flag: solo-framing\n    when: {kind: probe",
     "    flag: solo-farming\n    when: {kind: probe", ".flag", "unknown flag"),
    ("{kind: text, mentions: [solo]}", "{kind: text, mentions: [solitude]}",
     ".mentions[0]", "unknown concept"),
    ("{kind: text, mentions: [solo]}", "{kind: text, lacks: [solo]}",
     ".when.rules[0]", "needs mentions, negates, hollow or phrases"),
])
def test_broken_rule_references(sources, old, new, field_end, message):
    problems = lint_rubric_sources(broken(sources, "screen.yaml", old, new))
    assert any(p.field.endswith(field_end) and message in p.message for p in problems), problems


def test_rule_for_a_flag_outside_its_round(sources):
    problems = lint_rubric_sources(broken(
        sources, "coding.yaml", "    flag: no-skew-awareness\n    when: {kind: probe",
        "    flag: no-incident-story\n    when: {kind: probe"))
    assert any("does not apply to round 'coding'" in p.message for p in problems)


def test_lone_not_rule_is_rejected(sources):
    old = "when: {kind: probe, probe: incident_story, in: [none]}"
    new = "when: {kind: not, rule: {kind: probe, probe: incident_story, in: [none]}}"
    problems = lint_rubric_sources(broken(sources, "screen.yaml", old, new))
    assert any("lone 'not'" in p.message for p in problems)


def test_bad_yaml_syntax_names_file_and_line(sources):
    problems = lint_rubric_sources(broken(sources, "deep_dive.yaml", "title: Domain",
                                          "title: [Domain"))
    assert problems and all(p.file == "deep_dive.yaml" for p in problems)
    assert problems[0].field == "(syntax)"


def test_missing_weak_signal_in_catalogue(sources):
    start = sources["flags.yaml"].index("  - id: no-safety-properties")
    problems = lint_rubric_sources({**sources, "flags.yaml": sources["flags.yaml"][:start]})
    assert any("'no-safety-properties' is missing" in p.message for p in problems)


def test_bad_severity_and_level(sources):
    problems = lint_rubric_sources(broken(
        sources, "flags.yaml", "severity: {senior: blocking, staff: blocking}",
        "severity: {senior: fatal, principal: blocking}"))
    fields = {p.field: p.message for p in problems}
    assert "must be one of" in fields["flags[14].severity.senior"]
    assert "unknown level" in fields["flags[14].severity.principal"]


def test_parse_raises_with_all_problems(sources):
    bad = broken(sources, "screen.yaml", "probe: incident_story, in: [none]}",
                 "probe: incident_story, in: [nada]}")
    bad = broken(bad, "coding.yaml", "title: Production-style coding", "title: ''")
    with pytest.raises(ContentError) as caught:
        parse_rubric_set(bad)
    files = {p.file for p in caught.value.problems}
    assert files == {"screen.yaml", "coding.yaml"}


def test_missing_round_is_reported(sources):
    problems = lint_rubric_sources({k: v for k, v in sources.items() if k != "coding.yaml"})
    assert [p.message for p in problems] == ["no rubric for 'coding'"]


def test_load_from_missing_directory(tmp_path):
    with pytest.raises(ContentError):
        load_rubric_set(tmp_path / "nope")


# -- issue 12: lanes, severity by lane, flag reachability ------------------------------------

BANK = Path(__file__).resolve().parents[2] / "question_bank"


@pytest.fixture(scope="module")
def questions():
    from interviewkit.domain.bank import load_bank

    return load_bank(BANK)


def test_every_flag_a_question_targets_is_reachable(sources, questions):
    assert lint_rubric_sources(sources, questions) == []
    targeted = {(flag.id, q) for flag in load_rubric_set(RUBRICS).flags.values()
                for q in flag.questions}
    # The questions the issue names, each with the flag it asks about.
    for pair in [("no-cost-judgment", "screen-auc-gain-worth-it"),
                 ("no-skew-awareness", "screen-skew-incident"),
                 ("ab-test-handwave", "screen-offline-win-online-flat"),
                 ("no-eval-harness", "screen-llm-quality-measurement"),
                 ("no-safety-properties", "screen-agent-failure-modes"),
                 ("ab-test-handwave", "coding-ab-analysis-script")]:
        assert pair in targeted


def test_lint_reports_a_flag_its_question_cannot_raise(sources, questions):
    bad = broken(sources, "flags.yaml", "    rounds: [screen, system_design, coding, deep_dive]\n"
                 "    lanes: [applied, research, llm, domain]\n"
                 "    severity: {junior: info, mid: concern, senior: concern, staff: blocking}\n"
                 "    # Whether", "    rounds: [system_design, deep_dive]\n"
                 "    lanes: [applied, research, llm, domain]\n"
                 "    severity: {junior: info, mid: concern, senior: concern, staff: blocking}\n"
                 "    # Whether")
    problems = lint_rubric_sources(bad, questions)
    messages = [p.message for p in problems]
    assert any("'no-cost-judgment' cannot be raised where 'screen-auc-gain-worth-it'" in m
               and "leave out screen" in m for m in messages), messages
    # The screen rules for the flag are now in a round the flag does not apply to.
    assert any("does not apply to round 'screen'" in m for m in messages)


def test_lint_reports_a_round_with_no_rule_for_a_targeted_flag(sources, questions):
    bad = broken(sources, "coding.yaml", "  - id: coding-ab-text\n    flag: ab-test-handwave",
                 "  - id: coding-ab-text\n    flag: no-skew-awareness")
    problems = [p for p in lint_rubric_sources(bad, questions)
                if "coding-ab-analysis-script" in p.message]
    (problem,) = problems
    assert problem.file == "flags.yaml" and "coding rubric has no rule for it" in problem.message


def test_lint_reports_an_unknown_target_question(sources, questions):
    bad = broken(sources, "flags.yaml", "questions: [screen-slow-decay,",
                 "questions: [screen-no-such-question,")
    (problem,) = lint_rubric_sources(bad, questions)
    assert "no question 'screen-no-such-question' in the bank" in problem.message


def test_severity_by_lane_as_well_as_level(rubric_set):
    flags = rubric_set.flags
    assert flags["ab-test-handwave"].severity_for("senior", "applied") == "blocking"
    assert flags["ab-test-handwave"].severity_for("senior", "research") == "blocking"
    assert flags["ab-test-handwave"].severity_for("senior", "llm") == "concern"
    assert flags["no-cost-judgment"].severity_for("senior", "applied") == "blocking"
    assert flags["no-cost-judgment"].severity_for("senior", "domain") == "concern"
    assert flags["no-incident-story"].severity_for("senior", "research") == "concern"
    assert flags["no-incident-story"].severity_for("senior", "applied") == "blocking"
    assert flags["solo-framing"].severity_for("mid", "applied") == "concern"
    # The staff cross-team red flag is its own flag, blocking at staff only.
    assert flags["no-cross-team-leadership"].severity == {"staff": "blocking"}


def test_lane_severity_must_name_a_lane_the_flag_applies_to(sources):
    bad = broken(sources, "flags.yaml", "      research: {senior: concern, staff: concern}",
                 "      robotics: {senior: concern}")
    (problem,) = lint_rubric_sources(bad)
    assert "unknown lane 'robotics'" in problem.message
    assert problem.field.endswith("lane_severity.robotics")


def test_lane_specific_criteria(rubric_set):
    design = rubric_set.for_round("system_design")
    assert design.criterion("llm_quality").lanes == ("llm",)
    assert "llm_quality" in {c.id for c in rubric_set.for_round("system_design", "llm").criteria}
    assert "llm_quality" not in {c.id for c in
                                 rubric_set.for_round("system_design", "applied").criteria}
    deep = {lane: {c.id for c in rubric_set.for_round("deep_dive", lane).criteria}
            for lane in LANE_IDS}
    assert "experiment_design" in deep["research"] and "experiment_design" not in deep["llm"]
    assert "domain_data" in {c.id for c in rubric_set.for_round("system_design", "domain").criteria}
    # Screen probes: the LLM probe is for the LLM lane only; the cost probe for everyone.
    assert {p.id for p in rubric_set.for_round("screen", "llm").probes} >= {"cost_judgment",
                                                                          "llm_building"}
    assert "llm_building" not in {p.id for p in rubric_set.for_round("screen", "applied").probes}


def test_too_few_criteria_for_one_lane_is_reported(sources):
    bad = broken(sources, "system_design.yaml", "  - id: architecture\n",
                 "  - id: architecture\n    lanes: [llm]\n")
    bad = broken(bad, "system_design.yaml", "  - id: serving_and_latency\n",
                 "  - id: serving_and_latency\n    lanes: [llm]\n")
    messages = [p.message for p in lint_rubric_sources(bad)]
    assert "lane 'applied' sees 2 criteria; needs 3-6" in messages


def test_coding_rubric_rates_correctness_and_guides_on_assistants(rubric_set):
    coding = rubric_set.for_round("coding")
    correctness = coding.criterion("correctness")
    assert all(len(correctness.anchors[level]) == 4 for level in LEVEL_IDS)
    assert "assistant" in coding.guidance and "explain" in coding.guidance
    # Anchors fit jobs and analyses too, not only an HTTP endpoint.
    text = " ".join(a for c in coding.criteria for lv in c.anchors.values() for a in lv.values())
    assert "request handler" not in text and "job" in text and "analysis" in text


def test_staff_anchors_are_not_a_cross_team_template(rubric_set):
    staff = [c.anchors["staff"][point] for r in rubric_set.rubrics.values()
             for c in r.criteria if c.id != "leadership" for point in (3, 4)]
    templated = [a for a in staff if any(w in a.lower() for w in
                                         ("across teams", "organisation", "platform direction"))]
    assert len(templated) <= 2, templated


def test_a_scorecard_may_not_rate_another_lanes_criterion(rubric_set):
    from interviewkit.domain.flags import ScorecardInput, validate_scorecard

    applied = ScorecardInput(round="system_design", lane="applied", level="senior",
                             ratings={"llm_quality": 3})
    assert validate_scorecard(rubric_set, applied) == [
        "ratings.llm_quality: not part of the system_design rubric for the applied lane"]
    llm = ScorecardInput(round="system_design", lane="llm", level="senior",
                         ratings={"llm_quality": 3})
    assert validate_scorecard(rubric_set, llm) == []
