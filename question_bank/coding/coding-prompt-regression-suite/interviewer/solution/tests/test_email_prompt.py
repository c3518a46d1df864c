"""Fast unit tests: rendering, truncation and output checks against the canned generator.

Checks against the real model live in test_model_regression.py and only run when
EMAIL_MODEL_ENDPOINT is set (a separate CI job).
"""
import json
import re
from pathlib import Path

import pytest

from email_prompt import MissingVariable, PromptTooLong, check_output, render_prompt
from llm import FakeGenerator
from tokenizer import count_tokens

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = [json.loads(line) for line in (DATA / "logged_cases.jsonl").read_text().splitlines()]
KNOWN_BAD = {"case-07", "case-13", "case-19", "case-22"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_logged_case_renders_and_canned_reply_is_judged(case):
    prompt = render_prompt(case["variables"], case["thread"])
    assert count_tokens(prompt) <= 6000
    assert not re.search(r"\{\w+\}", prompt.split("Conversation so far")[0])
    problems = check_output(FakeGenerator.for_case(case["id"])(prompt), case)
    assert bool(problems) == (case["id"] in KNOWN_BAD), problems


def test_missing_variable_raises():
    case = CASES[0]
    with pytest.raises(MissingVariable):
        render_prompt({k: v for k, v in case["variables"].items() if k != "tone"}, case["thread"])


def test_truncation_keeps_the_newest_and_drops_the_oldest():
    case = next(c for c in CASES if c["id"] == "case-17")
    prompt = render_prompt(case["variables"], case["thread"])
    assert case["thread"][-1]["body"] in prompt
    assert case["thread"][0]["sent_at"] not in prompt


def test_newest_message_too_long_is_an_error_not_a_cut():
    case = CASES[0]
    huge = case["thread"] + [{"from": "X", "sent_at": "2026-05-01T00:00:00Z", "body": "word " * 7000}]
    with pytest.raises(PromptTooLong):
        render_prompt(case["variables"], huge)
