"""Which model version answers a request: a pin if the caller sent one, else a stable bucket."""

from __future__ import annotations

import hashlib


class UnknownVersion(LookupError):
    pass


def bucket(key: str) -> float:
    """A number in [0, 100) that depends only on the key: the same in every process and pod.

    Python's hash() is salted per process, so it would move customers between versions on
    every restart.
    """
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 / 100


class Router:
    """The first version is the stable one; the second, if any, gets `rollout_percent`."""

    def __init__(self, versions: list[str], rollout_percent: float = 0):
        if not versions:
            raise ValueError("at least one model version is needed")
        if not 0 <= rollout_percent <= 100:
            raise ValueError(f"rollout_percent must be from 0 to 100, got {rollout_percent}")
        if rollout_percent and len(versions) < 2:
            raise ValueError("a rollout needs a second version")
        self.versions = list(versions)
        self.stable = self.versions[0]
        self.new = self.versions[1] if len(self.versions) > 1 else None
        self.rollout_percent = rollout_percent

    def choose(self, customer_id: str | None, pinned: str | None) -> str:
        if pinned:
            if pinned not in self.versions:
                raise UnknownVersion(pinned)
            return pinned
        if customer_id and self.new and bucket(customer_id) < self.rollout_percent:
            return self.new
        # No routing key (every caller from before the rollout): the stable version, as today.
        return self.stable
