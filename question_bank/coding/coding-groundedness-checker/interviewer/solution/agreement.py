"""Judge vs humans, and humans vs each other (reference).  python agreement.py

Sentence-level comparison on the 150 labelled answers. Sentences the humans mark "no_claim"
are compared with the splitter's decision (dropped sentence -> "no_claim"). Cohen's kappa
corrects for chance; the confusion matrix shows the judge's failure direction.
"""
import json
from collections import Counter

from claims import is_claim
from groundedness import judge_claims
from judge import FakeJudge

CATEGORIES = ["supported", "contradicted", "not-enough-info", "no_claim", "unknown"]


def cohens_kappa(a, b):
    if len(a) != len(b) or not a:
        raise ValueError("need two label lists of the same, non-zero length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def confusion(rows, cols):
    return Counter(zip(rows, cols))


def collect(judge=None):
    judge = judge or FakeJudge()
    answers = {}
    with open("data/logged_answers.jsonl") as f:
        for line in f:
            a = json.loads(line)
            answers[a["answer_id"]] = a
    judged, a_lab, b_lab = [], [], []
    with open("data/human_labels.jsonl") as f:
        for line in f:
            item = json.loads(line)
            passages = answers[item["answer_id"]]["passages"]
            for s in item["sentences"]:
                judged.append(judge_claims([s["sentence"]], passages, judge)[0] if is_claim(s["sentence"]) else "no_claim")
                a_lab.append(s["human_a"])
                b_lab.append(s["human_b"])
    return judged, a_lab, b_lab


def main():
    judged, a_lab, b_lab = collect()
    print(f"sentences: {len(judged)}")
    print(f"human A vs human B: raw {sum(x == y for x, y in zip(a_lab, b_lab)) / len(a_lab):.1%}, "
          f"kappa {cohens_kappa(a_lab, b_lab):.3f}")
    for name, human in (("A", a_lab), ("B", b_lab)):
        print(f"judge vs human {name}: raw {sum(x == y for x, y in zip(judged, human)) / len(human):.1%}, "
              f"kappa {cohens_kappa(judged, human):.3f}")
    agreed = [(j, a) for j, a, b in zip(judged, a_lab, b_lab) if a == b]
    print("judge (rows) vs agreed human label (columns), sentences where humans agree:")
    m = confusion([j for j, _ in agreed], [a for _, a in agreed])
    print(" " * 16 + "".join(f"{c[:14]:>16}" for c in CATEGORIES[:4]))
    for r in CATEGORIES:
        print(f"{r[:15]:<16}" + "".join(f"{m[(r, c)]:>16}" for c in CATEGORIES[:4]))


if __name__ == "__main__":
    main()
