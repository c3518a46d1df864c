"""Client for the analytics log (in memory here). `fail` makes every call raise."""
import threading


class LogClient:
    def __init__(self, fail=False):
        self.events = []
        self.fail = fail
        self._lock = threading.Lock()

    def log(self, event):
        if self.fail:
            raise ConnectionError("log endpoint unavailable")
        with self._lock:
            self.events.append(dict(event))
