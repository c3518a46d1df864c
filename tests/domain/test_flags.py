"""The flag engine: rule kinds, text reading, reasons, severity and applicability."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from interviewkit.domain.catalog import LANE_IDS, LEVEL_IDS, ROUND_IDS
from interviewkit.domain.flags import (
    HOLLOW,
    NEGATED,
    POSITIVE,
    RULE_KINDS,
    ScorecardError,
    ScorecardInput,
    analyse,
    parse_scorecard,
    validate_scorecard,
)
from interviewkit.domain.flags import raise_flags as raise_with_reader
from interviewkit.domain.rubric import load_rubric_set, parse_rubric_set

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


def raise_flags(rubric_set, scorecard):
    """The rules alone: this file tests rule kinds and text reading. The notes reader, which
    proposes further flags from the same text, is tested in test_notes_reader.py."""
    return raise_with_reader(rubric_set, scorecard, reader=None)


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubric_set(RUBRICS)


def with_screen_rules(rules_yaml: str):
    """Return the shipped rubric set with the screen rubric's flag rules replaced."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in RUBRICS.glob("*.yaml")}
    screen = sources["screen.yaml"]
    sources["screen.yaml"] = screen[:screen.index("flag_rules:")] + "flag_rules:\n" + rules_yaml
    return parse_rubric_set(sources)


def card(round_id: str = "screen", lane: str = "applied", level: str = "senior",
         **fields) -> ScorecardInput:
    return ScorecardInput(round=round_id, lane=lane, level=level, **fields)


def ids(flags) -> list[str]:
    return [flag.id for flag in flags]


def state(text: str, concept: str) -> str:
    return analyse([("notes", text)]).reading(concept).state


# -- text reading ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "concept"), [
    ("never mentioned monitoring", "monitoring"),
    ("no mention of drift alerts", "monitoring"),
    ("didn't talk about rollback", "safety"),
    ("couldn't explain how the pieces were wired", "integration"),
    ("deployment, serving, monitoring: nothing.", "deployment"),
    ("p99 never discussed", "deployment"),
    ("prod? n/a", "deployment"),
    ("idk on monitoring", "monitoring"),
    ("deployed w/o any alerting", "monitoring"),
    ("no obs, no mon", "monitoring"),
    ("didn't talk about monitoring, alerting, or rollback", "safety"),
    ("no mention of skew or drift between offline/online", "skew"),
    ("asked about failure modes — platform owns that", "safety"),
    ("cost? not my concern", "cost"),
])
def test_negation(text, concept):
    assert state(text, concept) == NEGATED


@pytest.mark.parametrize(("text", "concept"), [
    ("owns mon dashboards + drift alerts", "monitoring"),
    ("AB test w/ primary metric, guardrails, 2 wks", "experiment_design"),
    ("p99 ~40ms, canary + auto rollback", "deployment"),
    ("reported AUC and f1", "training_metrics"),
    ("shipped it to prod", "deployment"),
    ("no monitoring, strong on serving", "deployment"),
    ("AUC 0.91, never mentioned monitoring", "training_metrics"),
])
def test_positive_mentions_and_abbreviations(text, concept):
    assert state(text, concept) == POSITIVE


@pytest.mark.parametrize("text", ["ran an A/B test", "ran an AB test", "ab-testing it"])
def test_ab_test_spellings(text):
    assert state(text, "ab_test") == POSITIVE


def test_contrast_takes_back_a_mention():
    assert state("mentioned monitoring but couldn't say what they'd alert on",
                 "monitoring") in (HOLLOW, NEGATED)
    assert state("had an incident story but generic", "incident") == HOLLOW


def test_contrast_with_an_explanation_keeps_the_mention():
    analysis = analyse([("notes", "named Kubeflow, then explained exactly how the pipeline "
                                  "was wired")])
    assert analysis.reading("frameworks").state == POSITIVE
    assert analysis.reading("integration").state == POSITIVE


def test_a_clause_referring_back_takes_back_the_tools():
    assert state("kubeflow + feast + airflow mentioned; could not explain what any of them did",
                 "frameworks") == HOLLOW


