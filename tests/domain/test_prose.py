"""Bank text renders as paragraphs and lists, whatever its YAML line breaks."""

from interviewkit.domain.prose import prose_blocks


def test_wrapped_lines_flow_into_one_paragraph():
    assert prose_blocks("A model that\nworked in testing.\n\nWhat broke?") == [
        ("p", "A model that worked in testing."), ("p", "What broke?")]


def test_dash_lines_become_list_items_and_wrapped_items_continue():
    text = ("Change the loop so that:\n- tool names are validated\n  against schemas,\n"
            "- a step limit.")
    assert prose_blocks(text) == [
        ("p", "Change the loop so that:"),
        ("ul", ["tool names are validated against schemas,", "a step limit."])]


def test_empty_text_has_no_blocks():
    assert prose_blocks(None) == [] and prose_blocks("  \n ") == []


def test_in_sentence_lowercases_plain_words_and_keeps_acronyms():
    from interviewkit.domain.prose import in_sentence

    assert in_sentence("ML fundamentals") == "ML fundamentals"
    assert in_sentence("Mid-level") == "mid-level"
    assert in_sentence("Production-style coding") == "production-style coding"
    assert in_sentence("LLM / GenAI") == "LLM / GenAI"
    assert in_sentence("Technical screen") == "technical screen"
    assert in_sentence("A/B test design") == "A/B test design"
    assert in_sentence(None) == ""
