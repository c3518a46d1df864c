"""python make_data.py [OUTDIR]: writes OUTDIR/data/logged_answers.jsonl (2,000 RAG triples over 7
days) and OUTDIR/data/human_labels.jsonl (150 of those answers labelled sentence by sentence by
two annotators), from a fixed seed.

Every answer sentence is one of: a fact copied from a passage, the same fact paraphrased, the
fact with a wrong number, a fact not in the passages, or a greeting/hedge. The annotators see
the truth but disagree on about 11% of sentences.
"""
import datetime as dt
import json
import random
import sys
from pathlib import Path

PRODUCTS = ["Basic plan", "Plus plan", "Family plan", "Student plan", "Business plan", "Travel add-on"]
FACTS = [
    ("The {p} costs {n} euros per month.", "Each month the {p} is billed at {n} euros."),
    ("The {p} includes {n} GB of cloud storage.", "You get {n} GB of cloud storage with the {p}."),
    ("The {p} can be cancelled within {n} days for a full refund.", "A full refund is possible if you cancel the {p} within {n} days."),
    ("The {p} allows {n} devices at the same time.", "Up to {n} devices can use the {p} at once."),
]
NEW = ["The {p} also comes with a free smartwatch.", "The {p} is only available in Germany.",
       "Support for the {p} is open 24 hours a day."]
FILLER = ["Hi there!", "Happy to help.", "I hope this helps.", "Let me know if you have any other questions.",
          "Great question!", "Thanks for reaching out."]
LABELS = ["supported", "contradicted", "not-enough-info"]


def make(rng, i, day):
    p = rng.choice(PRODUCTS)
    facts = rng.sample(FACTS, 3)
    nums = [rng.choice([2, 3, 5, 6, 10, 14, 30, 50, 100]) for _ in facts]
    passages = [f.format(p=p, n=n) + " " + rng.choice(["Prices include VAT.", "Terms apply.", "See the help centre."])
                for (f, _), n in zip(facts, nums)]
    sentences = []
    if rng.random() < 0.5:
        sentences.append((rng.choice(FILLER[:3] + FILLER[4:]), "no_claim"))
    for (exact, para), n in zip(facts[: rng.randint(1, 3)], nums):
        r = rng.random()
        if r < 0.55:
            sentences.append((exact.format(p=p, n=n), "supported"))
        elif r < 0.72:
            sentences.append((para.format(p=p, n=n), "supported"))
        elif r < 0.86:
            wrong = rng.choice([x for x in (2, 3, 5, 6, 10, 14, 30, 50, 100) if x != n])
            sentences.append((exact.format(p=p, n=wrong), "contradicted"))
        else:
            sentences.append((rng.choice(NEW).format(p=p), "not-enough-info"))
    if rng.random() < 0.4:
        sentences.append((rng.choice(FILLER[2:4]), "no_claim"))
    return {
        "answer_id": f"A{i:05d}", "date": day.isoformat(),
        "question": f"What do I get with the {p}?", "passages": passages,
        "answer": " ".join(s for s, _ in sentences),
    }, sentences


def main(outdir):
    rng = random.Random(45)
    data = Path(outdir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    answers, labels = [], []
    start = dt.date(2026, 11, 23)
    for i in range(2000):
        answer, sentences = make(rng, i, start + dt.timedelta(days=i * 7 // 2000))
        answers.append(answer)
        if i % 13 == 0 and len(labels) < 150:
            rows = []
            for k, (s, truth) in enumerate(sentences):
                a = b = truth
                if rng.random() < 0.11:
                    b = rng.choice([x for x in LABELS + ["no_claim"] if x != truth])
                    if rng.random() < 0.5:
                        a, b = b, a
                rows.append({"sentence_index": k, "sentence": s, "human_a": a, "human_b": b})
            labels.append({"answer_id": answer["answer_id"], "sentences": rows})
    (data / "logged_answers.jsonl").write_text("".join(json.dumps(a) + "\n" for a in answers))
    (data / "human_labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in labels))


def cli(argv):
    args = [a for a in argv if not a.startswith("--")]
    outdir = args[0] if args else str(Path(__file__).parent)
    main(outdir)


if __name__ == "__main__":
    cli(sys.argv[1:])
