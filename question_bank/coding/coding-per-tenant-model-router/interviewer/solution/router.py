"""Demand model router (reference solution).

- Nothing loads at startup except the global model.
- A tenant model loads on its first request. Concurrent requests for the same unloaded tenant
  share one load (a per-tenant future); other tenants are not blocked meanwhile.
- Memory: declared sizes (from metadata, before loading) are accounted in an LRU; enough
  least-recently-used models are evicted *before* a load so the budget is never exceeded.
- Fallback to the global model when the tenant's artifact is missing, older than
  max_age_days, failed to load (remembered for `retry_after_s`), or larger than the budget.
  Every response says which model answered and why.
"""
import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future

from fake_store import ArtifactCorrupt, ArtifactMissing

log = logging.getLogger("router")


class ModelRouter:
    def __init__(self, store, memory_budget_mb=4096, max_age_days=30, clock=None, retry_after_s=300):
        self.store = store
        self.global_model = store.load_global()
        self.budget_mb = memory_budget_mb - store.global_meta["size_mb"]
        self.max_age = dt.timedelta(days=max_age_days)
        self.clock = clock or dt.datetime.now
        self.retry_after_s = retry_after_s
        self._lock = threading.Lock()
        self._models = OrderedDict()   # tenant -> (model, size_mb), LRU order
        self._loading = {}             # tenant -> Future
        self._failed = {}              # tenant -> (monotonic time, reason)
        self._used_mb = 0

    # -- public --------------------------------------------------------------------------
    def predict(self, tenant, features):
        model, reason = self._model_for(tenant)
        if model is None:
            return {"prediction": self.global_model.predict(features), "model": "global", "reason": reason}
        return {"prediction": model.predict(features), "model": model.name, "reason": "tenant model"}

    def loaded_tenants(self):
        with self._lock:
            return set(self._models)

    def used_mb(self):
        with self._lock:
            return self._used_mb

    # -- internals -----------------------------------------------------------------------
    def _model_for(self, tenant):
        with self._lock:
            if tenant in self._models:
                self._models.move_to_end(tenant)
                return self._models[tenant][0], "tenant model"
            failed = self._failed.get(tenant)
            if failed and time.monotonic() - failed[0] < self.retry_after_s:
                return None, failed[1]
            future = self._loading.get(tenant)
            owner = future is None
            if owner:
                future = self._loading[tenant] = Future()
        if owner:
            self._load(tenant, future)
        return future.result()

    def _load(self, tenant, future):
        try:
            result = self._try_load(tenant)
        except Exception as exc:  # never leave waiters hanging
            log.exception("unexpected error loading %s", tenant)
            result = (None, f"load failed: {type(exc).__name__}")
        with self._lock:
            self._loading.pop(tenant, None)
            if result[0] is None and not result[1].startswith("stale"):
                self._failed[tenant] = (time.monotonic(), result[1])
        future.set_result(result)

    def _try_load(self, tenant):
        try:
            meta = self.store.metadata(tenant)
        except ArtifactMissing:
            return None, "no tenant model"
        if self.clock() - meta["created_at"] > self.max_age:
            return None, f"stale: tenant model is older than {self.max_age.days} days"
        size = meta["size_mb"]
        if size > self.budget_mb:
            return None, "tenant model larger than the memory budget"
        with self._lock:
            while self._used_mb + size > self.budget_mb and self._models:
                evicted, (_, evicted_size) = self._models.popitem(last=False)
                self._used_mb -= evicted_size
                log.info("evicted %s (%d MB)", evicted, evicted_size)
            self._used_mb += size  # reserve before loading so parallel loads cannot overshoot
        try:
            model = self.store.load(tenant)
        except (ArtifactMissing, ArtifactCorrupt) as exc:
            with self._lock:
                self._used_mb -= size
            return None, f"load failed: {type(exc).__name__}"
        with self._lock:
            self._models[tenant] = (model, size)
        return model, "tenant model"
