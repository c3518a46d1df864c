"""Cheap, in-process telemetry: outcome counters, a latency histogram, structured events.

In production the counters and the histogram would be Prometheus metrics with the same names
and labels (outcome, reason), scraped from /metrics; the events go to the log pipeline as JSON.
Nothing here ever holds a request body or a user id.
"""

from __future__ import annotations

import bisect
import json
import logging
import threading
from collections import Counter

OUTCOMES = ("primary", "fallback_previous", "fallback_rule", "rejected")
LATENCY_BUCKETS_MS = (1, 5, 10, 25, 50, 100, 250, 500, 1000)


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self.outcomes: Counter = Counter({o: 0 for o in OUTCOMES})
        self.reasons: Counter = Counter()  # (outcome, reason) for degraded answers
        self.latency_counts = [0] * (len(LATENCY_BUCKETS_MS) + 1)
        self.latency_sum_ms = 0.0

    def count(self, outcome: str, reason: str | None = None) -> None:
        with self._lock:
            self.outcomes[outcome] += 1
            if reason:
                self.reasons[(outcome, reason)] += 1

    def observe_ms(self, ms: float) -> None:
        with self._lock:
            self.latency_counts[bisect.bisect_left(LATENCY_BUCKETS_MS, ms)] += 1
            self.latency_sum_ms += ms

    def snapshot(self) -> dict:
        with self._lock:
            labels = [f"le_{b}" for b in LATENCY_BUCKETS_MS] + ["le_inf"]
            return {
                "outcomes": dict(self.outcomes),
                "reasons": {f"{o}:{r}": n for (o, r), n in sorted(self.reasons.items())},
                "latency_ms": {"count": sum(self.latency_counts),
                               "sum": round(self.latency_sum_ms, 3),
                               "buckets": dict(zip(labels, self.latency_counts))},
            }


def event(logger: logging.Logger, level: int, name: str, **fields) -> None:
    """Log one JSON line: {"event": name, ...fields}. Callers pass codes and ids only."""
    logger.log(level, json.dumps({"event": name, **fields}, sort_keys=True, default=str))