def test_question_terms_are_not_the_candidate_speaking():
    assert state("asked about monitoring", "monitoring") == "absent"
    assert state("asked about monitoring — talked about the model instead",
                 "monitoring") == NEGATED


def test_wrapped_lines_join_but_bullets_split():
    analysis = analyse([("notes", "no story about drift or\ndegradation\n- strong serving")])
    assert analysis.reading("decay").state == NEGATED
    assert analysis.reading("deployment").state == POSITIVE
    assert len(analysis.clauses) == 2


# -- negation scope, cues and lexicons added for recall -----------------------------------

@pytest.mark.parametrize(("text", "concept"), [
    # A negation carries across "or"/"nor" to a second object that is a clause of its own.
    ("never mentioned monitoring or how it was deployed", "deployment"),
    ("no mention of drift alerts or what would be served when features are stale", "deployment"),
    ("didn't talk about rollback nor monitoring", "monitoring"),
    ("no mention of canary, shadow or how the model was served", "deployment"),
    # ... and after "and" or a comma when the second object opens with a wh-word.
    ("no rollback plan, or what happens if the model is down", "safety"),
    # A negated "what happens if" governs the whole conditional that follows it.
    ("no thought about what happens if the ranking service times out", "safety"),
    # "with" after "dealt"/"worked" introduces the object, it does not start a new clause.
    ("never dealt with model decay or retraining", "decay"),
    ("never got to how it ran in prod", "deployment"),
    # New cues: glossed over, skipped, nothing from/in, n/a, team deflection before the object.
    ("glossed over monitoring", "monitoring"),
    ("skipped monitoring + rollback entirely", "safety"),
    ("nothing in prod", "deployment"),
    ("retrieval eval: n/a", "eval_harness"),
    ("said the on-call team handles prod issues", "incident"),
    # A parenthesis right after a negated term is read with it.
    ("couldn't say why clicks are a biased label (position bias)", "domain_signal"),
])
def test_wider_negation_scope(text, concept):
    assert state(text, concept) == NEGATED


@pytest.mark.parametrize(("text", "concept"), [
    # "and" plus a plain clause is a new statement, not a further object.
    ("no drift alerts and they deployed it weekly via a batch job", "deployment"),
    # A weak after-cue does not reach back across a comma.
    ("model went to the other team after that, never saw it again", "handoff"),
    ("never mentioned monitoring, but they deployed it on k8s with a canary", "deployment"),
    ("no A/B plan yet, but would canary with an auto rollback", "safety"),
    ("owns mon dashboards + p99 alerts", "monitoring"),
    ("AB test w/ primary metric, guardrail metric on latency, 2 wks", "experiment_design"),
])
def test_wider_scope_stops_where_it_should(text, concept):
    assert state(text, concept) == POSITIVE


def test_the_longer_term_wins_where_concepts_overlap():
    # "serving cost" speaks of cost, "guardrail metric" of experiment design.
    analysis = analyse([("notes", "asked about serving cost; no guardrail metric though")])
    assert analysis.reading("deployment").state == "absent"
    assert analysis.reading("safety").state == "absent"
    assert analysis.reading("experiment_design").state == NEGATED


def test_plain_drift_is_not_monitoring():
    assert state("no story about drift or degradation", "monitoring") == "absent"
    assert state("no story about drift or degradation", "skew") == "absent"
    assert state("no feature drift checks between offline and online", "skew") == NEGATED


def test_a_verdict_after_a_contrast_takes_back_the_whole_clause():
    analysis = analyse([("notes", 'had an incident story but generic — "performance dropped, '
                                  'we retrained"')])
    assert analysis.reading("incident").state == HOLLOW


def test_a_vague_answer_to_a_question_counts_for_nothing():
    text = ('asked how features got from feast to the model — vague, "it\'s all connected '
            'through the pipeline"')
    assert state(text, "integration") in (HOLLOW, NEGATED)
    assert state("asked how it got to prod: wrote the fastapi wrapper", "deployment") == POSITIVE


