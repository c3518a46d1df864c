import json

from harness import is_refusal, parse_citations, run

ITEMS = [
    {"id": "t1", "question": "How do I reset my password?", "gold_articles": ["doc-1"],
     "reference_answer": "Use the reset link.", "answerable": True},
    {"id": "t2", "question": "How do I export invoices?", "gold_articles": ["doc-2"],
     "reference_answer": "Billing, then Export.", "answerable": True},
]
INDEX = {"How do I reset my password?": ["doc-1#0", "doc-9#1"],
         "How do I export invoices?": ["doc-5#0", "doc-2#3"]}


def test_recall_on_two_questions(tmp_path):
    eval_path = tmp_path / "eval.jsonl"
    eval_path.write_text("\n".join(json.dumps(i) for i in ITEMS))
    summary = run(eval_path, tmp_path / "out.jsonl",
                  retrieve=lambda question, k: INDEX[question][:k],
                  answer=lambda question, chunks: f"See [{chunks[0].split('#')[0]}].")
    assert summary["recall@5"] == 1.0


def test_given_citation_parser():
    assert parse_citations("See [doc-1] and [doc-22].") == (["doc-1", "doc-22"], False)
    assert parse_citations("Go to Settings.") == ([], False)
    assert parse_citations("See [doc-3] and [doc-4 for details.") == (["doc-3"], True)


def test_given_refusal_detector():
    assert is_refusal("I couldn't find anything about this in the help center.")
    assert not is_refusal("I couldn't find it at first, but [doc-7] explains it.")
    assert not is_refusal("Open Settings, then Security.")
