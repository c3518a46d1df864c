from fakes import FakeClock, FakeTransport, error, ok
from llm_client import LLMClient


def make(scripts, **options):
    clock = FakeClock()
    transport = FakeTransport(clock, scripts)
    client = LLMClient(transport, "big-model", clock=clock.now, sleep=clock.sleep, **options)
    return client, transport, clock


def test_happy_path():
    client, transport, _ = make({"big-model": [ok("short summary")]})
    result = client.complete("Summarize this ticket", max_tokens=100)
    assert result.text == "short summary" and result.model == "big-model"
    assert len(transport.calls) == 1


def test_retries_a_503():
    client, transport, _ = make({"big-model": [error(503), ok()]})
    assert client.complete("Summarize", max_tokens=100).text == "summary"
    assert len(transport.calls) == 2
