"""Model access.

`generate(prompt)` calls the real model. There is no network in this exercise, so it raises;
tests that need it must be marked and skipped here. `FakeGenerator` returns canned replies for
unit tests.
"""
import json
import os
from pathlib import Path


class ModelUnavailable(RuntimeError):
    pass


def generate(prompt, max_output_tokens=400):
    if not os.environ.get("EMAIL_MODEL_ENDPOINT"):
        raise ModelUnavailable("EMAIL_MODEL_ENDPOINT is not set (no real model in this exercise)")
    raise ModelUnavailable("network calls are disabled in this exercise")


class FakeGenerator:
    """Callable like `generate`. Returns scripted replies in order, or the canned reply logged
    for a case: FakeGenerator.for_case("case-07")."""

    CANNED = Path(__file__).resolve().parent / "data" / "canned_replies.json"

    def __init__(self, replies):
        self.replies = list(replies)
        self.prompts = []

    @classmethod
    def for_case(cls, case_id):
        return cls([json.loads(cls.CANNED.read_text())[case_id]])

    def __call__(self, prompt, max_output_tokens=400):
        self.prompts.append(prompt)
        if not self.replies:
            raise RuntimeError("FakeGenerator has no more replies")
        return self.replies.pop(0)
