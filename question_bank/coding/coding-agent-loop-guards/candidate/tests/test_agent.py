from agent import run_agent
from fake_model import ScriptedModel
from tools import BACKEND


def setup_function():
    BACKEND.reset()


def test_answers_a_balance_question():
    model = ScriptedModel([
        {"tool": "lookup_account", "arguments": {"account_id": "ACC-1001"}},
        {"final": "Your balance is 120 EUR."},
    ])
    result = run_agent("What is my balance? I am ACC-1001.", model)
    assert result["status"] == "answered"
    assert "120" in result["text"]


def test_a_small_refund_goes_through():
    model = ScriptedModel([
        {"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "invoice_id": "INV-78",
                                               "amount_eur": 35.0, "reason": "double charge"}},
        {"final": "I refunded 35 EUR."},
    ])
    assert run_agent("Refund INV-78 please", model)["status"] == "answered"
    assert len(BACKEND.refunds) == 1


def test_a_refund_above_the_limit_is_never_executed():
    model = ScriptedModel([
        {"tool": "issue_refund", "arguments": {"account_id": "ACC-1001", "invoice_id": "INV-77",
                                               "amount_eur": 240.0, "reason": "customer unhappy"}},
        {"final": "I refunded 240 EUR."},
    ])
    run_agent("Refund INV-77 please", model)
    assert BACKEND.refunds == []
