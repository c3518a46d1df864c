"""The support assistant's two calls, as a deterministic offline stand-in.

The real ones hit the vector index and the LLM; these replay recorded behaviour from
data/assistant_fixture.json, including the timeouts and the malformed citations.
"""

import json
from pathlib import Path

_FIXTURE = json.loads((Path(__file__).parent / "data" / "assistant_fixture.json").read_text())


def retrieve(question, k):
    """Return up to k chunk ids, best first, such as "doc-123#2" (article doc-123, chunk 2)."""
    return list(_FIXTURE["index"].get(question, []))[:k]


def answer(question, chunks):
    """Return the assistant's answer text, citing articles like [doc-123].

    Raises TimeoutError when the generation call times out (about 4% of questions).
    """
    generation = _FIXTURE["generations"].get(question, {"text": ""})
    if generation.get("timeout"):
        raise TimeoutError("generation timed out after 30 s")
    return generation["text"]
