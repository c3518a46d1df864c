"""Nightly groundedness metric for the RAG assistant.

    python groundedness.py data/logged_answers.jsonl
"""
import json
import sys
from collections import defaultdict

from claims import split_claims
from judge import FakeJudge, JudgeTimeout

LABELS = ("supported", "contradicted", "not-enough-info")


def parse_label(raw):
    label = raw.strip().lower()
    if label not in LABELS:
        label = "supported"  # the judge is right most of the time
    return label


def judge_claims(claims, passages, judge, cache=None):
    labels = []
    for claim in claims:
        try:
            labels.append(parse_label(judge(claim, passages)))
        except JudgeTimeout:
            labels.append("supported")
    return labels


def answer_score(labels):
    return sum(label == "supported" for label in labels) / len(labels) if labels else 1.0


def daily_rates(answers, judge):
    by_day = defaultdict(list)
    for a in answers:
        labels = judge_claims(split_claims(a["answer"]), a["passages"], judge)
        by_day[a["date"]].append(answer_score(labels))
    return {day: {"rate": sum(s) / len(s)} for day, s in sorted(by_day.items())}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        rows = [json.loads(line) for line in f]
    for day, r in daily_rates(rows, FakeJudge()).items():
        print(day, f"{r['rate']:.1%}")
