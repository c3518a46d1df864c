"""Slow checks against the real model; run in a separate job with EMAIL_MODEL_ENDPOINT set."""
import json
import os
from pathlib import Path

import pytest

from email_prompt import check_output, render_prompt
from llm import generate

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = [json.loads(line) for line in (DATA / "logged_cases.jsonl").read_text().splitlines()]

pytestmark = pytest.mark.skipif(not os.environ.get("EMAIL_MODEL_ENDPOINT"), reason="real model not configured")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_real_model_output_passes_the_checks(case):
    output = generate(render_prompt(case["variables"], case["thread"]))
    assert check_output(output, case) == []
