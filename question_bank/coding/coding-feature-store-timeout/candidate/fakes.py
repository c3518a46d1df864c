"""Test doubles for the fraud scorer: a fake clock and a fake online feature store.

Nothing here sleeps. The fake store advances the fake clock by its latency, or by the caller's
timeout if that is shorter (and then raises StoreTimeout), exactly like a client with a
deadline would behave.
"""


class StoreTimeout(Exception):
    """The store did not answer within the caller's timeout."""


class StoreError(Exception):
    """The store answered with an error (connection refused, 5xx, ...)."""


class FakeClock:
    def __init__(self, start=1000.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class FakeFeatureStore:
    """get_features(entity_id, names, timeout_s) -> {name: value} for the names it has.

    latency_s: how long a call takes; error: an exception instance to raise after the latency;
    missing: feature names the store does not return; values: {name: value} overrides.
    """

    def __init__(self, clock, latency_s=0.008, error=None, missing=(), values=None):
        self.clock = clock
        self.latency_s = latency_s
        self.error = error
        self.missing = set(missing)
        self.values = dict(values or {})
        self.calls = 0
        self.timeouts_seen = []

    def get_features(self, entity_id, names, timeout_s):
        self.calls += 1
        self.timeouts_seen.append(timeout_s)
        if self.latency_s > timeout_s:
            self.clock.advance(timeout_s)
            raise StoreTimeout(f"no answer within {timeout_s * 1000:.0f} ms")
        self.clock.advance(self.latency_s)
        if self.error is not None:
            raise self.error
        out = {}
        for i, name in enumerate(names):
            if name not in self.missing:
                out[name] = self.values.get(name, float((hash_id(entity_id) + i) % 7))
        return out


def hash_id(entity_id):
    return sum(ord(c) for c in str(entity_id))
