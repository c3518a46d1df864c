"""The current regression suite: compare each logged case with the email the user accepted."""
import json
from pathlib import Path

import pytest

from email_prompt import render_prompt
from llm import FakeGenerator

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = [json.loads(line) for line in (DATA / "logged_cases.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_output_matches_the_accepted_email(case):
    generate = FakeGenerator.for_case(case["id"])
    output = generate(render_prompt(case["variables"], case["thread"]))
    assert output == case["accepted_output"]
