"""Offline stand-in for the LLM provider.

It replays answers recorded from the real model on the 200 labelled tickets (matched by the
sha256 of the ticket text found in the user message), including the provider's timeouts and
server errors. For text it has no recording for, it answers "general".
"""
import hashlib
import json
from pathlib import Path


class LLMTimeout(Exception):
    pass


class LLMError(Exception):
    pass


class FakeLLM:
    def __init__(self, recorded_path=Path(__file__).parent / "data" / "llm_recorded.jsonl"):
        self.recorded = {}
        for line in Path(recorded_path).read_text().splitlines():
            entry = json.loads(line)
            self.recorded[entry.pop("text_sha256")] = entry
        self.calls = 0

    def complete(self, system, user, timeout=10.0):
        """Returns the model's text answer; raises LLMTimeout or LLMError like the real client."""
        self.calls += 1
        for sha, entry in self.recorded.items():
            if any(hashlib.sha256(part.encode()).hexdigest() == sha for part in _candidates(user)):
                if entry.get("error") == "timeout":
                    raise LLMTimeout(f"no answer within {timeout}s")
                if entry.get("error"):
                    raise LLMError("500 from provider")
                return entry["response"]
        return "general"


def _candidates(user):
    yield user
    for line in user.splitlines():
        yield line
        yield line.strip()