def test_evasions_answer_the_question_negatively():
    assert state("asked when it last broke — long pause, changed the subject",
                 "incident") == NEGATED


@pytest.mark.parametrize(("text", "concept"), [
    ("owns o11y for the ranking svc", "monitoring"),
    ("model went to the other team", "handoff"),
    ("moved on to the next project after each launch", "net_new"),
    ("'I designed, I built, I launched'", "solo"),
    ("spent the session on the model arch and val loss", "training_metrics"),
])
def test_added_lexicon_entries(text, concept):
    assert state(text, concept) == POSITIVE


def test_handing_over_a_runbook_is_not_a_hand_off():
    assert state("moved teams after handing over the runbook", "handoff") == "absent"
    assert state("handed it over to the platform team", "handoff") == POSITIVE


def test_a_team_size_is_not_a_partner():
    assert state("for a 4-team migration", "team") == "absent"


@pytest.mark.parametrize(("round_id", "lane", "notes", "flag"), [
    ("screen", "applied", "talked mostly about AUC gains on the churn model. never mentioned "
     "monitoring or how it was deployed. when asked about a prod failure couldnt give one",
     "training-only"),
    ("screen", "applied", "couldn't name a time a model of theirs failed after launch.",
     "no-incident-story"),
    ("deep_dive", "applied", "story about a prod outage was second-hand, they watched the "
     "postmortem.", "no-incident-story"),
    ("system_design", "applied", "'we'll A/B it'. pushed on duration — 'until it's "
     "significant'. no power calc, no guardrails.", "ab-test-handwave"),
    ("deep_dive", "applied", "asked if the gain was worth 10x the cost — 'quality matters "
     "most'.", "no-cost-judgment"),
    ("coding", "applied", "copied the scaling + encoding code from the notebook into the "
     "handler by hand.", "no-skew-awareness"),
    ("deep_dive", "domain", "fraud. assumed chargebacks were clean labels.",
     "no-domain-fluency"),
    ("deep_dive", "applied", "never owned a model long enough to retrain it.",
     "no-decay-experience"),
    ("screen", "applied", "f1 0.7 offline. model went to the other team after that.",
     "notebook-handoff"),
])
def test_recall_fixes_raise_the_flag(rubric_set, round_id, lane, notes, flag):
    assert flag in ids(raise_flags(rubric_set, card(round_id, lane, "senior", notes=notes)))


@pytest.mark.parametrize(("round_id", "lane", "notes", "flag"), [
    ("system_design", "applied", "AB test: primary metric = GMV/session, 2 wks, powered for a "
     "1% MDE; no guardrail metric though.", "ab-test-handwave"),
    ("system_design", "applied", "AB test: primary metric = GMV/session, 2 wks, powered for a "
     "1% MDE; no guardrail metric though.", "no-safety-properties"),
    ("deep_dive", "applied", "kept the ranking model alive 3 yrs through seasonal drift, "
     "retrained monthly; moved on to the next project after handing over the runbook.",
     "no-decay-experience"),
    ("screen", "applied", "f1 0.82 on holdout. they ship it weekly via a batch scoring job "
     "they wrote; never mentioned monitoring or alerting.", "training-only"),
    ("deep_dive", "applied", "when asked if +1% recall was worth 2x serving cost - shrugged.",
     "training-only"),
    ("screen", "applied", "'I designed it' for a 4-team migration, credited the infra folks "
     "and the PM for the rollout.", "solo-framing"),
])
def test_recall_fixes_keep_quiet_on_hard_negatives(rubric_set, round_id, lane, notes, flag):
    assert flag not in ids(raise_flags(rubric_set, card(round_id, lane, "senior", notes=notes)))


