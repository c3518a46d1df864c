"""Ranking endpoint handler with shadow scoring of a candidate model.

The primary path is unchanged: rank, respond. Shadow work happens off the request path:
  - a request is sampled by a stable hash of its user id, so the same users are compared all the
    time (and a user's experience of the logs is consistent);
  - sampled requests are put on a BOUNDED queue without blocking; when the queue is full the
    shadow work is dropped and counted, never waited for;
  - worker threads run the candidate with its own timeout, catch everything, and log request id,
    user id, features version, both rankings and both model versions (or the candidate's error);
  - `configure_shadow(enabled=..., sample_rate=...)` switches it at runtime (wire it to the
    feature-flag service); disabled means not even the sampling hash runs.
"""
import hashlib
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from models import FEATURES_VERSION


def in_sample(user_id, rate, salt="shadow-ranker-v7"):
    if rate <= 0:
        return False
    h = int.from_bytes(hashlib.sha256(f"{salt}:{user_id}".encode()).digest()[:8], "big")
    return h / 2**64 < rate


class RankingService:
    def __init__(self, primary, logger, candidate=None, *, enabled=True, sample_rate=0.05,
                 shadow_timeout_s=0.25, max_queue=100, workers=2):
        self.primary = primary
        self.logger = logger
        self.candidate = candidate
        self.enabled = enabled
        self.sample_rate = sample_rate
        self.shadow_timeout_s = shadow_timeout_s
        self.stats = {"queued": 0, "dropped": 0, "logged": 0, "errors": 0, "timeouts": 0}
        self._stats_lock = threading.Lock()
        self._queue = queue.Queue(maxsize=max_queue)
        self._runner = ThreadPoolExecutor(max_workers=workers * 2, thread_name_prefix="shadow-model")
        self._workers = [threading.Thread(target=self._work, daemon=True, name=f"shadow-{i}") for i in range(workers)]
        for w in self._workers:
            w.start()

    def configure_shadow(self, enabled=None, sample_rate=None):
        if enabled is not None:
            self.enabled = bool(enabled)
        if sample_rate is not None:
            self.sample_rate = float(sample_rate)

    def handle(self, request):
        items = self.primary.rank(request["features"])
        response = {"request_id": request["request_id"], "items": items, "model_version": self.primary.version}
        try:
            if self.enabled and self.candidate is not None and in_sample(request.get("user_id", ""), self.sample_rate):
                self._queue.put_nowait((request, list(items)))
                self._count("queued")
        except queue.Full:
            self._count("dropped")
        except Exception:  # the shadow path must never reach the caller
            self._count("errors")
        return response

    def flush(self, timeout_s=5.0):
        """Wait until queued shadow work is done (for tests and shutdown). True if drained."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0:
                return True
            time.sleep(0.005)
        return False

    def _count(self, key):
        with self._stats_lock:
            self.stats[key] += 1

    def _work(self):
        while True:
            request, primary_items = self._queue.get()
            try:
                self._shadow(request, primary_items)
            except Exception:
                self._count("errors")
            finally:
                self._queue.task_done()

    def _shadow(self, request, primary_items):
        event = {"request_id": request["request_id"], "user_id": request.get("user_id"),
                 "features_version": FEATURES_VERSION, "primary_version": self.primary.version,
                 "candidate_version": getattr(self.candidate, "version", None),
                 "primary": primary_items, "candidate": None, "candidate_error": None}
        started = time.monotonic()
        future = self._runner.submit(self.candidate.rank, request["features"])
        try:
            event["candidate"] = future.result(timeout=self.shadow_timeout_s)
        except FutureTimeout:
            event["candidate_error"] = f"timeout after {self.shadow_timeout_s:.2f} s"
            self._count("timeouts")
        except Exception as exc:
            event["candidate_error"] = f"{type(exc).__name__}: {exc}"
            self._count("errors")
        event["candidate_ms"] = round((time.monotonic() - started) * 1000, 1)
        self.logger.log(event)  # a failing log client raises here and is counted by _work
        self._count("logged")
