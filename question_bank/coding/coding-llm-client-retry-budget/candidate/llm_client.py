"""Client for the LLM provider used by the summarization service."""

import random
import time
from dataclasses import dataclass

from fakes import TransportTimeout


class LLMError(Exception):
    """Base class of every error this client raises."""


class RequestRejected(LLMError):
    """The provider refused the request itself (400, content policy): retrying cannot help."""


class DeadlineExceeded(LLMError):
    """The call's overall deadline passed before any model answered."""


class BudgetExceeded(LLMError):
    """The hourly token budget cannot pay for this call."""


class ProviderUnavailable(LLMError):
    """Every model tried failed with retryable errors."""


@dataclass
class Completion:
    text: str
    model: str
    tokens: int
    attempts: int


class LLMClient:
    def __init__(self, transport, model, fallback_model=None, deadline_s=30.0,
                 attempt_timeout_s=10.0, max_attempts=4, tokens_per_hour=200_000,
                 clock=time.monotonic, sleep=time.sleep, rng=None):
        self.transport = transport
        self.model = model
        self.fallback_model = fallback_model
        self.deadline_s = deadline_s
        self.attempt_timeout_s = attempt_timeout_s
        self.max_attempts = max_attempts
        self.tokens_per_hour = tokens_per_hour
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()

    def complete(self, prompt, max_tokens=256):
        for _attempt in range(5):
            try:
                response = self.transport.send(self.model, prompt, max_tokens,
                                               self.attempt_timeout_s)
                if response.status == 200:
                    usage = response.body["usage"]
                    return Completion(response.body["text"], self.model,
                                      usage["prompt_tokens"] + usage["completion_tokens"],
                                      _attempt + 1)
                raise LLMError(f"HTTP {response.status}")
            except (LLMError, TransportTimeout):
                self.sleep(2)
        raise ProviderUnavailable("gave up after 5 attempts")
