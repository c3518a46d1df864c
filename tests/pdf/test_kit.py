"""The printed interview kit: questions, the rubric at the candidate's level, room to write."""

from __future__ import annotations

import dataclasses

import pytest

from interviewkit.domain.kit import KitQuestion
from interviewkit.pdf import PaperError, build_kit
from tests.pdf.helpers import all_text, flat, page_sizes, page_texts, reader
from tests.pdf.samples import make_kit


@pytest.fixture(scope="module")
def kit():
    return make_kit()


@pytest.fixture(scope="module")
def pdf(kit) -> bytes:
    return build_kit(kit, paper="a4")


def test_kit_has_questions_follow_ups_and_what_strong_and_weak_sound_like(kit, pdf):
    text = all_text(pdf)
    for question in kit.questions:
        for part in (question.title, question.prompt, question.strong_answer,
                     question.weak_answer, *question.follow_ups):
            assert flat(part) in text
    assert "What strong sounds like" in text and "What weak sounds like" in text


def test_kit_has_the_anchors_at_the_candidates_level_and_the_probes(kit, pdf):
    text = all_text(pdf)
    assert "Rubric at senior" in text
    for criterion in kit.criteria:
        assert criterion.name in text
        for _, anchor in criterion.anchors:
            assert anchor in text
    for probe in kit.probes:
        assert probe.question in text
        for option in probe.options:
            assert f"☐ {option}" in text


def test_kit_pages_are_framed_and_end_with_a_notes_page(kit, pdf):
    texts = page_texts(pdf)
    for number, page in enumerate(texts, 1):
        assert "Confidential — candidate evaluation" in page
        assert f"page {number} of {len(texts)}" in page
        assert "Interview kit · ML system design · loop 7" in page
    assert texts[-1].startswith("Notes Write what the candidate said and did")
    assert reader(pdf).metadata.author == "interviewkit"
    assert "Zoë Ångström-Nakamura" in texts[0]


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_kit_paper_sizes(kit, paper, size):
    assert page_sizes(build_kit(kit, paper=paper)) == {size}


def test_kit_refuses_unknown_paper(kit):
    with pytest.raises(PaperError):
        build_kit(kit, paper="legal")


def test_kit_with_long_prompts_and_no_rubric_still_prints(kit):
    long_prompt = " ".join(f"k{i}." for i in range(6000))
    question = KitQuestion("Long one", long_prompt, 30, (), "", "")
    bare = dataclasses.replace(kit, questions=(question,), criteria=(), probes=(),
                               candidate_name="李明", interviewers=())
    text = all_text(build_kit(bare))
    assert "No rubric is imported for this round." in text
    assert "k5999." in text
    assert "李明" in text


def test_kit_prints_the_bar_at_the_level_the_ladder_and_the_planners_note(kit):
    question = dataclasses.replace(
        kit.questions[0], bar="Names the store's freshness contract and a fallback.",
        separates="A 2 caches features; a 3 says what happens when the cache is stale.",
        hints=("What does the model see when the store is down?",),
        pushes=("Two teams want the same feature with different windows. Now what?",),
        note="The screen already heard one incident story; ask for a different one.")
    extension = dataclasses.replace(kit.questions[1], if_time=True)
    text = all_text(build_kit(dataclasses.replace(kit, questions=(question, extension))))
    assert "Meets the bar for senior" in text
    for part in (question.bar, question.separates, *question.hints, *question.pushes,
                 question.note):
        assert flat(part) in text
    assert "What separates a 2 from a 3" in text
    assert "If the candidate is stuck (hints)" in text
    assert "If the candidate is strong (push further)" in text
    assert "if time" in text and "not evidence against the candidate" in text
