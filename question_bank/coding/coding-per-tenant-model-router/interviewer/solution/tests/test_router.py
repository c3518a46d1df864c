from fake_store import FakeArtifactStore
from router import ModelRouter

CATALOG = {"global": {"size_mb": 100, "created_at": "2026-11-28T00:00:00"},
           "tenants": [{"tenant": "t001", "size_mb": 50, "created_at": "2026-11-20T00:00:00"},
                       {"tenant": "t002", "size_mb": 50, "created_at": "2026-11-20T00:00:00"}]}


def test_tenant_model_answers():
    router = ModelRouter(FakeArtifactStore(CATALOG))
    assert router.predict("t001", {"x": 1.0})["model"] == "tenant:t001"


def test_unknown_tenant_gets_global():
    router = ModelRouter(FakeArtifactStore(CATALOG))
    assert router.predict("t999", {"x": 1.0})["model"] == "global"


def test_router_starts_without_loading_tenants():
    store = FakeArtifactStore(CATALOG)
    ModelRouter(store)
    assert sum(store.loads.values()) == 0
