"""A deterministic stand-in for the hosted embedding API (no network).

Behaves like the real provider where it matters for this job:
- at most 96 inputs per request (more is a programming error: ValueError);
- a request containing any input over 8,192 tokens is rejected as a whole with
  InputRejectedError (HTTP 400); the provider does not say which input;
- some requests fail with TransientProviderError (HTTP 500): retrying the same request works;
- only successful requests are billed, per token.
Tests configure failures with `fail_calls` (1-based request numbers that get a 500) and
`crash_after_calls` (the process "dies" when request N+1 is attempted).
"""
import hashlib
import struct


class TransientProviderError(Exception):
    """HTTP 500 from the provider. The same request usually succeeds later."""


class InputRejectedError(Exception):
    """HTTP 400: at least one input in the request exceeds the token limit."""


class SimulatedCrash(BaseException):
    """The pod was killed. Not an Exception: nothing in the job should swallow it."""


class FakeEmbeddingClient:
    MAX_BATCH = 96
    MAX_TOKENS = 8192
    PRICE_PER_MILLION_TOKENS = 0.02  # USD
    REQUESTS_PER_MINUTE = 3000

    def __init__(self, model="catalog-embed", version="2025-06", fail_calls=(), crash_after_calls=None, dim=8):
        self.model = model
        self.version = version
        self.dim = dim
        self.fail_calls = set(fail_calls)
        self.crash_after_calls = crash_after_calls
        self.calls = []           # inputs of every request attempted, in order
        self.billed_tokens = 0

    @staticmethod
    def count_tokens(text):
        return max(1, len(text) // 4)

    def embed(self, texts):
        texts = list(texts)
        if self.crash_after_calls is not None and len(self.calls) >= self.crash_after_calls:
            raise SimulatedCrash(f"killed before request {len(self.calls) + 1}")
        self.calls.append(texts)
        if not texts or len(texts) > self.MAX_BATCH:
            raise ValueError(f"batch size must be 1..{self.MAX_BATCH}, got {len(texts)}")
        if len(self.calls) in self.fail_calls:
            raise TransientProviderError("500 Internal Server Error")
        if any(self.count_tokens(t) > self.MAX_TOKENS for t in texts):
            raise InputRejectedError("400: input exceeds maximum context length")
        self.billed_tokens += sum(self.count_tokens(t) for t in texts)
        return [self._vector(t) for t in texts]

    def _vector(self, text):
        digest = hashlib.sha256(f"{self.model}:{self.version}:{text}".encode()).digest()
        return [round(x / 2**32, 6) for x in struct.unpack(f">{self.dim}I", digest[: 4 * self.dim])]
