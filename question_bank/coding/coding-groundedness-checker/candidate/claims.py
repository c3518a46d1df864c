"""Split an answer into checkable claims. Given: you do not need to change it in the interview.

A claim is a sentence that states something checkable. Greetings, thanks, offers of more help
and hedges are not claims: they are dropped here, and tests/test_groundedness.py pins that
with examples.
"""
import re

NOT_CLAIMS = [
    r"^(hi|hello|hey)( there)?[!.,]?$",
    r"^(great|good) question[!.]?$",
    r"^(happy|glad) to help[!.]?$",
    r"^thanks?( you)?( for (reaching out|asking|your question))?[!.]?$",
    r"^i hope (this|that) helps[!.]?$",
    r"^let me know if you have (any )?(other|more|further) questions[!.]?$",
]
_NOT_CLAIMS = [re.compile(p, re.IGNORECASE) for p in NOT_CLAIMS]


def is_claim(sentence):
    s = sentence.strip()
    if not s or not re.search(r"[A-Za-z]", s):
        return False
    return not any(p.match(s) for p in _NOT_CLAIMS)


def split_claims(answer):
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", answer.strip()) if s.strip()]
    return [s for s in sentences if is_claim(s)]
