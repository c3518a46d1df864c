"""Accuracy per decision path on the 200 labelled tickets.  python evaluate.py"""
import json
import math

from fake_llm import FakeLLM
from router import route
from rules import rules_route


def load_tickets(path="data/labelled_tickets.jsonl"):
    with open(path) as f:
        return [json.loads(line) for line in f]


def _wilson(k, n, z=1.96):
    if n == 0:
        return (None, None)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(centre - half, 3), round(centre + half, 3))


def evaluate(tickets, client):
    report = {path: {"n": 0, "correct": 0} for path in ("llm", "rules", "abstain")}
    for t in tickets:
        d = route(t["text"], client)
        report[d["path"]]["n"] += 1
        report[d["path"]]["correct"] += d["queue"] == t["queue"]
    for path, r in report.items():
        if path == "abstain":
            r["accuracy"] = None  # sent to triage: a human decides
            r.pop("correct")
            continue
        r["accuracy"] = r["correct"] / r["n"] if r["n"] else None
        r["ci95"] = _wilson(r["correct"], r["n"])
    routed = report["llm"]["n"] + report["rules"]["n"]
    correct = report["llm"]["correct"] + report["rules"]["correct"]
    report["combined"] = {"n": routed, "correct": correct, "accuracy": correct / routed if routed else None,
                          "ci95": _wilson(correct, routed), "coverage": routed / len(tickets)}
    base = sum(rules_route(t["text"]) == t["queue"] for t in tickets)
    report["rules_only_baseline"] = {"n": len(tickets), "correct": base, "accuracy": base / len(tickets),
                                     "ci95": _wilson(base, len(tickets))}
    return report


if __name__ == "__main__":
    rep = evaluate(load_tickets(), FakeLLM())
    for path, r in rep.items():
        acc = "-" if r.get("accuracy") is None else f"{r['accuracy']:.1%}"
        print(f"{path:<20} n={r['n']:<4} accuracy={acc:<7} 95% CI={r.get('ci95', '-')}")
