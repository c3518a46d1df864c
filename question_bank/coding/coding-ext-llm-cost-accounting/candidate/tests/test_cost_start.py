"""A start for the cost tests: the new stand-in reports usage, and the harness still runs."""

import json

from assistant import answer, retrieve


def test_the_stand_in_reports_usage_with_each_answer():
    question = json.loads(open("data/eval_set.jsonl").readline())["question"]
    text = answer(question, retrieve(question, 10)[:5])
    assert isinstance(text, str)
    assert set(text.usage) == {"model", "input_tokens", "output_tokens"}
    assert text.usage["input_tokens"] > 0


def test_prices_are_in_config():
    prices = json.load(open("prices.json"))
    assert prices["assistant-large"]["input"] > 0
