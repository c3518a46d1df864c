"""The support assistant's two calls, as a deterministic offline stand-in.

The real ones hit the vector index and the LLM; these replay recorded behaviour from
data/assistant_fixture.json, including the timeouts and the malformed citations.

For cost accounting, `answer` now reports what the provider bills: the text it returns is a
`str` as before, with a `.usage` attribute such as
{"model": "assistant-large", "input_tokens": 1712, "output_tokens": 31}. A call that times
out is billed for its input: the `TimeoutError` it raises carries `.usage` too.
"""

import json
from pathlib import Path

_FIXTURE = json.loads((Path(__file__).parent / "data" / "assistant_fixture.json").read_text())
MODEL = "assistant-large"
TOKENS_PER_CHUNK = 320  # a help-center chunk, as the real tokenizer counts it


class Reply(str):
    """The answer text, plus the usage the provider reported for the call."""

    usage: dict


def _usage(question, chunks, text):
    return {"model": MODEL,
            "input_tokens": 150 + 2 * len(question.split()) + TOKENS_PER_CHUNK * len(chunks),
            "output_tokens": 4 * len(text.split()) // 3}


def retrieve(question, k):
    """Return up to k chunk ids, best first, such as "doc-123#2" (article doc-123, chunk 2)."""
    return list(_FIXTURE["index"].get(question, []))[:k]


def answer(question, chunks):
    """Return the assistant's answer text (a str with `.usage`), citing articles like [doc-123].

    Raises TimeoutError (also with `.usage`) when the generation call times out (about 4% of
    questions).
    """
    generation = _FIXTURE["generations"].get(question, {"text": ""})
    if generation.get("timeout"):
        error = TimeoutError("generation timed out after 30 s")
        error.usage = _usage(question, chunks, "")
        raise error
    reply = Reply(generation["text"])
    reply.usage = _usage(question, chunks, generation["text"])
    return reply
