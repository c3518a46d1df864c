"""Hidden tests for coding-agent-loop-guards: one scripted-model test per failure."""
import json
import time

import pytest

from agent import run_agent
from fake_model import ScriptedModel
from tools import BACKEND

LOOKUP = {"tool": "lookup_account", "arguments": {"account_id": "ACC-1001"}}
FINAL = {"final": "Done."}


@pytest.fixture(autouse=True)
def fresh_backend():
    BACKEND.reset()
    yield
    BACKEND.reset()


def told(model):
    """Everything the loop sent back to the model after its first call."""
    return json.dumps(model.seen[1:]) if len(model.seen) > 1 else ""


def check_clean(result):
    assert result["status"] in {"answered", "handoff", "stopped"}
    assert isinstance(result["text"], str) and result["text"].strip()
    assert "Traceback" not in result["text"]


def test_an_unknown_tool_is_not_run_and_the_model_is_told():
    model = ScriptedModel([{"tool": "delete_account", "arguments": {"account_id": "ACC-1001"}}, LOOKUP, FINAL])
    result = run_agent("close my account", model)
    check_clean(result)
    assert result["status"] == "answered"
    assert "delete_account" in told(model)


def test_an_amount_sent_as_a_string_is_rejected_before_the_tool_runs():
    model = ScriptedModel([{"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "invoice_id": "INV-78",
                                                                  "amount_eur": "35.00", "reason": "double charge"}},
                           FINAL])
    result = run_agent("refund INV-78", model)
    check_clean(result)
    assert BACKEND.refunds == []
    assert "amount_eur" in told(model)


def test_a_missing_argument_is_rejected():
    model = ScriptedModel([{"tool": "list_invoices", "arguments": {}}, FINAL])
    check_clean(run_agent("my invoices?", model))
    assert "account_id" in told(model)


def test_the_same_call_twenty_times_is_stopped_with_a_partial_answer():
    model = ScriptedModel([LOOKUP] * 20 + [FINAL])
    result = run_agent("what plan am I on?", model)
    check_clean(result)
    assert result["status"] == "stopped"
    assert model.calls <= 10


def test_a_model_that_never_finishes_hits_the_step_limit():
    model = ScriptedModel([{"tool": "list_invoices", "arguments": {"account_id": "ACC-1001", "status": s}}
                           for s in ["paid", "open"] * 50], cost_per_call=0.0)
    result = run_agent("invoices", model)
    check_clean(result)
    assert result["status"] == "stopped"
    assert model.calls <= 25


def test_the_cost_budget_stops_the_loop():
    model = ScriptedModel([LOOKUP, {"tool": "list_invoices", "arguments": {"account_id": "ACC-1001"}}, FINAL],
                          cost_per_call=0.06)
    result = run_agent("balance?", model, max_cost_eur=0.10)
    check_clean(result)
    assert result["status"] == "stopped"
    assert model.calls <= 2


@pytest.mark.parametrize("amount", [240.0, 100.01, 5000])
def test_a_refund_above_the_limit_is_never_executed_and_goes_to_a_human(amount):
    model = ScriptedModel([{"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "invoice_id": "INV-77",
                                                                  "amount_eur": amount, "reason": "unhappy"}},
                           {"final": f"I refunded {amount} EUR."}])
    result = run_agent("refund INV-77", model)
    check_clean(result)
    assert BACKEND.refunds == []
    assert result["status"] == "handoff"


def test_a_refund_within_the_limit_runs_once():
    model = ScriptedModel([{"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "invoice_id": "INV-78",
                                                                  "amount_eur": 35.0, "reason": "double charge"}},
                           {"final": "Refunded 35 EUR."}])
    result = run_agent("refund INV-78", model)
    assert result["status"] == "answered"
    assert len(BACKEND.refunds) == 1


def test_a_hanging_tool_times_out_and_the_user_still_gets_an_answer():
    BACKEND.latency_s = 1.5
    model = ScriptedModel([LOOKUP, FINAL])
    start = time.monotonic()
    result = run_agent("balance?", model, tool_timeout_s=0.1)
    assert time.monotonic() - start < 1.2
    check_clean(result)
    assert "time" in told(model).lower()


def test_a_failing_tool_is_reported_to_the_model_not_the_user():
    BACKEND.fail_next = True
    model = ScriptedModel([LOOKUP, LOOKUP, FINAL])
    result = run_agent("balance?", model)
    check_clean(result)
    assert result["status"] == "answered"
    assert "unavailable" in told(model) or "ConnectionError" in told(model)


def test_validation_errors_get_a_bounded_number_of_retries():
    bad = {"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "amount_eur": "lots"}}
    model = ScriptedModel([bad] * 30 + [FINAL], cost_per_call=0.0)
    result = run_agent("refund", model)
    check_clean(result)
    assert result["status"] == "stopped"
    assert model.calls <= 10
    assert BACKEND.refunds == []