@pytest.mark.parametrize(("text", "concept", "expected"), [
    # An after-cue closes a list of bare items, but not a verb phrase before the list.
    ("deployment, serving, monitoring: nothing.", "deployment", NEGATED),
    ("prod side — rate limits, fallbacks, cost/query — never came up", "deployment", NEGATED),
    ("deployed on k8s, monitoring none", "deployment", POSITIVE),
    ("deployed on k8s, monitoring none", "monitoring", NEGATED),
    # A heading names a topic; only what follows it speaks for the candidate.
    ("hallucination checks = asking the model", "eval_harness", "absent"),
    ("AUC = 0.91", "training_metrics", POSITIVE),
    # Cost pairs and verdicts on worth are cost, not serving.
    ("no numbers on latency or $", "deployment", "absent"),
    ("said not worth it unless revenue beats infra cost", "cost", POSITIVE),
    # Questions: "pressed for" and "->" end the question; "standard stuff" is hollow.
    ("pressed for a failure story -> never reached prod", "incident", NEGATED),
    # "w/o prompting" means unprompted, and negates nothing.
    ("w/o prompting covered shadow -> canary, kill switch to the rules engine", "safety",
     POSITIVE),
    ("asked what the contract was - 'standard stuff'", "integration", NEGATED),
])
def test_lists_headings_and_questions(text, concept, expected):
    assert state(text, concept) == expected


def test_a_concept_mostly_said_to_be_missing_counts_as_negated(rubric_set):
    notes = "monitoring plan: 'we'd add some dashboards'. no alerts, no SLOs, no owner."
    assert "no-safety-properties" in ids(raise_flags(rubric_set, card(
        "system_design", notes=notes)))
    notes = "owns mon dashboards + p99 alerts. no drift alerts yet."
    assert "no-safety-properties" not in ids(raise_flags(rubric_set, card(
        "system_design", notes=notes)))


@pytest.mark.parametrize(("round_id", "lane", "notes", "flag"), [
    ("deep_dive", "research", "reported best-of-5 seeds as the result.", "no-experiment-rigor"),
    ("system_design", "applied", "no plan for stale or missing features at request time.",
     "no-safety-properties"),
    ("deep_dive", "applied", "whole project was 'my model', 'my pipeline'.", "solo-framing"),
    ("coding", "applied", "loaded a fresh StandardScaler in the handler and fit it on the "
     "request batch.", "no-skew-awareness"),
    ("coding", "llm", "no tests on model outputs at all; checked by hand.", "no-eval-harness"),
    ("deep_dive", "applied", "AB: 'ran it for a bit and it looked good'.", "ab-test-handwave"),
    ("deep_dive", "domain", "used station data as truth.", "no-domain-fluency"),
])
def test_phrases_added_for_recall(rubric_set, round_id, lane, notes, flag):
    assert flag in ids(raise_flags(rubric_set, card(round_id, lane, "senior", notes=notes)))


def test_mostly_lacks_is_a_text_rule_field():
    rubric_set = with_screen_rules(
        "  - id: t-mostly\n    flag: solo-framing\n    when: {kind: text, mentions: [ab_test],"
        " mostly_lacks: [experiment_design]}\n")
    raised = ids(raise_flags(rubric_set, card(notes="ab test. no power, no guardrails, 2 wks")))
    assert raised == ["solo-framing"]
    assert ids(raise_flags(rubric_set, card(notes="ab test, 2 wks, powered, no guardrails"))) \
        == []


# -- rule kinds ---------------------------------------------------------------------------

def test_registry_holds_the_rule_kinds():
    assert set(RULE_KINDS) == {"observed", "probe", "rating", "missing_evidence", "text",
                               "any", "all", "not"}


def test_observed_rule_in_a_combinator():
    rubric_set = with_screen_rules(
        "  - id: t-observed\n    flag: notebook-handoff\n    when:\n      kind: all\n"
        "      rules:\n        - {kind: observed, flag: training-only}\n"
        "        - {kind: probe, probe: deployment_experience, in: [none]}\n")
    flags = raise_flags(rubric_set, card(observed=("training-only",),
                                         probes={"deployment_experience": "none"}))
    assert ids(flags) == ["notebook-handoff", "training-only"]
    handoff = flags[0]
    assert handoff.source == "interviewer" and handoff.rule == "t-observed"
    assert 'interviewer ticked "Training metrics only"' in handoff.because
    assert '"None yet"' in handoff.because


