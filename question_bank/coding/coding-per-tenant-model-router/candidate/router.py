"""Demand model router: one model per retail tenant, with a global fallback."""
from fake_store import ArtifactMissing


class ModelRouter:
    def __init__(self, store, memory_budget_mb=4096, max_age_days=30, clock=None):
        self.store = store
        self.global_model = store.load_global()
        self.models = {}
        for tenant in store.tenants:  # warm everything at startup
            try:
                self.models[tenant] = store.load(tenant)
            except ArtifactMissing:
                pass

    def predict(self, tenant, features):
        model = self.models.get(tenant, self.global_model)
        return {"prediction": model.predict(features), "model": model.name}

    def loaded_tenants(self):
        return set(self.models)
