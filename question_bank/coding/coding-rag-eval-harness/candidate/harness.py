"""Evaluate the support assistant on the eval set.

    python harness.py data/eval_set.jsonl results.jsonl
"""

import json
import re
import sys

import assistant

# --- Given: correct and tested (tests/test_harness.py). Use them; no need to change them. -----

CITATION = re.compile(r"\[(doc-\d+)\]")
CITATION_START = re.compile(r"\[\s*doc", re.IGNORECASE)
REFUSAL_PHRASES = ("couldn't find", "could not find", "don't know", "do not know",
                   "not covered", "no information")


def article(chunk_id):
    """The article a chunk belongs to: "doc-123#2" -> "doc-123"."""
    return chunk_id.split("#", 1)[0]


def parse_citations(text):
    """Return (cited article ids in order, malformed).

    malformed is True when the text has a "[doc" that is not a well-formed "[doc-<digits>]",
    such as "[doc-123 " with no closing bracket.
    """
    cited = CITATION.findall(text)
    return cited, len(CITATION_START.findall(text)) != len(cited)


def is_refusal(text):
    """True when the answer cites nothing and says it could not find the answer."""
    lowered = text.lower()
    return not CITATION.search(text) and any(phrase in lowered for phrase in REFUSAL_PHRASES)


# --- The first attempt ------------------------------------------------------------------------

def run(eval_path, out_path, retrieve=assistant.retrieve, answer=assistant.answer):
    items = [json.loads(line) for line in open(eval_path)]
    results = []
    hits = 0
    for item in items:
        chunks = retrieve(item["question"], 5)
        text = answer(item["question"], chunks)
        hit = any(chunk.split("#")[0] in item["gold_articles"] for chunk in chunks)
        hits += hit
        results.append({"id": item["id"], "answer": text, "hit": hit})
    with open(out_path, "w") as handle:
        json.dump(results, handle)
    score = hits / len(items)
    print(f"score: {score:.3f}")
    return {"recall@5": score}


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
