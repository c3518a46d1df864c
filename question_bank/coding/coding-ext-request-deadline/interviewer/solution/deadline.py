"""An end-to-end deadline: set once when a request arrives, read by every step after it."""

from __future__ import annotations

import time
from collections.abc import Callable


class Deadline:
    def __init__(self, budget_s: float, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.budget_s = budget_s
        self.at = clock() + budget_s

    def remaining(self) -> float:
        """Seconds left, never negative: pass this as the timeout of the next call."""
        return max(0.0, self.at - self.clock())

    def expired(self) -> bool:
        return self.clock() >= self.at