def test_probe_rule(rubric_set):
    (flag,) = raise_flags(rubric_set, card(probes={"incident_story": "none"}))
    assert (flag.id, flag.source, flag.rule) == ("no-incident-story", "probe",
                                                 "screen-incident-probe")
    assert flag.because == 'probe "Production incident story" answered "None"'
    assert raise_flags(rubric_set, card(probes={"incident_story": "specific_owned"})) == ()


def test_rating_rule_combination(rubric_set):
    flags = raise_flags(rubric_set, card(ratings={"production_experience": 1,
                                                  "fundamentals": 3}))
    (flag,) = flags
    assert flag.id == "training-only" and flag.source == "ratings"
    assert '"Production experience" rated 1 (≤ 1)' in flag.because
    assert '"ML fundamentals" rated 3 (≥ 3)' in flag.because
    assert raise_flags(rubric_set, card(ratings={"production_experience": 2,
                                                 "fundamentals": 3})) == ()


def test_no_signal_rating_never_matches(rubric_set):
    assert raise_flags(rubric_set, card(ratings={"production_experience": None,
                                                 "fundamentals": 4})) == ()


@pytest.mark.parametrize("evidence", [{}, {"production_experience": "  "},
                                      {"production_experience": "n/a"}])
def test_missing_evidence_rule(rubric_set, evidence):
    flags = raise_flags(rubric_set, card(probes={"incident_story": "vague"}, evidence=evidence))
    assert ids(flags) == ["no-incident-story"]
    assert 'no evidence recorded for "Production experience"' in flags[0].because


def test_missing_evidence_rule_is_satisfied_by_evidence(rubric_set):
    evidence = {"production_experience": "canary rollout owned, alerting on PSI"}
    assert raise_flags(rubric_set, card(probes={"incident_story": "vague"},
                                        evidence=evidence)) == ()


def test_not_rule_inside_all():
    rubric_set = with_screen_rules(
        "  - id: t-not\n    flag: solo-framing\n    when:\n      kind: all\n      rules:\n"
        "        - {kind: probe, probe: team_framing, in: [unclear]}\n"
        "        - {kind: not, rule: {kind: text, mentions: [team]}}\n")
    (flag,) = raise_flags(rubric_set, card(probes={"team_framing": "unclear"}))
    assert flag.source == "probe" and "not (text mentions the team)" in flag.because
    assert raise_flags(rubric_set, card(probes={"team_framing": "unclear"},
                                        notes="worked with the PM daily")) == ()


def test_any_rule_quotes_every_branch_that_fired():
    rubric_set = with_screen_rules(
        "  - id: t-any\n    flag: solo-framing\n    when:\n      kind: any\n      rules:\n"
        "        - {kind: probe, probe: team_framing, in: [solo]}\n"
        "        - {kind: text, mentions: [solo]}\n")
    (flag,) = raise_flags(rubric_set, card(probes={"team_framing": "solo"},
                                           notes="said they did everything alone"))
    assert flag.source == "probe"
    assert "Everything was" in flag.because and '"said they did everything alone"' in flag.because


def test_text_rule_reads_evidence_too(rubric_set):
    (flag,) = raise_flags(rubric_set, card(evidence={
        "production_experience": "no incident story at all"}))
    assert flag.id == "no-incident-story" and flag.source == "evidence"
    # The criterion is named as the interviewer saw it, never by its internal key.
    assert flag.because.startswith('evidence for "Production experience": "no incident story')
    assert "evidence[" not in flag.because


def test_reasons_quote_the_notes_as_written(rubric_set):
    notes = ("Named LangChain, Pinecone \u201cand so on\u201d. "
             "Couldn\u2019t explain how they were WIRED.")
    flags = {f.id: f for f in raise_flags(rubric_set, card(notes=notes))}
    because = flags["framework-name-dropping"].because
    assert "LangChain, Pinecone" in because or "WIRED" in because
    assert "langchain" not in because and "wired" not in because


