"""Fake artifact store: declared sizes, no real files, deterministic.

- `metadata(tenant)` -> {"size_mb", "created_at" (datetime)} or raises ArtifactMissing.
- `load(tenant)` -> a model with `.predict(features)` and `.name`; takes `load_seconds`;
  raises ArtifactMissing or ArtifactCorrupt (a half-uploaded file).
- `load_global()` -> the global model.
- `loads` counts load() calls per tenant, so tests can see double loads.
"""
import datetime as dt
import json
import threading
import time
from collections import Counter
from pathlib import Path


class ArtifactMissing(Exception):
    pass


class ArtifactCorrupt(Exception):
    pass


class FakeModel:
    def __init__(self, name, size_mb, bias):
        self.name, self.size_mb, self.bias = name, size_mb, bias

    def predict(self, features):
        return round(self.bias + 0.1 * sum(features.values()), 4)


class FakeArtifactStore:
    def __init__(self, catalog=None, load_seconds=0.0):
        if catalog is None:
            catalog = json.loads((Path(__file__).parent / "data" / "tenants.json").read_text())
        self.global_meta = catalog["global"]
        self.tenants = {t["tenant"]: t for t in catalog["tenants"]}
        self.load_seconds = load_seconds
        self.loads = Counter()
        self._lock = threading.Lock()

    def metadata(self, tenant):
        t = self.tenants.get(tenant)
        if t is None or t.get("missing"):
            raise ArtifactMissing(tenant)
        return {"size_mb": t["size_mb"], "created_at": dt.datetime.fromisoformat(t["created_at"])}

    def load(self, tenant):
        with self._lock:
            self.loads[tenant] += 1
        time.sleep(self.load_seconds)
        t = self.tenants.get(tenant)
        if t is None or t.get("missing"):
            raise ArtifactMissing(tenant)
        if t.get("corrupt"):
            raise ArtifactCorrupt(f"{tenant}: truncated artifact")
        return FakeModel(f"tenant:{tenant}", t["size_mb"], bias=(sum(map(ord, tenant)) % 100) / 1000)

    def load_global(self):
        return FakeModel("global", self.global_meta["size_mb"], bias=0.5)
