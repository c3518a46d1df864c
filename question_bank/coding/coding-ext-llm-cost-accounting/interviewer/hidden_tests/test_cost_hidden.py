"""Grade cost accounting in harness.run: per-call tokens and cost from reported usage, prices
from the table, and a budget that stops the run before the call that would exceed it."""

import json

import pytest

from harness import run

# Each call to "big" costs exactly $0.25: 1,000 input tokens at $125/M plus 500 output at $250/M.
PRICES = {"big": {"input": 125.0, "output": 250.0}, "small": {"input": 12.5, "output": 25.0}}
BIG = {"model": "big", "input_tokens": 1000, "output_tokens": 500}
SMALL = {"model": "small", "input_tokens": 1000, "output_tokens": 500}  # $0.025 a call
IDS = [f"c{n}" for n in range(1, 9)]


class Reply(str):
    usage: dict


@pytest.fixture
def eval_path(tmp_path):
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps({
        "id": cid, "question": f"question {cid}", "gold_articles": [f"doc-{n}"],
        "reference_answer": "...", "answerable": True}) for n, cid in enumerate(IDS, 1)))
    return path


def retrieve(question, k):
    n = question.split("c")[-1]
    return [f"doc-{n}#0", "doc-999#1"][:k]


class Client:
    """A fake provider with fixed usage; `usages` cycles per call, `timeouts` are question ids."""

    def __init__(self, usages=(BIG,), timeouts=()):
        self.asked, self.usages, self.timeouts = [], list(usages), set(timeouts)

    def __call__(self, question, chunks):
        usage = dict(self.usages[len(self.asked) % len(self.usages)])
        self.asked.append(question)
        if question.split()[-1] in self.timeouts:
            error = TimeoutError("generation timed out")
            error.usage = {**usage, "output_tokens": 0}
            raise error
        reply = Reply(f"See [{chunks[0].split('#')[0]}].")
        reply.usage = usage
        return reply


def records(out):
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def test_without_a_budget_every_call_is_recorded_with_tokens_and_cost(eval_path, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = run(eval_path, out, retrieve=retrieve, answer=Client(), prices=PRICES)
    assert summary["cost_usd"] == pytest.approx(8 * 0.25)
    assert summary["stopped_at_budget"] is False
    saved = records(out)
    assert sorted(r["id"] for r in saved) == IDS
    for record in saved:
        assert (record["input_tokens"], record["output_tokens"]) == (1000, 500)
        assert record["cost_usd"] == pytest.approx(0.25)
    assert summary["recall@5"] == pytest.approx(1.0)


@pytest.mark.parametrize("budget, calls", [(0.9, 3), (1.0, 4), (0.25, 1)])
def test_the_run_stops_before_the_call_that_would_exceed_the_budget(eval_path, tmp_path,
                                                                    budget, calls):
    out = tmp_path / "out.jsonl"
    client = Client()
    summary = run(eval_path, out, retrieve=retrieve, answer=client, budget_usd=budget,
                  prices=PRICES)
    assert len(client.asked) == calls
    assert summary["cost_usd"] == pytest.approx(0.25 * calls)
    assert summary["cost_usd"] <= budget
    assert summary["stopped_at_budget"] is True
    assert [r["id"] for r in records(out)] == IDS[:calls], "it reports what it finished"


def test_a_budget_that_covers_the_run_does_not_stop_it(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve, answer=Client(),
                  budget_usd=2.0, prices=PRICES)
    assert summary["stopped_at_budget"] is False
    assert summary["cost_usd"] == pytest.approx(2.0)


def test_each_model_is_priced_from_the_table(eval_path, tmp_path):
    summary = run(eval_path, tmp_path / "out.jsonl", retrieve=retrieve,
                  answer=Client(usages=(BIG, SMALL)), prices=PRICES)
    assert summary["cost_usd"] == pytest.approx(4 * 0.25 + 4 * 0.025)


def test_a_timed_out_call_is_billed_and_counts_against_the_budget(eval_path, tmp_path):
    out = tmp_path / "out.jsonl"
    client = Client(timeouts={"c1", "c2"})
    summary = run(eval_path, out, retrieve=retrieve, answer=client, budget_usd=0.7,
                  prices=PRICES)
    # c1 and c2 time out and are billed for their input ($0.125 each); answers cost $0.25.
    billed = sum(0.125 if q.endswith((" c1", " c2")) else 0.25 for q in client.asked)
    assert summary["cost_usd"] == pytest.approx(billed)
    assert summary["cost_usd"] <= 0.7
    assert summary["timeouts"] == 2
    assert summary["stopped_at_budget"] is True
    assert len(client.asked) < 8


def test_a_rerun_after_the_stop_pays_only_for_the_rest(eval_path, tmp_path):
    out = tmp_path / "out.jsonl"
    first, second = Client(), Client()
    run(eval_path, out, retrieve=retrieve, answer=first, budget_usd=0.9, prices=PRICES)
    summary = run(eval_path, out, retrieve=retrieve, answer=second, budget_usd=5.0,
                  prices=PRICES)
    assert not set(first.asked) & set(second.asked)
    assert len(second.asked) == 5
    assert summary["stopped_at_budget"] is False
    assert summary["recall@5"] == pytest.approx(1.0)
