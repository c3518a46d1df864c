"""Client for the LLM provider: classified retries, one deadline per call, an hourly budget."""

import math
import random
import time
from collections import deque
from dataclasses import dataclass

from fakes import TransportTimeout

RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
WINDOW_S = 3600.0


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


class _Retryable(Exception):
    def __init__(self, reason, retry_after=None):
        super().__init__(reason)
        self.retry_after = retry_after


class LLMClient:
    def __init__(self, transport, model, fallback_model=None, deadline_s=30.0,
                 attempt_timeout_s=10.0, max_attempts=4, tokens_per_hour=200_000,
                 clock=time.monotonic, sleep=time.sleep, rng=None, base_delay_s=0.5,
                 max_delay_s=8.0):
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
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self._spent = deque()  # (time, tokens) of calls in the last hour

    # --- budget ---------------------------------------------------------------------------
    def spent_last_hour(self):
        cutoff = self.clock() - WINDOW_S
        while self._spent and self._spent[0][0] <= cutoff:
            self._spent.popleft()
        return sum(tokens for _, tokens in self._spent)

    def _reserve(self, prompt, max_tokens):
        estimate = math.ceil(len(prompt) / 4) + max_tokens
        spent = self.spent_last_hour()
        if spent + estimate > self.tokens_per_hour:
            raise BudgetExceeded(f"hourly budget {self.tokens_per_hour} tokens: {spent} spent, "
                                 f"this call may need {estimate}")

    # --- calls ----------------------------------------------------------------------------
    def complete(self, prompt, max_tokens=256):
        self._reserve(prompt, max_tokens)
        deadline = self.clock() + self.deadline_s
        attempts = 0
        models = [self.model] + ([self.fallback_model] if self.fallback_model else [])
        for model in models:
            for attempt in range(self.max_attempts):
                remaining = deadline - self.clock()
                if remaining <= 0:
                    raise DeadlineExceeded(f"no answer within {self.deadline_s} s "
                                           f"({attempts} attempts)")
                attempts += 1
                try:
                    return self._attempt(model, prompt, max_tokens, remaining, attempts)
                except _Retryable as failure:
                    if attempt == self.max_attempts - 1:
                        break  # on to the fallback model, without waiting
                    wait = self._backoff(attempt, failure.retry_after)
                    if wait >= deadline - self.clock():
                        raise DeadlineExceeded(
                            f"{failure}; the next try would start after the deadline") from None
                    self.sleep(wait)
        if deadline - self.clock() <= 0:
            raise DeadlineExceeded(f"no answer within {self.deadline_s} s")
        raise ProviderUnavailable(f"{', '.join(models)} unavailable after {attempts} attempts")

    def _attempt(self, model, prompt, max_tokens, remaining, attempts):
        try:
            response = self.transport.send(model, prompt, max_tokens,
                                           min(self.attempt_timeout_s, remaining))
        except TransportTimeout as timeout:
            raise _Retryable(str(timeout)) from None
        if response.status == 200:
            usage = response.body.get("usage", {})
            tokens = usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0)
            self._spent.append((self.clock(), tokens))
            return Completion(response.body["text"], model, tokens, attempts)
        if response.status in RETRYABLE_STATUSES:
            raise _Retryable(f"{model}: HTTP {response.status}",
                             _retry_after(response.headers.get("Retry-After")))
        kind = response.body.get("error", {}).get("type", "error")
        raise RequestRejected(f"{model}: HTTP {response.status} ({kind}); not retried")

    def _backoff(self, attempt, retry_after):
        ceiling = min(self.max_delay_s, self.base_delay_s * 2 ** attempt)
        wait = self.rng.uniform(ceiling / 2, ceiling)  # jitter spreads the pods' retries
        return max(wait, retry_after or 0.0)


def _retry_after(value):
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff
