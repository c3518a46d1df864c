"""Evaluate the support assistant on the eval set.

    python harness.py data/eval_set.jsonl results.jsonl
"""

import json
import sys

import assistant


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
