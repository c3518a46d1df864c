"""Fraud scoring handler. p99 budget: 80 ms for the whole request.

Latency budget (all numbers are constructor arguments):
    budget 80 ms = store timeout + model time (6 ms measured, 10 ms allowed)
                   + response and network margin (15 ms)
    -> store timeout 55 ms. Normal store latency is 8 ms, so only compaction spikes hit it.

Degraded paths, always flagged in the response (`degraded`, `reason`, `source`):
  - a non-critical feature is missing: use its training median (what the model saw most),
    score with the model, reason "defaulted: <names>";
  - a critical feature is missing, or the store timed out / failed / the circuit is open:
    the model score would be meaningless, so use the rules score from the fraud runbook.

Circuit breaker: after `failure_threshold` consecutive store failures the circuit opens and the
store is not called for `reset_after_s`; then one trial call is let through (half-open).
Success closes the circuit, failure opens it again. The clock is injected so tests can drive
every state without sleeping.
"""
import time

from fakes import StoreError, StoreTimeout
from model import CRITICAL, FEATURES, TRAINING_MEDIANS
from rules import rules_score

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, clock, failure_threshold=5, reset_after_s=30.0):
        self.clock = clock
        self.failure_threshold = failure_threshold
        self.reset_after_s = reset_after_s
        self.failures = 0
        self.opened_at = None

    @property
    def state(self):
        if self.opened_at is None:
            return CLOSED
        if self.clock() - self.opened_at >= self.reset_after_s:
            return HALF_OPEN
        return OPEN

    def allow(self):
        return self.state != OPEN

    def record_success(self):
        self.failures = 0
        self.opened_at = None

    def record_failure(self):
        if self.state == HALF_OPEN:
            self.opened_at = self.clock()
            return
        self.failures += 1
        if self.failures >= self.failure_threshold:
            self.opened_at = self.clock()


class FraudScorer:
    def __init__(self, store, model, clock=time.monotonic, budget_s=0.080, model_allowance_s=0.010,
                 margin_s=0.015, failure_threshold=5, reset_after_s=30.0):
        self.store = store
        self.model = model
        self.clock = clock
        self.store_timeout_s = budget_s - model_allowance_s - margin_s
        if self.store_timeout_s <= 0:
            raise ValueError("budget leaves no time for the feature store")
        self.breaker = CircuitBreaker(clock, failure_threshold, reset_after_s)

    def _fetch(self, account_id):
        if not self.breaker.allow():
            return None, "circuit_open"
        try:
            features = self.store.get_features(account_id, FEATURES, timeout_s=self.store_timeout_s)
        except StoreTimeout:
            self.breaker.record_failure()
            return None, "store_timeout"
        except StoreError:
            self.breaker.record_failure()
            return None, "store_error"
        self.breaker.record_success()
        return features, None

    def score(self, request):
        features, problem = self._fetch(request["account_id"])
        response = {"request_id": request["request_id"], "model_version": self.model.version}
        if features is not None:
            missing = [f for f in FEATURES if features.get(f) is None]
            missing_critical = [f for f in missing if f in CRITICAL]
            if missing_critical:
                problem = "missing critical features: " + ", ".join(missing_critical)
            else:
                filled = {f: (TRAINING_MEDIANS[f] if f in missing else features[f]) for f in FEATURES}
                response.update(score=self.model.predict(filled), source="model",
                                degraded=bool(missing),
                                reason=("defaulted: " + ", ".join(missing)) if missing else None)
                return response
        response.update(score=rules_score(request), source="rules", degraded=True, reason=problem)
        return response
