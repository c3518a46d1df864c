"""Grade LLMClient through its constructor and complete(); the fake clock never sleeps."""

import random

import pytest

from fakes import TIMEOUT, FakeClock, FakeTransport, error, ok
from llm_client import BudgetExceeded, DeadlineExceeded, LLMClient, LLMError, RequestRejected


def make(scripts, **options):
    clock = FakeClock()
    transport = FakeTransport(clock, scripts)
    options.setdefault("rng", random.Random(3))
    client = LLMClient(transport, "big-model", clock=clock.now, sleep=clock.sleep, **options)
    return client, transport, clock


def test_retry_after_is_honoured():
    client, transport, clock = make({"big-model": [error(429, retry_after=3), ok()]})
    assert client.complete("Summarize", max_tokens=100).text == "summary"
    assert len(transport.calls) == 2
    assert transport.calls[1][2] - transport.calls[0][2] >= 3


@pytest.mark.parametrize("kind", ["invalid_request", "content_policy"])
def test_a_400_is_never_retried_nor_sent_to_the_fallback(kind):
    client, transport, _ = make({"big-model": [error(400, kind), ok()],
                                 "small-model": [ok()]}, fallback_model="small-model")
    with pytest.raises(RequestRejected):
        client.complete("Summarize", max_tokens=100)
    assert len(transport.calls) == 1


def test_the_overall_deadline_holds_when_every_attempt_hangs():
    client, transport, clock = make({"big-model": [TIMEOUT]}, deadline_s=12,
                                    attempt_timeout_s=10)
    start = clock.now()
    with pytest.raises(DeadlineExceeded):
        client.complete("Summarize", max_tokens=100)
    assert clock.now() - start <= 12 + 1e-6
    for _, timeout, at in transport.calls:
        assert timeout <= start + 12 - at + 1e-6


def test_a_retry_after_beyond_the_deadline_fails_fast():
    client, transport, clock = make({"big-model": [error(429, retry_after=60)]},
                                    deadline_s=10)
    start = clock.now()
    with pytest.raises(LLMError):
        client.complete("Summarize", max_tokens=100)
    assert clock.now() - start <= 10 + 1e-6


def test_backoff_waits_between_retries_and_then_succeeds():
    client, transport, clock = make({"big-model": [error(503), error(502), error(503), ok()]},
                                    deadline_s=60)
    assert client.complete("Summarize", max_tokens=100).attempts == 4
    gaps = [b[2] - a[2] for a, b in zip(transport.calls, transport.calls[1:], strict=False)]
    assert all(gap > 0 for gap in gaps)


def test_budget_fails_fast_before_sending_and_recovers_after_an_hour():
    client, transport, clock = make({"big-model": [ok()]}, tokens_per_hour=500)
    used = 0
    for _ in range(10):
        sent = len(transport.calls)
        try:
            used += client.complete("Summarize this", max_tokens=120).tokens
        except BudgetExceeded:
            assert len(transport.calls) == sent  # refused before any request went out
            break
    else:
        pytest.fail("ten calls of 150 tokens fitted in a 500-token hourly budget")
    assert used <= 500
    clock.sleep(3601)
    assert client.complete("Summarize this", max_tokens=120).text == "summary"


def test_falls_back_to_the_cheaper_model_when_the_primary_is_down():
    client, transport, _ = make({"big-model": [error(503)], "small-model": [ok("cheap")]},
                                fallback_model="small-model", deadline_s=60)
    result = client.complete("Summarize", max_tokens=100)
    assert (result.text, result.model) == ("cheap", "small-model")
    assert sum(1 for call in transport.calls if call[0] == "big-model") <= 4
