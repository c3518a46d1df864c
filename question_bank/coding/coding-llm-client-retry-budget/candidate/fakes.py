"""Test doubles: a scripted HTTP transport and a clock that never really sleeps."""

from dataclasses import dataclass, field


class TransportTimeout(Exception):
    """The HTTP layer gave up waiting (the real one raises this after `timeout` seconds)."""


@dataclass
class Response:
    status: int
    body: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)


def ok(text="summary", prompt_tokens=100, completion_tokens=50):
    return Response(200, {"text": text, "usage": {"prompt_tokens": prompt_tokens,
                                                  "completion_tokens": completion_tokens}})


def error(status, kind="error", retry_after=None):
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Response(status, {"error": {"type": kind}}, headers)


TIMEOUT = "timeout"  # put this in a script to make that attempt hang until its timeout


class FakeClock:
    def __init__(self, start=1_000_000.0):
        self.now_s = start
        self.sleeps = []

    def now(self):
        return self.now_s

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now_s += max(0.0, seconds)


class FakeTransport:
    """Answers from a script per model; records every call as (model, timeout, time)."""

    def __init__(self, clock, scripts):
        self.clock = clock
        self.scripts = {model: list(steps) for model, steps in scripts.items()}
        self.calls = []

    def send(self, model, prompt, max_tokens, timeout):
        self.calls.append((model, timeout, self.clock.now()))
        steps = self.scripts.get(model) or [error(503)]
        step = steps.pop(0) if len(steps) > 1 else steps[0]  # the last step repeats
        if step == TIMEOUT:
            self.clock.sleep(timeout)
            raise TransportTimeout(f"no answer from {model} in {timeout} s")
        return step
