"""Hidden tests: lazy loading, LRU eviction under a budget, fallbacks (missing, corrupt, stale),
single load under concurrency, and responses naming the model."""
import datetime as dt
import threading

from fake_store import FakeArtifactStore
from router import ModelRouter

NOW = dt.datetime(2026, 12, 1)


def catalog(*tenants, global_mb=100):
    return {"global": {"size_mb": global_mb, "created_at": "2026-11-28T00:00:00"},
            "tenants": [dict({"created_at": "2026-11-20T00:00:00"}, **t) for t in tenants]}


def router(store, **kw):
    kw.setdefault("clock", lambda: NOW)
    return ModelRouter(store, **kw)


def test_nothing_is_loaded_at_startup():
    store = FakeArtifactStore()
    r = router(store)
    assert sum(store.loads.values()) == 0
    assert r.predict("t001", {"x": 1})["model"] == "tenant:t001"
    r.predict("t001", {"x": 2})
    assert store.loads["t001"] == 1


def test_lru_eviction_keeps_within_budget():
    store = FakeArtifactStore(catalog({"tenant": "a", "size_mb": 400}, {"tenant": "b", "size_mb": 400},
                                      {"tenant": "c", "size_mb": 400}))
    r = router(store, memory_budget_mb=1000)  # 100 MB of it is the global model
    r.predict("a", {})
    r.predict("b", {})
    r.predict("a", {})  # a is now the most recently used
    assert r.predict("c", {})["model"] == "tenant:c"
    assert r.loaded_tenants() == {"a", "c"}
    r.predict("b", {})
    assert store.loads["b"] == 2
    assert len(r.loaded_tenants()) == 2


def test_missing_model_falls_back_to_global():
    r = router(FakeArtifactStore())
    assert r.predict("t005", {"x": 1})["model"] == "global"


def test_corrupt_model_falls_back_to_global_and_router_keeps_serving():
    r = router(FakeArtifactStore())
    assert r.predict("t017", {"x": 1})["model"] == "global"
    assert r.predict("t018", {"x": 1})["model"] == "tenant:t018"


def test_stale_model_falls_back_to_global():
    store = FakeArtifactStore(catalog({"tenant": "old", "size_mb": 50, "created_at": "2026-10-01T00:00:00"},
                                      {"tenant": "new", "size_mb": 50, "created_at": "2026-11-25T00:00:00"}))
    r = router(store)
    assert r.predict("old", {})["model"] == "global"
    assert r.predict("new", {})["model"] == "tenant:new"


def test_concurrent_requests_for_an_unloaded_tenant_trigger_one_load():
    store = FakeArtifactStore(catalog({"tenant": "a", "size_mb": 50}), )
    store.load_seconds = 0.3
    r = router(store)
    results = []
    start = threading.Barrier(4)

    def call():
        start.wait()
        results.append(r.predict("a", {"x": 1})["model"])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert store.loads["a"] == 1
    assert len(results) == 4 and set(results) <= {"tenant:a", "global"}