def test_clauses_keep_the_written_text_beside_the_normalised_one():
    from interviewkit.domain.flags import split_clauses

    clauses = split_clauses("Obviously STRONG.\n- Compared \u201cA\u201d with B, "
                            "but couldn\u2019t say WHY", "notes")
    assert [c.text for c in clauses] == ["obviously strong", 'compared "a" with b',
                                         "but couldn't say why"]
    assert [c.original for c in clauses] == ["Obviously STRONG", "Compared \u201cA\u201d with B",
                                             "but couldn\u2019t say WHY"]


# -- reasons, merging, ordering ------------------------------------------------------------

def test_because_quotes_the_triggering_words(rubric_set):
    flags = raise_flags(rubric_set, card(notes="AUC 0.91 on holdout. never mentioned "
                                               "monitoring"))
    (flag,) = flags
    assert flag.id == "training-only" and flag.source == "notes"
    assert flag.because.startswith('notes: "never mentioned monitoring" — monitoring '
                                   'mentioned only negatively')
    assert '"AUC"' in flag.because  # as written, not lowercased


def test_kubeflow_explained_is_not_name_dropping(rubric_set):
    notes = "named Kubeflow, then explained exactly how the pipeline was wired"
    assert "framework-name-dropping" not in ids(raise_flags(rubric_set, card(notes=notes)))
    notes = "named Kubeflow, then couldn't explain how the pipeline was wired"
    assert "framework-name-dropping" in ids(raise_flags(rubric_set, card(notes=notes)))


def test_monitoring_buzzword_raises_safety_for_a_senior(rubric_set):
    notes = "mentioned monitoring but couldn't say what they'd alert on"
    (flag,) = raise_flags(rubric_set, card("system_design", notes=notes))
    assert flag.id == "no-safety-properties"
    assert "without substance" in flag.because or "negatively" in flag.because


def test_observed_merges_with_rules_and_wins_the_source(rubric_set):
    (flag,) = raise_flags(rubric_set, card(observed=("no-incident-story",),
                                           probes={"incident_story": "none"}))
    assert flag.source == "interviewer"
    assert flag.rule == "observed, screen-incident-probe"
    assert flag.because.startswith('interviewer ticked "No production incident story"; probe')


@pytest.mark.parametrize(("level", "severity"), [
    ("junior", "info"), ("mid", "concern"), ("senior", "blocking"), ("staff", "blocking")])
def test_severity_by_level(rubric_set, level, severity):
    (flag,) = raise_flags(rubric_set, card(level=level, probes={"incident_story": "none"}))
    assert flag.severity == severity


def test_sorted_by_severity_then_id(rubric_set):
    flags = raise_flags(rubric_set, card(level="mid", observed=(
        "solo-framing", "training-only", "no-incident-story", "framework-name-dropping")))
    assert [(f.severity, f.id) for f in flags] == [
        ("concern", "framework-name-dropping"), ("concern", "no-incident-story"),
        # Solo framing is a concern from mid-level on (issue 12), sorted by id among concerns.
        ("concern", "solo-framing"), ("concern", "training-only")]


def test_flags_outside_lane_round_or_level_are_not_raised(rubric_set):
    notes = "eval = spot checks, eyeballed 20 outputs; no fallback, no kill switch"
    assert ids(raise_flags(rubric_set, card("system_design", "llm", "senior", notes=notes))) == \
        ["no-eval-harness", "no-safety-properties"]
    assert ids(raise_flags(rubric_set, card("system_design", "applied", "senior",
                                            notes=notes))) == ["no-safety-properties"]
    assert raise_flags(rubric_set, card("system_design", "applied", "mid", notes=notes)) == ()


def test_deterministic(rubric_set):
    scorecard = card("deep_dive", "domain", "staff",
                     notes="generic answers; no incident story; I did everything alone",
                     probes={"label_noise": "generic"}, ratings={"tradeoff_judgment": 1})
    first = raise_flags(rubric_set, scorecard)
    assert len(first) >= 3
    assert all(raise_flags(rubric_set, scorecard) == first for _ in range(5))


# -- validation and parsing ---------------------------------------------------------------

