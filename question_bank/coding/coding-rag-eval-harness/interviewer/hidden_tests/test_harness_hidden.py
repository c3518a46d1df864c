"""Grade harness.run on a hand-built set where every number is known, and resuming."""

import json

import pytest

from harness import run

REFUSAL = "I couldn't find anything about this in the help center."
CASES = [  # id, gold, ranked chunks, answer (or TimeoutError)
    ("h1", ["doc-1"], ["doc-9#0", "doc-1#1", "doc-20#0"], "See [doc-1]."),
    ("h2", ["doc-2", "doc-3"], ["doc-2#0", "doc-30#0", "doc-31#0", "doc-32#0", "doc-33#0",
                                "doc-34#0", "doc-3#1"], "See [doc-4]."),
    ("h3", ["doc-5"], ["doc-40#0", "doc-41#0"], REFUSAL),
    ("h4", ["doc-6"], ["doc-6#0"], "Go to Settings and choose the option you need."),
    ("h5", [], ["doc-50#0"], REFUSAL),
    ("h6", [], ["doc-7#0"], "Try the account menu [doc-7]."),
    ("h7", ["doc-8"], ["doc-60#0", "doc-61#0", "doc-8#2"], TimeoutError),
    ("h8", ["doc-10"], ["doc-10#0"], "See the guide [doc-10 for details."),
]


@pytest.fixture
def eval_path(tmp_path):
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps({
        "id": cid, "question": f"question {cid}", "gold_articles": gold,
        "reference_answer": "...", "answerable": bool(gold)}) for cid, gold, _, _ in CASES))
    return path


INDEX = {f"question {cid}": chunks for cid, _, chunks, _ in CASES}
ANSWERS = {f"question {cid}": text for cid, _, _, text in CASES}


def retrieve(question, k):
    return INDEX[question][:k]


class Answerer:
    def __init__(self, stop_after=None):
        self.asked = []
        self.stop_after = stop_after

    def __call__(self, question, chunks):
        if self.stop_after is not None and len(self.asked) == self.stop_after:
            raise KeyboardInterrupt("the laptop went to sleep")
        self.asked.append(question)
        if ANSWERS[question] is TimeoutError:
            raise TimeoutError("generation timed out")
        return ANSWERS[question]


def test_every_metric_on_a_known_set(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=Answerer())
    assert summary["recall@5"] == pytest.approx(4.5 / 6)
    assert summary["mrr"] == pytest.approx((0.5 + 1 + 0 + 1 + 1 / 3 + 1) / 6)
    assert summary["cites_unretrieved_rate"] == pytest.approx(0.25)
    assert summary["no_citation_rate"] == pytest.approx(0.25)
    assert summary["refusal_rate_unanswerable"] == pytest.approx(0.5)
    assert summary["false_refusal_rate_answerable"] == pytest.approx(0.25)
    assert summary["timeouts"] == 1 and summary["malformed"] == 1


def test_per_question_results_are_saved_keyed_by_id(eval_path, tmp_path):
    out = tmp_path / "out.jsonl"
    run(eval_path, out, retrieve=retrieve, answer=Answerer())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in records) == sorted(c[0] for c in CASES)


def test_a_killed_run_resumes_without_paying_twice(eval_path, tmp_path):
    out = tmp_path / "out.jsonl"
    first = Answerer(stop_after=3)
    with pytest.raises(KeyboardInterrupt):
        run(eval_path, out, retrieve=retrieve, answer=first)
    second = Answerer()
    summary = run(eval_path, out, retrieve=retrieve, answer=second)
    assert not set(first.asked) & set(second.asked)
    assert summary["recall@5"] == pytest.approx(4.5 / 6)
    assert summary["refusal_rate_unanswerable"] == pytest.approx(0.5)


def test_the_shipped_eval_set_runs_end_to_end_without_crashing(tmp_path):
    summary = run("data/eval_set.jsonl", tmp_path / "full.jsonl")
    assert summary["timeouts"] > 0 and summary["malformed"] > 0
    assert 0 < summary["recall@5"] < 1
