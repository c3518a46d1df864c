"""Split an answer into checkable claims."""
import re


def split_claims(answer):
    return [s for s in re.split(r"(?<=[.!?])\s+", answer.strip()) if s]