def test_validate_scorecard(rubric_set):
    scorecard = card(evidence={"nope": "x"}, ratings={"fundamentals": 5, "production": 2},
                     probes={"incident_story": "maybe", "vibe": "x"},
                     observed=("no-vibes", "no-eval-harness"))
    assert validate_scorecard(rubric_set, scorecard) == [
        "evidence.nope: unknown criterion for screen",
        "ratings.fundamentals: rating must be 1-4 or null, got 5",
        "ratings.production: unknown criterion for screen",
        "probes.incident_story: unknown option 'maybe'",
        "probes.vibe: unknown probe for screen",
        "observed[0]: unknown flag 'no-vibes'",
        "observed[1]: flag 'no-eval-harness' does not apply to screen/applied/senior",
    ]
    assert validate_scorecard(rubric_set, card(round_id="lunch", lane="x", level="y")) == [
        "round: unknown round 'lunch'", "lane: unknown lane 'x'", "level: unknown level 'y'"]
    assert validate_scorecard(rubric_set, card(ratings={"fundamentals": None})) == []


@pytest.mark.parametrize(("payload", "field"), [
    ([], "scorecard"),
    ({"lane": "applied", "level": "mid"}, "round"),
    ({"round": "screen", "lane": 3, "level": "mid"}, "lane"),
    ({"round": "screen", "lane": "applied", "level": "mid", "mood": "x"}, "mood"),
    ({"round": "screen", "lane": "applied", "level": "mid", "ratings": {"a": 7}}, "ratings.a"),
    ({"round": "screen", "lane": "applied", "level": "mid", "ratings": {"a": True}},
     "ratings.a"),
    ({"round": "screen", "lane": "applied", "level": "mid", "probes": {"p": 1}}, "probes.p"),
    ({"round": "screen", "lane": "applied", "level": "mid", "observed": "x"}, "observed"),
])
def test_parse_scorecard_names_the_bad_field(payload, field):
    with pytest.raises(ScorecardError) as caught:
        parse_scorecard(payload)
    assert caught.value.field == field


# -- properties ---------------------------------------------------------------------------

scorecards = st.builds(
    ScorecardInput,
    round=st.sampled_from(ROUND_IDS), lane=st.sampled_from(LANE_IDS),
    level=st.sampled_from(LEVEL_IDS), notes=st.text(max_size=300))


# Loaded once for the properties; a fixture argument would bloat Hypothesis's reports.
RUBRIC_SET = load_rubric_set(RUBRICS)


@settings(max_examples=150, deadline=None)
@given(scorecard=scorecards)
def test_arbitrary_text_never_breaks_and_only_applicable_flags_are_raised(scorecard):
    rubric_set = RUBRIC_SET
    applicable = {f.id for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                      scorecard.level)}
    flags = raise_flags(rubric_set, scorecard)
    assert {f.id for f in flags} <= applicable
    assert len({f.id for f in flags}) == len(flags)
    assert all(f.source in ("notes", "evidence") for f in flags)


words = st.sampled_from(["no", "never", "monitoring", "auc", "but", "couldn't", "explain",
                         "kubeflow", "a/b", "test", "alone", "team", ",", ".", "n/a", "idk",
                         "prod", "rollback", "w/o", "incident", "then", "asked", "?", ":"])


@settings(max_examples=150, deadline=None)
@given(scorecard=scorecards, tokens=st.lists(words, max_size=30), data=st.data())
def test_ticking_a_flag_always_raises_it_as_interviewer(scorecard, tokens, data):
    rubric_set = RUBRIC_SET
    applicable = [f.id for f in rubric_set.flags_for(scorecard.round, scorecard.lane,
                                                      scorecard.level)]
    assume(applicable)  # coding has no research-lane flags for a junior, for example
    ticked = data.draw(st.sampled_from(applicable))
    scorecard = ScorecardInput(scorecard.round, scorecard.lane, scorecard.level,
                               notes=" ".join(tokens), observed=(ticked,))
    raised = {f.id: f for f in raise_flags(rubric_set, scorecard)}
    assert raised[ticked].source == "interviewer"
    assert raised[ticked].severity == rubric_set.flags[ticked].severity_for(scorecard.level,
                                                                         scorecard.lane)
