"""The bank parser: good files parse; every problem names its file, line and field."""

from __future__ import annotations

import textwrap

import pytest

from interviewkit.config import PROJECT_ROOT
from interviewkit.domain import catalog
from interviewkit.domain.bank import lint_bank, load_bank, parse_bank
from interviewkit.domain.problems import ContentError

GOOD = textwrap.dedent("""\
    questions:
      - id: screen-shipped-model
        title: A model you shipped
        prompt: Walk me through a model you shipped.
        round: screen
        lanes: [applied, llm]
        levels: [mid, senior]
        signals: [ownership, production]
        minutes: 15
        follow_ups: ["What broke first?"]
        strong_answer: Names what they owned.
        weak_answer: Talks only about the notebook.
        concept: shipped-model
    """)


def test_parses_a_good_question():
    [question] = parse_bank({"a.yaml": GOOD})
    assert question.id == "screen-shipped-model"
    assert question.lanes == frozenset({"applied", "llm"})
    assert question.signals == ("ownership", "production")
    assert question.follow_ups == ("What broke first?",)
    assert question.source == "a.yaml:2"
    assert question.fits("llm", "senior") and not question.fits("research", "senior")


def test_unknown_tag_names_file_line_and_field():
    bad = GOOD.replace("lanes: [applied, llm]", "lanes: [applied, lmm]")
    problems = lint_bank({"bank/x.yaml": bad})
    assert len(problems) == 1
    assert problems[0].file == "bank/x.yaml"
    assert problems[0].line == 6
    assert problems[0].field == "lanes"
    assert "'lmm'" in problems[0].message and "applied" in problems[0].message


def test_reports_every_problem_not_just_the_first():
    bad = GOOD.replace("minutes: 15", "minutes: fifteen").replace("round: screen", "round: lunch")
    bad = bad.replace("    title: A model you shipped\n", "")
    fields = {p.field for p in lint_bank({"x.yaml": bad})}
    assert fields == {"minutes", "round", "title"}


def test_syntax_error_reports_the_line():
    broken = GOOD.replace("lanes: [applied, llm]", "lanes: [applied, llm")
    [problem] = lint_bank({"x.yaml": broken})
    assert problem.field == "(syntax)" and problem.line >= 6


def test_duplicate_ids_across_files_point_to_the_first():
    problems = lint_bank({"a.yaml": GOOD, "b.yaml": GOOD})
    assert [(p.file, p.field) for p in problems] == [("b.yaml", "id")]
    assert "a.yaml:2" in problems[0].message


def test_unknown_field_is_reported():
    bad = GOOD.replace("    minutes: 15\n", "    minutes: 15\n    minuets: 3\n")
    [problem] = lint_bank({"x.yaml": bad})
    assert (problem.field, problem.line) == ("minuets", 10)


def test_parse_is_all_or_nothing():
    second = GOOD.replace("screen-shipped-model", "screen-other").replace("minutes: 15",
                                                                          "minutes: 500")
    with pytest.raises(ContentError) as error:
        parse_bank({"a.yaml": GOOD, "b.yaml": second})
    assert [p.file for p in error.value.problems] == ["b.yaml"]


def test_content_hash_changes_with_text_only():
    [a] = parse_bank({"a.yaml": GOOD})
    [b] = parse_bank({"b.yaml": GOOD})
    [c] = parse_bank({"a.yaml": GOOD.replace("Walk me", "Take me")})
    assert a.content_hash() == b.content_hash() != c.content_hash()


def test_shipped_bank_is_clean_and_big_enough():
    questions = load_bank(PROJECT_ROOT / "question_bank")
    assert len(questions) >= 200
    for round_id in catalog.ROUND_IDS:
        for lane in catalog.LANE_IDS:
            in_lane = [q for q in questions if q.round == round_id and lane in q.lanes]
            assert len(in_lane) >= 8, (round_id, lane)
            for level in catalog.LEVEL_IDS:
                fitting = [q for q in in_lane if level in q.levels]
                assert len(fitting) >= 3, (round_id, lane, level)
    for domain in catalog.DOMAIN_IDS:
        assert any(domain in q.domains and q.round == "deep_dive" for q in questions), domain


def test_every_shipped_question_is_written_per_level_with_a_ladder():
    """What meets the bar at each of its levels, what separates a 2 from a 3, and a hint for
    a struggling candidate and a push for a strong one: for every question in the bank."""
    incomplete = []
    for question in load_bank(PROJECT_ROOT / "question_bank"):
        missing = [name for name, present in (
            ("level_bar", {lv for lv, _ in question.level_bar} == set(question.levels)),
            ("separates", bool(question.separates.strip())),
            ("hint", bool(question.hints)), ("push", bool(question.pushes)),
            ("probe", bool(question.follow_ups))) if not present]
        if missing:
            incomplete.append((question.id, missing))
    assert incomplete == []
