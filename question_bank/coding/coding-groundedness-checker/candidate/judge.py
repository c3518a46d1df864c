"""The LLM judge, faked deterministically (no network).

judge(claim, passages) -> str  is the model's raw text. The model was asked to answer
"supported", "contradicted" or "not-enough-info", and mostly does, but the raw text is not
always clean ("Supported.", "NOT ENOUGH INFO", or something unusable). About 2% of calls raise
JudgeTimeout. `judge.calls` counts calls (each one costs money in production).
"""
import hashlib
import re


class JudgeTimeout(Exception):
    pass


class FakeJudge:
    def __init__(self):
        self.calls = 0

    def __call__(self, claim, passages):
        self.calls += 1
        h = int(hashlib.sha256(claim.encode()).hexdigest(), 16)
        if h % 50 == 0:
            raise JudgeTimeout("judge did not answer within 20 s")
        if h % 67 == 1:
            return "As an AI model I cannot verify this."
        label = self._decide(claim, passages)
        style = h % 7
        if style == 0:
            return label.upper().replace("-", " ")
        if style == 1:
            return label.capitalize() + "."
        return label

    @staticmethod
    def _decide(claim, passages):
        text = " ".join(passages)
        sentences = re.split(r"(?<=\.)\s+", text)
        if claim.strip() in sentences:
            return "supported"
        numbers = re.findall(r"\d+", claim)
        masked = re.sub(r"\d+", "#", claim.strip())
        for s in sentences:
            if numbers and re.sub(r"\d+", "#", s) == masked:
                return "contradicted"
        return "not-enough-info"
