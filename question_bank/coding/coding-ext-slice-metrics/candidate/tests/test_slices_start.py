"""A start for the slice tests: a small eval set with a big slice and a three-question one."""

import json

import pytest

from harness import run

CASES = [  # id, client, gold article, retrieved chunks
    *[(f"w{n}", "web app", f"doc-{n}", [f"doc-{n}#0"] if n % 2 else ["doc-99#0"])
      for n in range(1, 9)],
    *[(f"a{n}", "API", f"doc-{50 + n}", [f"doc-{50 + n}#0"]) for n in range(1, 4)],
]
INDEX = {f"question {cid} ({client}, case {n})": chunks
         for n, (cid, client, _, chunks) in enumerate(CASES, 1)}


@pytest.fixture
def eval_path(tmp_path):
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps({
        "id": cid, "question": f"question {cid} ({client}, case {n})", "gold_articles": [gold],
        "reference_answer": "...", "answerable": True})
        for n, (cid, client, gold, _) in enumerate(CASES, 1)))
    return path


def retrieve(question, k):
    return INDEX[question][:k]


def answer(question, chunks):
    return f"See [{chunks[0].split('#')[0]}]."


def test_overall_recall_counts_both_slices(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=answer)
    assert summary["recall@5"] == pytest.approx((4 + 3) / 11)
