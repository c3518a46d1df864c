"""Find eval items that leaked into the training corpus and write a cleaned training file
(reference solution).

    python dedupe.py --train data/train.jsonl --eval data/eval.jsonl --out train.clean.jsonl --report contamination.jsonl

normalize(): HTML entities unescaped, Unicode NFKC (full-width -> ASCII, non-breaking space ->
space), curly quotes and dashes mapped to ASCII, case folded, whitespace collapsed.
Exact duplicates: equal normalized text (a dict lookup). Near duplicates: Jaccard similarity
of word-bigram sets, found through an inverted index from bigram to eval items, so each
training text is compared only with eval items that share a bigram (not all pairs). Bigrams
that occur in more than MAX_POSTING eval items are skipped for candidate generation (they carry
no signal and would make the index quadratic), but still count in the similarity.
"""
import argparse
import html
import json
import re
import unicodedata
from collections import Counter, defaultdict

DEFAULT_THRESHOLD = 0.5
MAX_POSTING = 200
PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                       "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "..."})


def normalize(text):
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(PUNCT)
    return " ".join(text.casefold().split())


def shingles(normalized):
    tokens = re.findall(r"\w+|[^\w\s]", normalized)
    return {(a, b) for a, b in zip(tokens, tokens[1:])} or {tuple(tokens)}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find_contamination(train_texts, eval_texts, threshold=DEFAULT_THRESHOLD):
    eval_norm = [normalize(t) for t in eval_texts]
    exact = defaultdict(list)
    for i, t in enumerate(eval_norm):
        exact[t].append(i)
    eval_sh = [shingles(t) for t in eval_norm]
    index = defaultdict(list)
    for i, sh in enumerate(eval_sh):
        for s in sh:
            index[s].append(i)
    matches = []
    for j, raw in enumerate(train_texts):
        norm = normalize(raw)
        if norm in exact:
            matches += [{"train_index": j, "eval_index": i, "similarity": 1.0, "kind": "exact"} for i in exact[norm]]
            continue
        sh = shingles(norm)
        shared = Counter()
        for s in sh:
            posting = index.get(s)
            if posting and len(posting) <= MAX_POSTING:
                shared.update(posting)
        for i, _ in shared.items():
            inter = len(sh & eval_sh[i])
            sim = inter / (len(sh) + len(eval_sh[i]) - inter)
            if sim >= threshold:
                matches.append({"train_index": j, "eval_index": i, "similarity": round(sim, 4), "kind": "near"})
    return matches


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--eval", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = p.parse_args(argv)
    train, evals = read_jsonl(args.train), read_jsonl(args.eval)
    matches = find_contamination([r["text"] for r in train], [r["text"] for r in evals], args.threshold)
    bad = {m["train_index"] for m in matches}
    with open(args.out, "w", encoding="utf-8") as f:
        for j, row in enumerate(train):
            if j not in bad:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(args.report, "w", encoding="utf-8") as f:
        for m in sorted(matches, key=lambda m: -m["similarity"]):
            f.write(json.dumps({"train_id": train[m["train_index"]]["id"], "eval_id": evals[m["eval_index"]]["id"],
                                "similarity": m["similarity"], "kind": m["kind"],
                                "train_text": train[m["train_index"]]["text"][:200],
                                "eval_text": evals[m["eval_index"]]["text"][:200]}, ensure_ascii=False) + "\n")
    kinds = Counter(m["kind"] for m in matches)
    print(f"{len(bad)} contaminated training rows removed ({kinds['exact']} exact, {kinds['near']} near, "
          f"threshold {args.threshold}); {len(train) - len(bad)} kept; "
          f"{len({m['eval_index'] for m in matches})} of {len(evals)} eval items affected")


if __name__ == "__main__":
    main()
