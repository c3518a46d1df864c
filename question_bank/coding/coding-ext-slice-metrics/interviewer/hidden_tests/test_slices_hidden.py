"""Grade per-slice metrics in harness.run: counts beside every slice, the same numbers as the
overall metrics computed on that slice alone, and tiny slices marked instead of reported."""

import json

import pytest

from harness import run

REFUSAL = "I couldn't find anything about this in the help center."
WEB = [  # id, gold, ranked chunks, answer (or TimeoutError); the main problem's known set
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
API = [  # three perfect answers: a tiny slice that would show 100% everywhere
    ("a1", ["doc-71"], ["doc-71#0"], "See [doc-71]."),
    ("a2", ["doc-72"], ["doc-72#0"], "See [doc-72]."),
    ("a3", ["doc-73"], ["doc-73#0"], "See [doc-73]."),
]
CASES = [(c, "web app") for c in WEB] + [(c, "API") for c in API]
QUESTIONS = {cid: f"question {cid} ({client}, case {n})"
             for n, ((cid, *_), client) in enumerate(CASES, 1)}
INDEX = {QUESTIONS[cid]: chunks for (cid, _, chunks, _), _ in CASES}
ANSWERS = {QUESTIONS[cid]: text for (cid, _, _, text), _ in CASES}
RATES = ("recall@5", "mrr", "cites_unretrieved_rate", "no_citation_rate",
         "refusal_rate_unanswerable", "false_refusal_rate_answerable")


@pytest.fixture
def eval_path(tmp_path):
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps({
        "id": cid, "question": QUESTIONS[cid], "gold_articles": gold,
        "reference_answer": "...", "answerable": bool(gold)}) for (cid, gold, _, _), _ in CASES))
    return path


def retrieve(question, k):
    return INDEX[question][:k]


def answer(question, chunks):
    if ANSWERS[question] is TimeoutError:
        raise TimeoutError("generation timed out")
    return ANSWERS[question]


def test_a_slice_big_enough_gets_its_own_metrics_and_count(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=answer,
                  min_slice_size=5)
    web = summary["slices"]["web app"]
    assert web["n"] == 8 and not web["too_small"]
    assert web["recall@5"] == pytest.approx(4.5 / 6)
    assert web["mrr"] == pytest.approx((0.5 + 1 + 0 + 1 + 1 / 3 + 1) / 6)
    assert web["cites_unretrieved_rate"] == pytest.approx(0.25)
    assert web["refusal_rate_unanswerable"] == pytest.approx(0.5)
    assert web["false_refusal_rate_answerable"] == pytest.approx(0.25)


def test_a_three_question_slice_is_marked_not_reported(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=answer,
                  min_slice_size=5)
    api = summary["slices"]["API"]
    assert api["n"] == 3
    assert api["too_small"] is True
    assert all(api.get(rate) is None for rate in RATES), "no confident number for 3 questions"


def test_the_overall_numbers_still_cover_every_question(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=answer,
                  min_slice_size=5)
    assert summary["recall@5"] == pytest.approx((4.5 + 3) / 9)
    assert sum(s["n"] for s in summary["slices"].values()) == len(CASES)


def test_the_boundary_is_at_the_minimum(eval_path, tmp_path):
    at = run(eval_path, tmp_path / "a.jsonl", retrieve=retrieve, answer=answer,
             min_slice_size=3)
    above = run(eval_path, tmp_path / "b.jsonl", retrieve=retrieve, answer=answer,
                min_slice_size=4)
    assert at["slices"]["API"]["too_small"] is False
    assert at["slices"]["API"]["recall@5"] == pytest.approx(1.0)
    assert above["slices"]["API"]["too_small"] is True


def test_the_shipped_eval_set_is_sliced_by_client(tmp_path):
    summary = run("data/eval_set.jsonl", tmp_path / "full.jsonl", min_slice_size=30)
    slices = summary["slices"]
    clients = {"web app", "mobile app", "admin console", "API"}
    assert clients <= set(slices)
    assert sum(s["n"] for s in slices.values()) == 300
    for name in clients:
        assert slices[name]["n"] >= 60 and not slices[name]["too_small"]
        assert 0 < slices[name]["recall@5"] < 1
