"""Nightly groundedness metric for the RAG assistant (reference).

    python groundedness.py data/logged_answers.jsonl

Claim labels: supported | contradicted | not-enough-info | unknown. A judge timeout or an
answer that does not parse is "unknown": never counted as supported.
Answer verdict: "ungrounded" if any claim is contradicted or not-enough-info; otherwise
"unknown" if any claim is unknown; otherwise "grounded"; "no_claims" for an answer with no
claims. Daily rate = grounded / (grounded + ungrounded); unknown and no_claims are reported
as counts beside it so a judge outage cannot move the rate silently.
Judge results are cached by a hash of (claim, passages): a repeat costs nothing.
"""
import hashlib
import json
import re
import sys
from collections import defaultdict

from claims import split_claims
from judge import FakeJudge, JudgeTimeout

LABELS = ("supported", "contradicted", "not-enough-info")
UNKNOWN = "unknown"


def parse_label(raw):
    if not isinstance(raw, str):
        return UNKNOWN
    key = re.sub(r"[^a-z]+", " ", raw.lower()).strip()
    return {"supported": "supported", "contradicted": "contradicted", "not enough info": "not-enough-info",
            "not enough information": "not-enough-info"}.get(key, UNKNOWN)


def cache_key(claim, passages):
    return hashlib.sha256(json.dumps([claim, list(passages)]).encode()).hexdigest()


def judge_claims(claims, passages, judge, cache=None, stats=None):
    cache = {} if cache is None else cache
    stats = {} if stats is None else stats
    labels = []
    for claim in claims:
        key = cache_key(claim, passages)
        if key in cache:
            labels.append(cache[key])
            continue
        try:
            label = parse_label(judge(claim, passages))
            if label == UNKNOWN:
                stats["unparseable"] = stats.get("unparseable", 0) + 1
            else:
                cache[key] = label  # failures are not cached: tomorrow's run retries them
        except JudgeTimeout:
            label = UNKNOWN
            stats["timeouts"] = stats.get("timeouts", 0) + 1
        labels.append(label)
    return labels


def answer_verdict(labels):
    if not labels:
        return "no_claims"
    if any(label in ("contradicted", "not-enough-info") for label in labels):
        return "ungrounded"
    if any(label == UNKNOWN for label in labels):
        return UNKNOWN
    return "grounded"


def daily_rates(answers, judge, cache=None):
    cache = {} if cache is None else cache
    days = defaultdict(lambda: {"grounded": 0, "ungrounded": 0, "unknown": 0, "no_claims": 0})
    for a in answers:
        verdict = answer_verdict(judge_claims(split_claims(a["answer"]), a["passages"], judge, cache))
        days[a["date"]][verdict] += 1
    out = {}
    for day, c in sorted(days.items()):
        known = c["grounded"] + c["ungrounded"]
        out[day] = {**c, "rate": c["grounded"] / known if known else None}
    return out


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        rows = [json.loads(line) for line in f]
    judge = FakeJudge()
    for day, r in daily_rates(rows, judge).items():
        print(f"{day}  grounded {r['rate']:.1%}  (n={r['grounded'] + r['ungrounded']}, unknown={r['unknown']}, "
              f"no claims={r['no_claims']})")
    print(f"judge calls: {judge.calls}")
